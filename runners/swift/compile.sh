# RUN and CASES modes: swiftc on every submitted .swift file into /kerat/build/main (debug build, -Onone, as
# swiftc's default). Top-level code (the program) must be in main.swift when there are several files; a single
# file may have any name.
set -f
IFS=:
set --
for f in $KERAT_SOURCE_FILES; do
  case "$f" in *.swift) set -- "$@" "$f" ;; esac
done
unset IFS
if [ $# -eq 0 ]; then
  echo "no .swift file was submitted" >&2
  exit 2
fi
exec swiftc -module-cache-path /tmp/kerat-module-cache -o /kerat/build/main "$@"
