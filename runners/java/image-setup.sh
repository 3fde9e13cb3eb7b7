# Runs once inside the java image when it is built (a customize hook of oci-bundles/java/image.json, in a chroot),
# with this runner's files copied to /usr/local/lib/kerat/java. Produces there:
# - kerat-harness.jar: KeratJUnitHarness compiled once, and kerat-harness.sha256, the SHA-256 of the source it was
#   compiled from (test-compile.sh uses the jar only if the runner's source still has that hash);
# - junit.jsa: a class data sharing archive (dynamic, on top of the JDK's) of the classes a JUnit run loads: the
#   platform launcher, Jupiter, vintage/JUnit 4, AssertJ, Hamcrest, Mockito and the harness, recorded by running the
#   warm-up tests in cds/ with exactly the flags and the class path of test-run.sh;
# - javac.jsa: the same for javac (compiling the warm-up tests against the test libraries);
# - kerat-boot.jar: KeratBoot, the init of pooled sandboxes (a JVM started ahead, see prestart.sh), compiled with
#   --enable-preview (it calls setrlimit, setenv and execve through JDK 21's Foreign Function API), and
#   kerat-boot.sha256, the SHA-256 of its source (prestart.sh starts it only if the runner's copy still has it),
#   and boot.jsa, the archive of the classes it loads before it waits (the FFM linker's among them).
# Nothing here is needed for correctness: without the archives the JVMs load the classes from the jars.
set -eu
. /usr/local/lib/kerat/java/jvm-flags.sh
cd "$KERAT_LIB"
# without /proc (a chroot) the java launcher cannot find libjli.so through /proc/self/exe
[ -e /proc/self/exe ] || export LD_LIBRARY_PATH=/usr/lib/jvm/java-21-openjdk-amd64/lib
# (mmdebstrap mounts /proc, /sys and /dev for its customize hooks; the jar tool needs /dev/urandom)
tmp=$(mktemp -d)
# the heap size only has to keep compressed oops on, as in the sandboxes (the host may have more than 32 GB)
dump="-Xmx512m -Xlog:cds=warning -Xlog:cds+dynamic=warning"

javac -encoding UTF-8 -proc:none -cp "$KERAT_TEST_CP" -d "$tmp/harness" KeratJUnitHarness.java
jar --create --file kerat-harness.jar -C "$tmp/harness" .
sha256sum < KeratJUnitHarness.java | cut -d' ' -f1 > kerat-harness.sha256

javac -encoding UTF-8 -proc:none --release 21 --enable-preview -Xlint:-preview -XDignore.symbol.file -nowarn \
  -d "$tmp/boot" KeratBoot.java
jar --create --file kerat-boot.jar -C "$tmp/boot" .
sha256sum < KeratBoot.java | cut -d' ' -f1 > kerat-boot.sha256

javac -encoding UTF-8 -proc:none -cp "$KERAT_TEST_CP" -d "$tmp/warmup" cds/*.java
jar --create --file kerat-cds-warmup.jar -C "$tmp/warmup" .
# An archive records the size and modification time of every jar on its class path and is ignored when one
# differs. mmdebstrap clamps the time of every file newer than the start of the build to that start when it packs
# the tarball, so give the jars an older time (the JUnit package's) that survives as it is.
touch -r "$J/junit-platform-console-standalone.jar" kerat-harness.jar kerat-cds-warmup.jar kerat-boot.jar

# the JVM started ahead (prestart.sh): its flags and class path, up to where it waits for the hand-over
mkdir -p /kerat/build
java $KERAT_JVM_FLAGS $KERAT_BOOT_FLAGS $dump -XX:ArchiveClassesAtExit="$KERAT_LIB/boot.jsa" \
  -cp "$KERAT_BOOT_CP" kerat_launch.KeratBoot --warm-up

# javac: the same JVM flags as compile.sh and test-compile.sh
javac $KERAT_JAVAC_JFLAGS -J-Xmx512m -J-XX:ArchiveClassesAtExit="$KERAT_LIB/javac.jsa" \
  -encoding UTF-8 -proc:none -Xmaxerrs 50 -cp "$KERAT_TEST_CP" -d "$tmp/javac" cds/*.java

# the test run: the flags and class path of test-run.sh, with the warm-up package selected
mkdir "$tmp/out"
java $KERAT_TEST_JVM_FLAGS $dump -XX:ArchiveClassesAtExit="$KERAT_LIB/junit.jsa" -Dkerat.harness.package=kerat_warmup \
  -cp "$KERAT_LIB/kerat-harness.jar:$KERAT_TEST_CP:$KERAT_LIB/kerat-cds-warmup.jar" \
  kerat_harness.KeratJUnitHarness "$tmp/out" "$tmp/out/results.jsonl" > "$tmp/out/stdout"
grep -q '"event":"done"' "$tmp/out/results.jsonl"
grep -q '"name":"kerat_warmup.WarmupAssertjTest.mockito","status":"passed"' "$tmp/out/results.jsonl"

rm -rf "$tmp" cds KeratJUnitHarness.java KeratBoot.java jvm-flags.sh image-setup.sh
ls -l "$KERAT_LIB"
