# The init of a pooled Java sandbox (runner.json "prestart", README "Interpreters already started"): the JVM of
# run.sh started ahead, with run.sh's flags and /kerat/build first on its class path (filled at the hand-over), running
# kerat_launch.KeratBoot (prestart/KeratBoot.java, compiled into the image with the SHA-256 of its source). It
# runs run.sh's program itself, or execs any other stage's cold command. Should the image's boot be missing or built
# from another source, this shell waits and runs the cold command, as the pool's shell waiter does.
set -f
. /kerat/runner/jvm-flags.sh
if [ -f "$KERAT_LIB/kerat-boot.jar" ] && read -r built < "$KERAT_LIB/kerat-boot.sha256" \
   && [ "$(sha256sum < /kerat/runner/prestart/KeratBoot.java)" = "$built  -" ]; then
  exec java $KERAT_JVM_FLAGS --enable-preview --enable-native-access=ALL-UNNAMED \
    -cp "/kerat/build:$KERAT_LIB/kerat-boot.jar" kerat_launch.KeratBoot
fi
: > /kerat/out/.kerat-ready
read -r go && . /kerat/ctl/go.sh
