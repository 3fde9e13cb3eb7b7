# JVM flags, paths and the kotlinc command shared by every stage (sourced by the other scripts; POSIX sh).
# The JVM flags are the Java runner's (see runners/java/jvm-flags.sh and its README for why each one).
KERAT_JVM_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxRAMPercentage=100 -Xss64m -Xshare:auto -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:-UsePerfData -Dfile.encoding=UTF-8"
KERAT_TEST_JVM_FLAGS="$KERAT_JVM_FLAGS -XX:CompileThresholdScaling=30"
# What the image holds (oci-bundles/kotlin/image.json): the jars from Maven Central (fetch-jars.sh) and what
# image-setup.sh built from this runner (the launcher, the JUnit harness, the compiler's class data sharing archive).
KERAT_LIB=/usr/local/lib/kerat/kotlin
K=$KERAT_LIB/lib
# the compiler's class path: kotlin-compiler-embeddable and its runtime dependencies (from its POM)
KERAT_KOTLINC_CP="$K/kotlin-compiler-embeddable.jar:$K/kotlin-stdlib.jar:$K/kotlin-script-runtime.jar:$K/kotlin-reflect.jar:$K/kotlin-daemon-embeddable.jar:$K/kotlinx-coroutines-core-jvm.jar:$K/annotations.jar:$K/kotlin-build-tools-api.jar"
# what programs are compiled against and run with
KERAT_KOTLIN_RT="$K/kotlin-stdlib.jar"
# tests: kotlin.test (with its JUnit 5 asserter) and JUnit 5 from Debian (the console standalone jar: platform
# launcher, Jupiter api/engine/params, vintage engine, JUnit 4.13, Hamcrest)
KERAT_TEST_CP="$K/kotlin-test.jar:$K/kotlin-test-junit5.jar:/usr/share/java/junit-platform-console-standalone.jar"
# the compiler JVM: the same tuning (javac's in the Java runner: CompileThresholdScaling=30), plus the archive of the
# compiler's classes recorded at image build when present; -Xlog:cds=off keeps a mismatch warning off stdout
KERAT_KOTLINC_JFLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:CompileThresholdScaling=30 -XX:MaxRAMPercentage=75 -Xss16m -Xshare:auto -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:-UsePerfData -Dfile.encoding=UTF-8"
if [ -f "$KERAT_LIB/kotlinc.jsa" ]; then
  KERAT_KOTLINC_JFLAGS="$KERAT_KOTLINC_JFLAGS -XX:SharedArchiveFile=$KERAT_LIB/kotlinc.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
# -no-stdlib/-no-reflect: the embeddable compiler has no Kotlin home to find them in; the stdlib is put on -cp
KERAT_KOTLINC_MAIN="-cp $KERAT_KOTLINC_CP org.jetbrains.kotlin.cli.jvm.K2JVMCompiler -no-stdlib -no-reflect -jvm-target 21"
KERAT_KOTLINC="java $KERAT_KOTLINC_JFLAGS $KERAT_KOTLINC_MAIN"
