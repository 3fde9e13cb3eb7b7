# TESTS mode, run stage: one JVM runs the JUnit Platform launcher in process on every test class in /kerat/build
# and writes /kerat/out/results.jsonl (see KeratJUnitHarness.java). With the image's precompiled harness it also
# uses the class data sharing archive recorded for exactly this class path (jars first, /kerat/build last), which
# saves most of the class loading of JUnit, AssertJ and the harness.
set -f
. /kerat/runner/jvm-flags.sh
# resources of a Maven/Gradle layout, for getResource() (entries that do not exist are skipped)
res=/workspace/src/test/resources:/workspace/src/main/resources
if [ -f /kerat/build/kerat_harness/KeratJUnitHarness.class ]; then
  # compiled from the runner's source by test-compile.sh (the image's jar is from another version)
  exec java $KERAT_TEST_JVM_FLAGS -cp "$KERAT_TEST_CP:/kerat/build:$res" kerat_harness.KeratJUnitHarness /kerat/build /kerat/out/results.jsonl
fi
exec java $KERAT_TEST_JVM_FLAGS -XX:SharedArchiveFile=$KERAT_LIB/junit.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$KERAT_LIB/kerat-harness.jar:$KERAT_TEST_CP:$KERAT_LIB/kerat-cds-warmup.jar:/kerat/build:$res" \
  kerat_harness.KeratJUnitHarness /kerat/build /kerat/out/results.jsonl
