# Loaded by prepare.sh together with prepare.awk (one awk process). prepare.awk hands each file's rewritten lines
# to rw_file() once the whole file is read; this scans them as one text, so it can look past the end of a line, and
# rewrites a few newer C# constructs that mcs (C# 7.2) rejects. Outside string literals, char literals and comments
# only, and without adding or removing a line (every later line keeps its number):
# - the null-forgiving operator (C# 8): "x!", "x!.y", "f()!" -> the "!" becomes a space;
# - nullable annotations (C# 8) on reference types: "Node? next", "List<int>? xs", "int[]? a" -> the "?" becomes a
#   space, for "T[]", the classes, interfaces and records declared in the submitted files (rw_class, filled by
#   prepare.awk's first pass) and common reference types of the class library (rw_ref below); never on a struct;
# - deconstruction in foreach (C# 7, which mcs lacks) with a braced body: "foreach (var (k, v) in xs) {" ->
#   "foreach (var __kdN in xs) { var (k, v) = __KeratKvF.D(__kdN);", D() turning a KeyValuePair into a tuple (a
#   class on its own line after the file's last line);
# - collection expressions (C# 12): "[a, b]" where an expression starts (after "=", "(", ",", "=>", "return",
#   "?", ":", "{", or inside another one) and is followed by ",", ")", ";", "}" or "]" (so attributes and index
#   initialisers "{ [k] = v }" are left alone), without a spread "..":
#   in a declaration "T[] x = [...]" -> "new T[] {...}", "List<T> x = [...]" (and IEnumerable, IList,
#   IReadOnlyList, ICollection, IReadOnlyCollection -> List; ISet -> HashSet; other named types as they are),
#   nested ones take the element type ("int[][] x = [[1], [2]]"); elsewhere "new[] {...}" (the type of the
#   elements); an empty "[]" whose type is not written there becomes "new __KeratEmptyN()", an object of a class
#   appended on the file's last line that converts itself implicitly to the common arrays, lists, sets and
#   dictionaries (empty). What a rewrite cannot type stays a compile error, as before: nothing that mcs accepted
#   is changed (each construct is a syntax error in C# 7.2).
BEGIN {
    rw_nref = split("List Dictionary HashSet SortedSet SortedDictionary SortedList Queue Stack LinkedList LinkedListNode IEnumerable IEnumerator IList ICollection IDictionary IReadOnlyList IReadOnlyCollection IReadOnlyDictionary ISet Func Action Task Lazy Tuple Predicate Comparison IComparer IEqualityComparer Exception ArgumentException InvalidOperationException Random StringBuilder Regex Match Type Stream TextReader TextWriter Array Delegate Thread Uri Version CancellationTokenSource IDisposable object string dynamic", rw_refl, " ")
    for (rw_k = 1; rw_k <= rw_nref; rw_k++) rw_ref[rw_refl[rw_k]] = 1
    rw_conv = "int[] long[] string[] char[] double[] bool[] object[] byte[] decimal[] float[] int[][] long[][] string[][] char[][] bool[][] " \
        "List<int> List<long> List<string> List<char> List<double> List<bool> List<object> List<int[]> List<string[]> List<List<int>> List<List<string>> " \
        "HashSet<int> HashSet<string> HashSet<char> HashSet<long> " \
        "Dictionary<string,int> Dictionary<string,string> Dictionary<int,int> Dictionary<char,int> Dictionary<string,string[]> Dictionary<string,List<string>> Dictionary<int,string>"
}
# Collects the names of reference types declared in a line (prepare.awk's first pass).
function rw_types(line,    s, nm) {
    s = line
    while (match(s, /(class|interface|record)[ \t]+[A-Za-z_][A-Za-z0-9_]*/)) {
        nm = substr(s, RSTART, RLENGTH)
        s = substr(s, RSTART + RLENGTH)
        if (nm ~ /^record/ && s ~ /^[ \t]*struct/) continue
        sub(/^(class|interface|record)[ \t]+/, "", nm)
        if (nm != "struct") rw_class[nm] = 1
    }
}
function rw_isref(nm) {
    return (nm in rw_class) || (nm in rw_ref)
}
function rw_idch(c) {
    return c ~ /[A-Za-z0-9_]/
}
# Index just past the literal or comment starting at i, or 0 when none starts there.
function rw_skip(i,    c, d, e, depth, interp) {
    c = substr(T, i, 1)
    d = substr(T, i + 1, 1)
    if (c == "/" && d == "/") {
        e = index(substr(T, i), "\n")
        return e ? i + e - 1 : TL + 1
    }
    if (c == "/" && d == "*") {
        e = index(substr(T, i + 2), "*/")
        return e ? i + 2 + e + 1 : TL + 1
    }
    if (c == "'") {
        i++
        if (substr(T, i, 1) == "\\") i += 2; else i++
        while (i <= TL && substr(T, i, 1) != "'" && substr(T, i, 1) != "\n") i++
        return i + 1
    }
    if (c == "\"" && substr(T, i, 3) == "\"\"\"") {
        e = index(substr(T, i + 3), "\"\"\"")
        return e ? i + 3 + e + 2 : TL + 1
    }
    if ((c == "@" && d == "\"") || (c == "@" && d == "$" && substr(T, i + 2, 1) == "\"") || (c == "$" && d == "@" && substr(T, i + 2, 1) == "\"")) {
        i += (d == "\"") ? 2 : 3
        while (i <= TL) {
            c = substr(T, i, 1)
            if (c == "\"") {
                if (substr(T, i + 1, 1) == "\"") { i += 2; continue }
                return i + 1
            }
            i++
        }
        return i
    }
    if (c == "\"" || (c == "$" && d == "\"")) {
        interp = (c == "$")
        i += interp ? 2 : 1
        depth = 0
        while (i <= TL) {
            c = substr(T, i, 1)
            if (c == "\\" && depth == 0) { i += 2; continue }
            if (c == "\n" && depth == 0) return i
            if (c == "{" && interp) {
                if (substr(T, i + 1, 1) == "{" && depth == 0) { i += 2; continue }
                depth++
            } else if (c == "}" && depth > 0) {
                depth--
            } else if (c == "\"" && depth > 0) {
                e = rw_skip(i)
                i = e
                continue
            } else if (c == "\"") {
                return i + 1
            }
            i++
        }
        return i
    }
    return 0
}
# The index of the "]" closing the "[" at i (0 if none), skipping literals and comments.
function rw_close(i,    depth, c, e) {
    depth = 0
    while (i <= TL) {
        e = rw_skip(i)
        if (e) { i = e; continue }
        c = substr(T, i, 1)
        if (c == "[") depth++
        else if (c == "]" && --depth == 0) return i
        i++
    }
    return 0
}
# The index of the ")" closing the "(" at i (0 if none), skipping literals and comments.
function rw_close_paren(i,    depth, c, e) {
    depth = 0
    while (i <= TL) {
        e = rw_skip(i)
        if (e) { i = e; continue }
        c = substr(T, i, 1)
        if (c == "(") depth++
        else if (c == ")" && --depth == 0) return i
        i++
    }
    return 0
}
# The index of the first character after i that is not blank or in a comment (0 if none).
function rw_nextpos(i,    c) {
    while (i <= TL) {
        c = substr(T, i, 1)
        if (c ~ /[ \t\r\n]/) { i++; continue }
        if (c == "/" && (substr(T, i + 1, 1) == "/" || substr(T, i + 1, 1) == "*")) { i = rw_skip(i); continue }
        return i
    }
    return 0
}
# The first character after i that is not blank or in a comment.
function rw_next(i,    c, e) {
    while (i <= TL) {
        c = substr(T, i, 1)
        if (c ~ /[ \t\r\n]/) { i++; continue }
        if (c == "/" && (substr(T, i + 1, 1) == "/" || substr(T, i + 1, 1) == "*")) { i = rw_skip(i); continue }
        return c
    }
    return ""
}
# The declared type in "TYPE NAME =" ending the statement text s, or "".
function rw_decltype(s,    t, j, c, depth) {
    if (s !~ /[A-Za-z0-9_>\]][ \t\r\n]+[A-Za-z_][A-Za-z0-9_]*[ \t\r\n]*=[ \t\r\n]*$/) return ""
    sub(/[ \t\r\n]*=[ \t\r\n]*$/, "", s)
    sub(/[A-Za-z_][A-Za-z0-9_]*$/, "", s)
    sub(/[ \t\r\n]+$/, "", s)
    j = length(s)
    while (j > 1 && substr(s, j, 1) == "]") {
        while (j > 1 && substr(s, j, 1) != "[") j--
        j--
    }
    if (substr(s, j, 1) == ">") {
        depth = 0
        while (j >= 1) {
            c = substr(s, j, 1)
            if (c == ">") depth++
            else if (c == "<" && --depth == 0) break
            j--
        }
        j--
    }
    while (j >= 1 && substr(s, j, 1) ~ /[A-Za-z0-9_.]/) j--
    t = substr(s, j + 1)
    if (t !~ /^[A-Za-z_]/ || t ~ /^(return|var|new|in|out|ref|else|case|yield|await|using|const)([^A-Za-z0-9_]|$)/) return ""
    if (j >= 1 && substr(s, j, 1) !~ /[ \t\r\n(,]/) return ""
    return t
}
# "new ... {" for a collection of type t ("" = unknown), and the element type it gives to nested ones (rw_elem).
function rw_open(t, empty,    nm, args) {
    rw_elem = ""
    if (t ~ /\]$/) {
        rw_elem = t
        sub(/\[[ ,]*\]$/, "", rw_elem)
        return "new " t " {"
    }
    if (t ~ /^[A-Za-z_][A-Za-z0-9_.]*<.*>$/) {
        nm = t; sub(/<.*$/, "", nm); sub(/^.*\./, "", nm)
        args = t; sub(/^[^<]*</, "", args); sub(/>$/, "", args)
        if (args !~ /,/ || args ~ /[<(]/) rw_elem = args
        if (nm ~ /^(IEnumerable|IList|IReadOnlyList|ICollection|IReadOnlyCollection)$/) return "new System.Collections.Generic.List<" args "> {"
        if (nm ~ /^(ISet|IReadOnlySet)$/) return "new System.Collections.Generic.HashSet<" args "> {"
        if (nm ~ /^(Span|ReadOnlySpan|ImmutableArray)$/) return ""
        return "new " t " {"
    }
    if (t != "") return "new " t " {"
    return empty ? "" : "new[] {"
}
function rw_emit(s,    n, k, parts) {
    n = split(s, parts, "\n")
    rw_line = rw_line parts[1]
    for (k = 2; k <= n; k++) {
        rw_out[++rw_n] = rw_line
        rw_line = parts[k]
    }
}
# Rewrites lines[1..n] in place; file number fi names the helper class, which goes on a line of its own after the
# last one. Returns the new number of lines.
function rw_file(lines, n, fi,    i, j, c, e, prev, pw, ws, stmt, seg, t, open, cl, nx, empty, helper, sp, nm, depth, kv) {
    T = ""
    for (i = 1; i <= n; i++) T = T lines[i] (i < n ? "\n" : "")
    if (T !~ /[!?[]/) return n
    TL = length(T)
    rw_n = 0; rw_line = ""
    prev = ""; pw = ""; ws = 0; stmt = 1; helper = 0; sp = 0
    delete rw_close_at; delete rw_ctype; delete rw_after
    i = 1
    while (i <= TL) {
        e = rw_skip(i)
        if (e) {
            rw_emit(substr(T, i, e - i))
            if (substr(T, i, 1) == "/") ws = 1
            else { prev = "\""; pw = ""; ws = 0 }
            i = e
            continue
        }
        c = substr(T, i, 1)
        if (c ~ /[ \t\r\n]/) { rw_emit(c); ws = 1; i++; continue }
        if (c == "!" && i > 1 && substr(T, i - 1, 1) ~ /[A-Za-z0-9_)\]]/ && substr(T, i + 1, 1) != "=") {
            rw_emit(" "); prev = ")"; ws = 0; i++; continue
        }
        if (c == "?" && i > 1 && !ws && rw_nullable(i)) {
            rw_emit(" "); ws = 1; i++; continue
        }
        if (i in rw_close_at) {
            rw_emit(rw_close_at[i]); prev = "]"; pw = ""; ws = 0; i++; sp--
            continue
        }
        if (c == "f" && !rw_idch(prev) && substr(T, i, 7) == "foreach" && match(substr(T, i, 300), /^foreach[ \t]*\([ \t]*var[ \t]*\([ \t]*[A-Za-z_][A-Za-z0-9_]*([ \t]*,[ \t]*[A-Za-z_][A-Za-z0-9_]*)+[ \t]*\)[ \t]+in[ \t]/)) {
            seg = substr(T, i, RLENGTH)
            j = rw_close_paren(i + index(seg, "(") - 1)
            e = j ? rw_nextpos(j + 1) : 0
            if (e && substr(T, e, 1) == "{") {
                nm = seg; sub(/^foreach[ \t]*\([ \t]*var[ \t]*/, "", nm); sub(/[ \t]+in[ \t]$/, "", nm)
                rw_kd++
                kv = 1
                rw_after[e] = " var " nm " = __KeratKv" fi ".D(__kd" rw_kd ");"
                rw_emit("foreach (var __kd" rw_kd " in ")
                i += RLENGTH; prev = "n"; pw = "in"; ws = 1
                continue
            }
        }
        if (c == "[" && (prev ~ /^[=(,{>:[]$/ || (prev == "?" && ws) || (pw ~ /^(return|in)$/))) {
            j = rw_close(i)
            nx = j ? rw_next(j + 1) : ""
            if (j && nx ~ /^[,);}\]]$/ && index(substr(T, i, j - i), "..") == 0) {
                empty = substr(T, i + 1, j - i - 1) ~ /^[ \t\r\n]*$/
                t = ""
                if (sp > 0 && prev ~ /^[[,]$/) t = rw_ctype[sp]
                else if (prev == "=") {
                    seg = substr(T, stmt, i - stmt + 1)
                    sub(/\[$/, "", seg)
                    t = rw_decltype(seg)
                }
                open = rw_open(t, empty)
                if (open == "" && empty) {
                    helper = 1
                    rw_emit("new __KeratEmpty" fi "()")
                    seg = substr(T, i + 1, j - i - 1); gsub(/[^\n]/, "", seg); rw_emit(seg)
                    i = j + 1; prev = ")"; pw = ""; ws = 0
                    continue
                }
                if (open != "") {
                    rw_emit(open)
                    rw_close_at[j] = "}"
                    rw_ctype[++sp] = rw_elem
                    prev = "["; pw = ""; ws = 0; i++
                    continue
                }
            }
        }
        rw_emit(c)
        if (i in rw_after) rw_emit(rw_after[i])
        if (rw_idch(c)) {
            pw = (rw_idch(prev) && !ws) ? pw c : c
        } else {
            pw = ""
        }
        if (c == ";" || c == "{" || c == "}") stmt = i + 1
        prev = c; ws = 0
        i++
    }
    rw_out[++rw_n] = rw_line
    if (helper) {
        rw_line = "internal sealed class __KeratEmpty" fi " {"
        cl = split(rw_conv, rw_cl, " ")
        for (j = 1; j <= cl; j++) {
            nm = rw_cl[j]
            t = nm; sub(/\[\]$/, "[0]", t)
            if (t == nm) t = nm "()"
            else if (nm ~ /\]\[\]$/) { t = nm; sub(/\[\]\[\]$/, "[0][]", t) }
            rw_line = rw_line " public static implicit operator " nm "(__KeratEmpty" fi " e) { return new " t "; }"
        }
        rw_out[++rw_n] = rw_line " }"
    }
    if (kv) {
        rw_out[++rw_n] = "internal static class __KeratKv" fi " { public static System.ValueTuple<K, V> D<K, V>(System.Collections.Generic.KeyValuePair<K, V> kv) { return new System.ValueTuple<K, V>(kv.Key, kv.Value); } public static T D<T>(T x) { return x; } }"
    }
    for (i = 1; i <= rw_n; i++) lines[i] = rw_out[i]
    return rw_n
}
# At the "?" at i: is it a nullable annotation on a reference type, followed by a declared name or a closing token?
function rw_nullable(i,    j, c, depth, nm, after) {
    j = i - 1
    c = substr(T, j, 1)
    if (c == "]") {
        if (substr(T, j - 1, 1) != "[" && substr(T, j - 1, 1) != ",") return 0
    } else if (c == ">") {
        depth = 0
        while (j >= 1) {
            c = substr(T, j, 1)
            if (c == ">") depth++
            else if (c == "<" && --depth == 0) break
            else if (c ~ /[;{}=]/) return 0
            j--
        }
        j--
        nm = ""
        while (j >= 1 && rw_idch(substr(T, j, 1))) { nm = substr(T, j, 1) nm; j-- }
        if (!rw_isref(nm)) return 0
    } else {
        nm = ""
        while (j >= 1 && rw_idch(substr(T, j, 1))) { nm = substr(T, j, 1) nm; j-- }
        if (substr(T, j, 1) == ".") return 0
        if (!rw_isref(nm)) return 0
    }
    after = substr(T, i + 1, 200)
    return after ~ /^[ \t]+@?[A-Za-z_][A-Za-z0-9_]*[ \t\r\n]*([=;,){(]|$)/ || after ~ /^[>,)\[]/
}
