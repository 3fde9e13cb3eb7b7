# Sourced by compile.sh and test-compile.sh with the .cs files as "$@"; replaces them with rewritten copies under
# /tmp/kerat-src. mcs (Mono 6.8) knows C# up to about 7; code written for the .NET SDK 6+ templates relies on a few
# newer things that a rewrite can provide without moving any line (a "#line 1" directive keeps every line
# number and file name in compiler errors and stack traces as in the submitted file):
# - implicit usings: System, System.Collections.Generic, System.IO, System.Linq, System.Threading,
#   System.Threading.Tasks (the SDK's ImplicitUsings set without System.Net.Http) and, in tests mode, Xunit (the
#   xunit template's "global using Xunit;"); all on one line before "#line 1";
# - "global using X;" lines of any file apply to every file (the line itself becomes a comment);
# - a file-scoped "namespace X;" becomes "namespace X {" with a "}" appended at the end;
# - "#nullable ..." directives are blanked.
# KERAT_IMPLICIT_USINGS may add namespaces (set by the caller).
if [ $# -eq 0 ]; then echo "no .cs files were submitted" >&2; exit 1; fi
kerat_usings="using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Threading; using System.Threading.Tasks; $KERAT_IMPLICIT_USINGS"
kerat_globals=$(sed -n -e '1s/^\xef\xbb\xbf//' -e 's/^[[:space:]]*global[[:space:]][[:space:]]*\(using[[:space:]].*;\)[[:space:]]*\(\/\/.*\)\{0,1\}$/\1/p' "$@" | tr '\n' ' ')
kerat_n=$#
for kerat_f do
  kerat_out="/tmp/kerat-src/$kerat_f"
  mkdir -p "${kerat_out%/*}" || exit 1
  sed -e '1s/^\xef\xbb\xbf//' "$kerat_f" | awk -v usings="$kerat_usings $kerat_globals" -v name="$kerat_f" '
    BEGIN { gsub(/"/, "_", name); print usings; print "#line 1 \"/workspace/" name "\"" }
    {
      line = $0
      if (!ns && line ~ /^[ \t]*namespace[ \t]+[A-Za-z_@][A-Za-z0-9_.]*[ \t]*;[ \t]*(\/\/.*)?\r?$/) {
        sub(/;/, " {", line); ns = 1
      } else if (line ~ /^[ \t]*global[ \t]+using[ \t]/) {
        line = "// " line
      } else if (line ~ /^[ \t]*#[ \t]*nullable/) {
        line = ""
      }
      print line
    }
    END { if (ns) print "}" }' > "$kerat_out" || exit 1
  set -- "$@" "$kerat_out"
done
shift "$kerat_n"
