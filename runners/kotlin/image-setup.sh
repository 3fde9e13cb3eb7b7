# Runs once inside the kotlin image when it is built (a customize hook of oci-bundles/kotlin/image.json, in a
# chroot), after fetch-jars.sh put the jars into /usr/local/lib/kerat/kotlin/lib. Produces in /usr/local/lib/kerat/kotlin:
# - kerat-launch.jar: KeratMain (the Java runner's buffered-stdout launcher) compiled once;
# - kerat-harness.jar: KeratJUnitHarness (a copy of the Java runner's) compiled once, and kerat-harness.sha256, the
#   SHA-256 of its source (test-compile.sh compiles the runner's copy along if that differs);
# - kotlinc.jsa: a class data sharing archive of the classes the compiler loads, recorded by compiling a warm-up
#   program and test with exactly the flags and class path of compile.sh (about a third less CPU per compile).
set -eu
. /usr/local/lib/kerat/kotlin/kotlin-env.sh
cd "$KERAT_LIB"
[ -e /proc/self/exe ] || export LD_LIBRARY_PATH=/usr/lib/jvm/java-21-openjdk-amd64/lib
tmp=$(mktemp -d)
javac -encoding UTF-8 -proc:none -d "$tmp/launch" KeratMain.java
jar --create --file kerat-launch.jar -C "$tmp/launch" .
javac -encoding UTF-8 -proc:none -cp "$KERAT_TEST_CP" -d "$tmp/harness" KeratJUnitHarness.java
jar --create --file kerat-harness.jar -C "$tmp/harness" .
sha256sum < KeratJUnitHarness.java | cut -d' ' -f1 > kerat-harness.sha256
# an archive is ignored when a jar on its class path has another size or time: give the jars a fixed old time
# (mmdebstrap clamps newer times to the build's start when it packs the tarball)
touch -d 2020-01-01T00:00:00Z lib/*.jar kerat-launch.jar kerat-harness.jar

mkdir -p "$tmp/src"
cat > "$tmp/src/main.kt" <<'KT'
data class Point(val x: Int, val y: Int)
fun main(args: Array<String>) {
    val xs = listOf(3, 1, 2).sorted().map { it * 2 }.filter { it > 1 }
    val m = mutableMapOf<String, Int>()
    for (w in "a b a".split(" ")) m[w] = (m[w] ?: 0) + 1
    val line = readlnOrNull() ?: ""
    println("${xs.sum()} $m ${Point(1, 2)} ${line.trim().uppercase()} ${args.joinToString()}")
}
KT
cat > "$tmp/src/WarmupTest.kt" <<'KT'
import kotlin.test.Test
import kotlin.test.assertEquals
import org.junit.jupiter.api.Disabled
class WarmupTest {
    @Test fun adds() = assertEquals(4, 2 + 2)
    @Test @Disabled("skip") fun skipped() {}
}
KT
# the flags of compile.sh and test-compile.sh, recording the classes loaded
java $KERAT_KOTLINC_JFLAGS -Xmx512m -XX:ArchiveClassesAtExit="$KERAT_LIB/kotlinc.jsa" -Xlog:cds=warning -Xlog:cds+dynamic=warning $KERAT_KOTLINC_MAIN \
  -cp "$KERAT_KOTLIN_RT:$KERAT_TEST_CP" -d "$tmp/out" "$tmp/src/main.kt" "$tmp/src/WarmupTest.kt" 2>&1 | grep -v 'Skipping\|Preload Warning' || true
test -s "$KERAT_LIB/kotlinc.jsa"
test -f "$tmp/out/MainKt.class"
rm -rf "$tmp" KeratMain.java KeratJUnitHarness.java image-setup.sh kotlin-env.sh
ls -l "$KERAT_LIB"
