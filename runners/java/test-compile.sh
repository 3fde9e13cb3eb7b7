# TESTS mode, compile stage: the submitted sources, the test files and Kerat's JUnit harness, all in one javac
# run against the JUnit 5 console standalone jar (which has org.junit.jupiter.api and the platform launcher).
# A compile error here is reported as status compile_error with javac's output.
set -f
. /kerat/runner/jvm-flags.sh
IFS=:
set --
for f in $KERAT_SOURCE_FILES $KERAT_TEST_FILES; do
  case "$f" in *.java) set -- "$@" "$f" ;; esac
done
unset IFS
exec javac $KERAT_JAVAC_JFLAGS -encoding UTF-8 -proc:none -Xmaxerrs 50 -cp "$JUNIT_JAR" -d /kerat/build \
  "$@" /kerat/runner/KeratJUnitHarness.java
