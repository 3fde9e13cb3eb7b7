# The init of a pooled Java sandbox (runner.json "prestart", README "Interpreters already started"): the JVM of
# run.sh started ahead, with run.sh's flags and /kerat/build first on its class path (filled at the hand-over), running
# kerat_launch.KeratBoot (prestart/KeratBoot.java, compiled into the image with the SHA-256 of its source). It
# runs run.sh's program itself, or execs any other stage's cold command. Should the image's boot be missing or built
# from another source, this shell waits and runs the cold command, as the pool's shell waiter does.
set -f
. /kerat/runner/jvm-flags.sh
if [ -f "$KERAT_LIB/kerat-boot.jar" ] && read -r built < "$KERAT_LIB/kerat-boot.sha256" \
   && [ "$(sha256sum < /kerat/runner/prestart/KeratBoot.java)" = "$built  -" ]; then
  cds=
  [ -f "$KERAT_LIB/boot.jsa" ] && cds="-XX:SharedArchiveFile=$KERAT_LIB/boot.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
  exec java $KERAT_JVM_FLAGS $KERAT_BOOT_FLAGS $cds -cp "$KERAT_BOOT_CP" kerat_launch.KeratBoot
fi
: > /kerat/out/.kerat-ready
read -r go && . /kerat/ctl/go.sh
