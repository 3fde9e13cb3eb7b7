# Runs the class compile.sh recorded through kerat_launch.KeratMain (the Java runner's launcher: a buffered
# System.out, flushed at exit), with the Kotlin standard library on the class path; the request's args follow.
set -f
. /kerat/runner/kotlin-env.sh
read -r main < /kerat/build/.kerat-main-class
exec java $KERAT_JVM_FLAGS -cp "$KERAT_LIB/kerat-launch.jar:$KERAT_KOTLIN_RT:/kerat/build" kerat_launch.KeratMain "$main" "$@"
