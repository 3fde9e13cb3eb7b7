# Runs the class compile.sh recorded, through kerat_launch.KeratMain (a buffered System.out, see KeratMain.java);
# the request's args follow. No fork: read and . are shell builtins.
set -f
. /kerat/runner/jvm-flags.sh
read -r main < /kerat/build/.kerat-main-class
exec java $KERAT_JVM_FLAGS -cp /kerat/build kerat_launch.KeratMain "$main" "$@"
