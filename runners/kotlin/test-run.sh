# TESTS mode, run stage: one JVM runs the JUnit Platform launcher in process (KeratJUnitHarness, the Java runner's)
# on every test class in /kerat/build and writes /kerat/out/results.jsonl.
set -f
. /kerat/runner/kotlin-env.sh
res=/workspace/src/test/resources:/workspace/src/main/resources
harness="$KERAT_LIB/kerat-harness.jar:"
[ -f /kerat/build/kerat_harness/KeratJUnitHarness.class ] && harness=
exec java $KERAT_TEST_JVM_FLAGS -cp "$harness$KERAT_TEST_CP:$KERAT_KOTLIN_RT:/kerat/build:$res" \
  kerat_harness.KeratJUnitHarness /kerat/build /kerat/out/results.jsonl
