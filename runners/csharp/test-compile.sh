# TESTS mode, compile stage: the submitted sources and the test files become one library, /kerat/build/tests.dll,
# compiled against Kerat's xUnit subset (xunit/*.cs: xUnit 2 and v3 APIs, a small FsCheck, Exercism's [Task]),
# which is the runner itself: /kerat/build/KeratXunit.exe. The image has it compiled already
# (/usr/local/lib/kerat/csharp, built by a recipe hook); it is used when its recorded SHA-256 matches the runner's
# sources, else it is compiled here. A compile error is reported as status compile_error with mcs's output.
set -f
IFS=:
set --
for f in $KERAT_SOURCE_FILES $KERAT_TEST_FILES; do
  case "$f" in *.cs) set -- "$@" "$f" ;; esac
done
unset IFS
# The framework: KERAT_FRAMEWORK when the request names one (only "xunit" is accepted), else detected from the
# test files. Suites for frameworks Kerat does not have get a clear message instead of a pile of mcs errors.
if [ -z "$KERAT_FRAMEWORK" ]; then
  kerat_tests=$(IFS=:; for f in $KERAT_TEST_FILES; do case "$f" in *.cs) [ -f "$f" ] && printf '%s\n' "$f" ;; esac; done)
  if [ -n "$kerat_tests" ]; then
    kerat_found=
    if printf '%s\n' "$kerat_tests" | tr '\n' '\0' | xargs -0 grep -l -E '^[[:space:]]*(global[[:space:]]+)?using[[:space:]]+Xunit[[:space:]]*;|\[(Fact|Theory)[](]' >/dev/null 2>&1; then
      :
    elif printf '%s\n' "$kerat_tests" | tr '\n' '\0' | xargs -0 grep -l -E 'using[[:space:]]+NUnit\.Framework|\[(TestFixture|Test|TestCase)[](]' >/dev/null 2>&1; then
      kerat_found=NUnit
    elif printf '%s\n' "$kerat_tests" | tr '\n' '\0' | xargs -0 grep -l -E 'Microsoft\.VisualStudio\.TestTools\.UnitTesting|\[TestMethod[](]' >/dev/null 2>&1; then
      kerat_found=MSTest
    elif printf '%s\n' "$kerat_tests" | tr '\n' '\0' | xargs -0 grep -l -E 'using[[:space:]]+TUnit' >/dev/null 2>&1; then
      kerat_found=TUnit
    fi
    if [ -n "$kerat_found" ]; then
      echo "the tests are written for $kerat_found, which Kerat's C# runner does not support: it runs xUnit tests (framework \"xunit\": [Fact], [Theory], Assert.*); NUnit and MSTest are not packaged in Debian" >&2
      exit 1
    fi
  fi
fi
KERAT_IMPLICIT_USINGS="using Xunit; using ITestOutputHelper = Xunit.Abstractions.ITestOutputHelper;"
. /kerat/runner/prepare.sh
kerat_lib=/usr/local/lib/kerat/csharp
kerat_src="/kerat/runner/xunit/Xunit.cs /kerat/runner/xunit/XunitV3.cs /kerat/runner/xunit/FsCheck.cs /kerat/runner/xunit/Runner.cs"
# shellcheck disable=SC2086
if [ -f "$kerat_lib/KeratXunit.exe" ] && [ "$(cat $kerat_src | sha256sum | cut -d' ' -f1)" = "$(cat "$kerat_lib/KeratXunit.sha256" 2>/dev/null)" ]; then
  cp "$kerat_lib/KeratXunit.exe" /kerat/build/KeratXunit.exe || exit 1
else
  # shellcheck disable=SC2086
  mcs -nologo -optimize+ -nowarn:105,414,649 -langversion:latest -r:System.Numerics.dll -r:Microsoft.CSharp.dll \
    -main:KeratXunit.Runner -out:/kerat/build/KeratXunit.exe $kerat_src || exit 1
fi
exec mcs -nologo -debug -nowarn:105 -optimize+ -langversion:latest -r:System.Numerics.dll -r:Microsoft.CSharp.dll \
  -r:/kerat/build/KeratXunit.exe -target:library -out:/kerat/build/tests.dll "$@"
