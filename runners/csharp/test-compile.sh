# TESTS mode, compile stage: the submitted sources and the test files become one library, /kerat/build/tests.dll,
# compiled against Kerat's xUnit subset (xunit/*.cs: xUnit 2 and v3 APIs, a small FsCheck, Exercism's [Task]),
# which is the runner itself: /kerat/build/KeratXunit.exe. The image has it compiled already
# (/usr/local/lib/kerat/csharp, built by a recipe hook, with a copy of the sources it was built from); it is used
# when those sources equal the runner's, else it is compiled here. A compile error is status compile_error.
# Few processes on purpose: each one started costs about 0.1 s of CPU under gVisor's ptrace platform.
set -f
IFS=:
set --
for f in $KERAT_SOURCE_FILES $KERAT_TEST_FILES; do
  case "$f" in *.cs) set -- "$@" "$f" ;; esac
done
unset IFS
# The framework: KERAT_FRAMEWORK when the request names one (only "xunit" is accepted by the daemon), else
# prepare.awk detects it from the test files and names NUnit, MSTest or TUnit suites, which Kerat cannot run.
if [ -z "$KERAT_FRAMEWORK" ]; then KERAT_DETECT=1; fi
KERAT_IMPLICIT_USINGS="using Xunit; using ITestOutputHelper = Xunit.Abstractions.ITestOutputHelper;"
. /kerat/runner/prepare.sh
kerat_lib=/usr/local/lib/kerat/csharp
if diff -r -q /kerat/runner/xunit "$kerat_lib/xunit" >/dev/null 2>&1; then
  cp "$kerat_lib/KeratXunit.exe" /kerat/build/KeratXunit.exe || exit 1
else
  mcs -nologo -optimize+ -nowarn:105,414,649 -langversion:latest -r:System.Numerics.dll -r:Microsoft.CSharp.dll \
    -main:KeratXunit.Runner -out:/kerat/build/KeratXunit.exe /kerat/runner/xunit/FsCheck.cs \
    /kerat/runner/xunit/Runner.cs /kerat/runner/xunit/Xunit.cs /kerat/runner/xunit/XunitV3.cs || exit 1
fi
exec mcs -nologo -debug -nowarn:105 -optimize+ -langversion:latest -r:System.Numerics.dll -r:Microsoft.CSharp.dll \
  -r:/kerat/build/KeratXunit.exe -target:library -out:/kerat/build/tests.dll "$@"
