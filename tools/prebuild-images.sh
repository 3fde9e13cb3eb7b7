#!/usr/bin/env bash
# Builds every image recipe under oci-bundles/ into the integration tests' data dir (KERAT_TEST_DATA_DIR,
# default /var/cache/kerat/test), two at a time, so `mvn verify` finds them ready. Idempotent: an image whose
# recipe did not change is kept, and mmdebstrap tarballs are reused from /var/cache/kerat/tarballs.
# Prints how long each image took; a failed build fails the script after the others finish.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-2}"
DATA_DIR="${KERAT_TEST_DATA_DIR:-/var/cache/kerat/test}"
LOGS="$(mktemp -d)"
CONF="$LOGS/empty.yaml"
: > "$CONF"

mvn -B -q package -DskipTests
JAR="$PWD/daemon/target/kerat.jar"
[ -f "$JAR" ] || { echo "no $JAR after mvn package" >&2; exit 1; }

build_one() {
  local image=$1 start=$SECONDS
  if KERAT_CONFIG="$CONF" KERAT_HOME="$PWD" KERAT_DATA_DIR="$DATA_DIR" \
      java -jar "$JAR" image build "$image" > "$LOGS/$image.log" 2>&1; then
    echo "image $image: $(tail -1 "$LOGS/$image.log") ($((SECONDS - start)) s)"
  else
    echo "image $image FAILED after $((SECONDS - start)) s; last lines of its log:"
    tail -30 "$LOGS/$image.log"
    return 1
  fi
}
export -f build_one
export CONF DATA_DIR JAR LOGS

# shellcheck disable=SC2016 # $1 is expanded by the inner bash
find oci-bundles -mindepth 2 -maxdepth 2 -name image.json -printf '%h\n' | xargs -n1 basename | sort \
  | xargs -P "$JOBS" -I{} bash -c 'build_one "$1"' _ {}
