# TESTS mode, compile stage: the submitted sources and the test files in one kotlinc run against kotlin.test and
# JUnit 5 (KERAT_TEST_CP). Only .kt files are compiled. An error here is compile_error with kotlinc's output.
# The image's precompiled harness is used if its recorded SHA-256 matches the runner's KeratJUnitHarness.java;
# otherwise that source is compiled into /kerat/build with javac and test-run.sh uses it.
set -f
. /kerat/runner/kotlin-env.sh
IFS=:
set --
for f in $KERAT_SOURCE_FILES $KERAT_TEST_FILES; do
  case "$f" in *.kt) set -- "$@" "$f" ;; esac
done
unset IFS
$KERAT_KOTLINC -cp "$KERAT_KOTLIN_RT:$KERAT_TEST_CP" -d /kerat/build "$@" || exit 1
read -r want 2>/dev/null < "$KERAT_LIB/kerat-harness.sha256"
have=$(sha256sum < /kerat/runner/KeratJUnitHarness.java)
if [ -z "$want" ] || [ "${have%% *}" != "$want" ]; then
  javac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -encoding UTF-8 -proc:none -cp "$KERAT_TEST_CP" -d /kerat/build /kerat/runner/KeratJUnitHarness.java || exit 1
fi
