# JVM flags shared by every stage (sourced by the other scripts; POSIX sh).
#
# Why each flag (checked under gVisor ptrace with the default run limits: 256 MiB, 64 processes, 1 cpu):
# - SerialGC: no parallel/concurrent GC worker threads (RLIMIT_NPROC counts threads) and the least overhead.
# - TieredStopAtLevel=1 + CICompilerCount=1: C1 only, one compiler thread; much faster startup for short programs.
# - MaxRAMPercentage=100: the guest sees the sandbox's memory as its RAM; letting the heap grow to all of it means
#   a program that keeps allocating is stopped by the cgroup and reported as memory_limit (with 60 % it died of
#   java.lang.OutOfMemoryError, a runtime_error). The serial GC grows the heap only for live data.
# - Xss64m: deep recursion (typical of exercises) works; stacks are only reserved, not committed.
# - Xshare:auto: use the JDK's class data sharing archive when present (faster startup).
# - UsePerfData off: no /tmp/hsperfdata_* file and less startup work.
KERAT_JVM_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxRAMPercentage=100 -Xss64m -Xshare:auto -XX:-UsePerfData -Dfile.encoding=UTF-8"
# javac gets the same JVM tuning through -J
KERAT_JAVAC_JFLAGS="-J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-XX:CICompilerCount=1 -J-Xshare:auto -J-XX:-UsePerfData"
JUNIT_JAR=/usr/share/java/junit-platform-console-standalone.jar
