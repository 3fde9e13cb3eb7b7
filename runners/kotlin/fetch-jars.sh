# Runs on the HOST as a customize hook of oci-bundles/kotlin/image.json (sh fetch-jars.sh ROOTFS): downloads the
# Kotlin compiler and the jars it needs from Maven Central, checks each against the SHA-256 pinned below, and puts
# them into ROOTFS/usr/local/lib/kerat/kotlin/lib under their names without version (kotlin-stdlib.jar, ...), with
# the Kotlin version in ROOTFS/usr/local/lib/kerat/kotlin/VERSION (the recipe's version_file).
# Needs curl on the host. KERAT_MAVEN_REPO may name another Maven repository (a mirror) with the same layout.
#
# The set is kotlin-compiler-embeddable's runtime dependencies (from its POM): kotlin-build-tools-api, kotlin-stdlib
# (+ org.jetbrains:annotations 13.0), kotlin-script-runtime, kotlin-reflect 1.6.10, kotlin-daemon-embeddable and
# kotlinx-coroutines-core-jvm 1.8.0; and for test suites kotlin-test with kotlin-test-junit5 (JUnit 5 itself is
# Debian's junit5 package).
set -eu
root=$1
repo=${KERAT_MAVEN_REPO:-https://repo1.maven.org/maven2}
KOTLIN=2.4.21
dest="$root/usr/local/lib/kerat/kotlin/lib"
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() { # group artifact version sha256
  path="$(echo "$1" | tr . /)/$2/$3/$2-$3.jar"
  curl -fsSL --retry 3 --connect-timeout 30 -o "$tmp/$2.jar" "$repo/$path"
  echo "$4  $tmp/$2.jar" | sha256sum -c --quiet - || { echo "fetch-jars.sh: $path: SHA-256 mismatch" >&2; exit 1; }
  mv "$tmp/$2.jar" "$dest/$2.jar"
}

fetch org.jetbrains.kotlin kotlin-compiler-embeddable $KOTLIN ef19419c765e7ac8404465fa026ca8fc4dbb8a822de0fc79aa53c8dce29f1d02
fetch org.jetbrains.kotlin kotlin-build-tools-api $KOTLIN c5cd6a49bd072b529ae10809111c16a7aa0f92147e95d288354017fd65799461
fetch org.jetbrains.kotlin kotlin-stdlib $KOTLIN bd8250210584cb659847dce9cda660f8e9906e5def7fbebcea93dc6dcb6a88a3
fetch org.jetbrains.kotlin kotlin-script-runtime $KOTLIN a658cf5902a1525a06c264a5e42b437e97a6679ddeef8ca641246f270cf6a013
fetch org.jetbrains.kotlin kotlin-reflect 1.6.10 3277ac102ae17aad10a55abec75ff5696c8d109790396434b496e75087854203
fetch org.jetbrains.kotlin kotlin-daemon-embeddable $KOTLIN 7b3ef24674e5bcffcadfc4e43202ea314194939ecbcdd90a4770b2f1b04e0d07
fetch org.jetbrains.kotlinx kotlinx-coroutines-core-jvm 1.8.0 9860906a1937490bf5f3b06d2f0e10ef451e65b95b269f22daf68a3d1f5065c5
fetch org.jetbrains annotations 13.0 ace2a10dc8e2d5fd34925ecac03e4988b2c0f851650c94b8cef49ba1bd111478
fetch org.jetbrains.kotlin kotlin-test $KOTLIN 4b43f419bf41a9ede07094652db97b5034984a8cdc642f3c5b2bfd4767f6e365
fetch org.jetbrains.kotlin kotlin-test-junit5 $KOTLIN 488e12c6e5ce2ed9dacdebc5ab2582b938781e753eec6867b0e65f4e9d7d200d
chmod 644 "$dest"/*.jar
echo "$KOTLIN" > "$root/usr/local/lib/kerat/kotlin/VERSION"
