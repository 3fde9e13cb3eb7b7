# TESTS mode, run stage: one JVM runs the JUnit Platform launcher in process on every test class in /kerat/build
# and writes /kerat/out/results.jsonl (see KeratJUnitHarness.java).
set -f
. /kerat/runner/jvm-flags.sh
exec java $KERAT_JVM_FLAGS -cp "/kerat/build:$JUNIT_JAR" kerat_harness.KeratJUnitHarness /kerat/build /kerat/out/results.jsonl
