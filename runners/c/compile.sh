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
# Linked by GNU gold when the image has it (ld.bfd is 0.1-0.6 s slower under gVisor). The compiler's messages then go
# through /tmp/kerat-compile.log: shown as they are when gold had no part in them; when a line comes from the
# linker (ld.gold, collect2), the same command runs again with ld.bfd and its messages are the ones shown.
# shellcheck disable=SC2086 # $opts: one option a word
set -- -std=gnu17 -O2 -I/workspace -o /kerat/build/main "$@" $opts -lm
if [ -x /usr/bin/ld.gold ]; then
    gcc -fuse-ld=gold "$@" 2> /tmp/kerat-compile.log
    rc=$?
    if [ "$rc" -eq 0 ] && ! [ -s /tmp/kerat-compile.log ]; then
        exit 0
    fi
    if ! grep -q -e ld.gold -e collect2 /tmp/kerat-compile.log; then
        cat /tmp/kerat-compile.log >&2
        exit "$rc"
    fi
fi
exec gcc "$@"
