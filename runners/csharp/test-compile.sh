# TESTS mode, compile stage: the submitted sources, the test files and Kerat's xUnit subset (xunit/*.cs) in one
# assembly whose entry point is Kerat's runner (so a Main in the sources does not clash). A compile error here is
# reported as status compile_error with mcs's output.
set -f
IFS=:
set --
for f in $KERAT_SOURCE_FILES $KERAT_TEST_FILES; do
  case "$f" in *.cs) set -- "$@" "$f" ;; esac
done
unset IFS
KERAT_IMPLICIT_USINGS="using Xunit;"
. /kerat/runner/prepare.sh
exec mcs -nologo -debug -nowarn:105 -optimize+ -r:System.Numerics.dll -r:Microsoft.CSharp.dll \
  -main:KeratXunit.Runner -out:/kerat/build/tests.exe "$@" /kerat/runner/xunit/Xunit.cs /kerat/runner/xunit/Runner.cs
