#!/bin/sh
# Run and cases modes: compiles every submitted .c file (headers are found relative to the file and to
# /workspace) into /kerat/build/main.
cd /workspace || exit 1
set -f
set --
IFS=:
for f in $KERAT_SOURCE_FILES; do
    case "$f" in
        *.c) set -- "$@" "$f" ;;
    esac
done
unset IFS
if [ $# -eq 0 ]; then
    echo "no .c file was submitted" >&2
    exit 1
fi
exec gcc -std=gnu17 -O2 -I/workspace -o /kerat/build/main "$@" -lm
