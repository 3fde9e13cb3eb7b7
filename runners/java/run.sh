# Runs the class compile.sh recorded; the request's args follow. No fork: read and . are shell builtins.
set -f
. /kerat/runner/jvm-flags.sh
read -r main < /kerat/build/.kerat-main-class
exec java $KERAT_JVM_FLAGS -cp /kerat/build "$main" "$@"
