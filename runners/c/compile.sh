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
# Judge0's compiler_options, already checked against Kerat's safe subset by the daemon, one word a line; they come
# after the defaults, so they win (-O0, -std=...). Split on blanks, never globbed (set -f above).
opts=
if [ -f .kerat-compiler-options ] && [ ! -L .kerat-compiler-options ]; then
    opts=$(cat .kerat-compiler-options)
fi
exec gcc -std=gnu17 -O2 -I/workspace -o /kerat/build/main "$@" $opts -lm
