# TESTS mode, compile stage: the submitted sources and the test files in one javac run against the test libraries
# (KERAT_TEST_CP: JUnit 5 and 4, AssertJ, Hamcrest, Mockito). Files that are not .java (a build.gradle, a pom.xml)
# are ignored. A compile error here is reported as status compile_error with javac's output; when the test files
# use a framework this runner does not have (TestNG, ...), a line naming it is added.
# Kerat's harness comes precompiled in the image; if that jar is not from this runner's KeratJUnitHarness.java
# (its recorded SHA-256 differs), the harness source is compiled along and test-run.sh uses that copy.
set -f
. /kerat/runner/jvm-flags.sh
IFS=:
set --
for f in $KERAT_SOURCE_FILES $KERAT_TEST_FILES; do
  case "$f" in *.java) set -- "$@" "$f" ;; esac
done
unset IFS

harness=
read -r want 2>/dev/null < "$KERAT_LIB/kerat-harness.sha256"
have=$(sha256sum < /kerat/runner/KeratJUnitHarness.java)
if [ -z "$want" ] || [ "${have%% *}" != "$want" ]; then
  harness=/kerat/runner/KeratJUnitHarness.java
fi

$KERAT_JAVAC -encoding UTF-8 -proc:none -Xmaxerrs 50 -cp "$KERAT_TEST_CP" -d /kerat/build "$@" $harness && exit 0

# the compile failed: say so if the tests are written for a framework this runner does not have
IFS=:
set --
for f in $KERAT_TEST_FILES; do set -- "$@" "$f"; done
unset IFS
found=$(grep -h -o -E '^[[:space:]]*import[[:space:]]+(static[[:space:]]+)?(org\.testng|net\.jqwik|com\.google\.common\.truth|spock\.lang|io\.kotest|org\.easymock|org\.powermock|io\.cucumber|org\.jmock|fi\.helsinki\.cs\.tmc)\.' "$@" 2>/dev/null | head -n 1)
case "$found" in
  *org.testng*) name="TestNG" ;;
  *net.jqwik*) name="jqwik" ;;
  *com.google.common.truth*) name="Google Truth" ;;
  *spock.lang*) name="Spock" ;;
  *io.kotest*) name="Kotest" ;;
  *org.easymock*) name="EasyMock" ;;
  *org.powermock*) name="PowerMock" ;;
  *io.cucumber*) name="Cucumber" ;;
  *org.jmock*) name="jMock" ;;
  *fi.helsinki.cs.tmc*) name="TMC edutestutils" ;;
  *) exit 1 ;;
esac
echo "the test files use $name ($(echo "$found" | sed 's/^[[:space:]]*//')...), which the java runner does not have; it runs JUnit 5 (framework junit5) and JUnit 4 (junit4), with AssertJ, Hamcrest and Mockito" >&2
exit 1
