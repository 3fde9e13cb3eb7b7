# sed -E script run by prepare.sh on every submitted .cs file: rewrites a few C# 8/9 constructs that mcs (C# 7.2)
# rejects into C# 7 with the same meaning. Each rule works within one line and never adds or removes a line.
# x is not null  ->  x != null
s/(^|[^A-Za-z0-9_.])is[[:space:]]+not[[:space:]]+null([^A-Za-z0-9_]|$)/\1!= null\2/g
# { get; init; }  ->  { get; set; }
s/([{;][[:space:]]*)init([[:space:]]*[;{=])/\1set\2/g
# nullable reference annotations on the built-in reference types: string? name, List<string?>, object?[]
s/(^|[^A-Za-z0-9_.])(string|object|dynamic)(\[\])?\?([[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*[=;,){(]|[>,)\[])/\1\2\3\4/g
s/(^|[^A-Za-z0-9_.])(string|object|dynamic)(\[\])?\?([[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*[=;,){(]|[>,)\[])/\1\2\3\4/g
s/(^|[^A-Za-z0-9_.])(string|object|dynamic)(\[\])?\?([[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*[=;,){(]|[>,)\[])/\1\2\3\4/g
# a statement  x ??= y;  ->  x = x ?? (y);
s/^([[:space:]]*)([A-Za-z_][A-Za-z0-9_.]*)[[:space:]]*\?\?=[[:space:]]*(.*);([[:space:]]*(\/\/.*)?)$/\1\2 = \2 ?? (\3);\4/
# target-typed new in a declaration:  List<int> xs = new();  ->  List<int> xs = new List<int>();
s/(^|[[:space:](,])([A-Z][A-Za-z0-9_.]*(<[^;="]*>)?(\[\])?)[[:space:]]+([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*new[[:space:]]*\(/\1\2 \5 = new \2(/g
# ... and in an auto-property initialiser:  List<int> Items { get; } = new();
s/(^|[[:space:](,])([A-Z][A-Za-z0-9_.]*(<[^;=()"]*>)?(\[\])?)[[:space:]]+([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*(\{[^}]*\})[[:space:]]*=[[:space:]]*new[[:space:]]*\(/\1\2 \5 \6 = new \2(/g
