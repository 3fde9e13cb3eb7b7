# Sourced by compile.sh and test-compile.sh with the .cs files as "$@"; replaces them with rewritten copies
# /tmp/kerat-src-<i>.cs. mcs (Mono 6.12) knows C# up to 7.2 (-langversion:latest; no local functions, no
# `case ... when`); code written for the .NET SDK 6+ templates relies on a few newer things that a rewrite can
# provide without moving any line (a "#line 1" directive keeps every line number and file name in compiler errors
# and stack traces as in the submitted file):
# - implicit usings: System, System.Collections.Generic, System.IO, System.Linq, System.Threading,
#   System.Threading.Tasks (the SDK's ImplicitUsings set without System.Net.Http) plus KERAT_IMPLICIT_USINGS (set by
#   test-compile.sh: Xunit and the ITestOutputHelper alias); all on one line before "#line 1";
# - "global using X;" lines of any file apply to every file (the line itself becomes a comment);
# - a file-scoped "namespace X;" becomes "namespace X {" with a "}" appended at the end;
# - "#nullable ..." directives are blanked (all this in prepare.awk, one process for all files);
# - rewrite.awk (same process): the null-forgiving "x!", nullable annotations on reference types ("Node? n") and
#   collection expressions ("int[] a = [1, 2]", "F([1, 2])", "[]") become C# 7;
# - modern.sed rewrites a few C# 8/9 constructs within their line (is not null, init, string?, ??=, new()), run
#   only when prepare.awk saw one of them.
# With KERAT_DETECT=1 (tests mode without a "framework"), prepare.awk also checks the test files' framework.
if [ $# -eq 0 ]; then echo "no .cs files were submitted" >&2; exit 1; fi
kerat_usings="using System; using System.Collections.Generic; using System.IO; using System.Linq; using System.Threading; using System.Threading.Tasks; $KERAT_IMPLICIT_USINGS"
awk -f /kerat/runner/prepare.awk -f /kerat/runner/rewrite.awk -v n=$# -v usings="$kerat_usings" -v tests="$KERAT_TEST_FILES" -v detect="${KERAT_DETECT:-0}" "$@" "$@"
kerat_rc=$?
kerat_n=$#
kerat_i=0
while [ $kerat_i -lt $kerat_n ]; do
  kerat_i=$((kerat_i + 1))
  set -- "$@" "/tmp/kerat-src-$kerat_i.cs"
done
shift "$kerat_n"
case $kerat_rc in
  0) ;;
  10) sed -E -i -f /kerat/runner/modern.sed "$@" || exit 1 ;;
  *) exit 1 ;;
esac
