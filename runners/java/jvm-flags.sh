# JVM flags and paths shared by every stage (sourced by the other scripts; POSIX sh).
#
# Why each flag (checked under gVisor ptrace with the default run limits: 256 MiB, 64 processes, 1 cpu):
# - SerialGC: no parallel/concurrent GC worker threads (RLIMIT_NPROC counts threads) and the least overhead.
# - TieredStopAtLevel=1 + CICompilerCount=1: C1 only, one compiler thread; much faster startup for short programs.
# - MaxRAMPercentage=100: the guest sees the sandbox's memory as its RAM; letting the heap grow to all of it means
#   a program that keeps allocating is stopped by the cgroup and reported as memory_limit (with 60 % it died of
#   java.lang.OutOfMemoryError, a runtime_error). The serial GC grows the heap only for live data.
# - Xss64m: deep recursion (typical of exercises) works; stacks are only reserved, not committed.
# - Xshare:auto: use the JDK's class data sharing archive when present (faster startup).
# - ArchiveRelocationMode=0 (a diagnostic flag, hence UnlockDiagnosticVMOptions): map the CDS archives at the
#   address they were built for. JDK 21's default (1) relocates them to a random address at every start, which
#   rewrites every pointer in them: under gVisor that page-faults through the whole archive and cost about 0.3 s of
#   CPU per JVM with the 19 MB JUnit archive (measured with -Xlog:startuptime, "Genesis" 0.78 s -> 0.12 s).
# - UsePerfData off: no /tmp/hsperfdata_* file and less startup work.
KERAT_JVM_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxRAMPercentage=100 -Xss64m -Xshare:auto -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:-UsePerfData -Dfile.encoding=UTF-8"
# javac and the test harness also get CompileThresholdScaling=30: JIT-compile a method only after 30 times the
# usual number of calls or loop iterations. Most of their code runs a few times per start, and compiling it cost
# more than interpreting it: measured with a 10-test JUnit 5 suite, the test run took about 20 % less CPU (2.03 s
# instead of 2.58 s, median of 4, machine under load) and javac about 7 % less; a test that computes for a while
# still gets compiled (loops are compiled on stack after 1.8 million iterations instead of 60 000). Programs in
# run mode keep the usual thresholds.
KERAT_JAVAC_JFLAGS="-J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-XX:CICompilerCount=1 -J-XX:CompileThresholdScaling=30 -J-Xshare:auto -J-XX:+UnlockDiagnosticVMOptions -J-XX:ArchiveRelocationMode=0 -J-XX:-UsePerfData"
KERAT_TEST_JVM_FLAGS="$KERAT_JVM_FLAGS -XX:CompileThresholdScaling=30"

# Test libraries, all from Debian packages. The JUnit console standalone jar holds the JUnit Platform launcher,
# Jupiter (api, engine, params), the vintage engine, JUnit 4.13 and Hamcrest 2.2; then AssertJ, Mockito (core
# and its JUnit 5 extension) with what they need (Byte Buddy, Objenesis); org.json (JSONObject, JSONArray: the
# json.org API of 20180130 as Android rewrote it, libandroid-json-org-java), which course suites build expected
# JSON with (exercism's rest-api exercise among them).
J=/usr/share/java
KERAT_TEST_CP="$J/junit-platform-console-standalone.jar:$J/assertj-core.jar:$J/mockito-core.jar:$J/mockito-junit-jupiter.jar:$J/byte-buddy.jar:$J/byte-buddy-agent.jar:$J/objenesis.jar:$J/json-latest.jar"
# What the image recipe builds from this runner once (see ../../oci-bundles/java/image.json): the harness compiled
# into a jar (with the SHA-256 of its source, checked before use) and class data sharing archives.
KERAT_LIB=/usr/local/lib/kerat/java
# javac with its own archive when the image has it (a JVM ignores an archive that does not match, silently)
KERAT_JAVAC="javac $KERAT_JAVAC_JFLAGS"
if [ -f "$KERAT_LIB/javac.jsa" ]; then
  KERAT_JAVAC="$KERAT_JAVAC -J-XX:SharedArchiveFile=$KERAT_LIB/javac.jsa -J-Xlog:cds=off -J-Xlog:cds+dynamic=off"
fi
# The JVM started ahead in pooled sandboxes (prestart.sh, prestart/KeratBoot.java): its extra flags (the boot calls
# setrlimit, setenv and execve through JDK 21's Foreign Function API, a preview) and class path (/kerat/build first,
# filled at the hand-over).
KERAT_BOOT_FLAGS="--enable-preview --enable-native-access=ALL-UNNAMED"
KERAT_BOOT_CP="/kerat/build:$KERAT_LIB/kerat-boot.jar"
