#!/bin/sh
# Run and cases modes: compiles every submitted C++ file (.cpp, .cc, .cxx; headers are found relative to the
# file and to /workspace) as C++20 into /kerat/build/main.
cd /workspace || exit 1
set -f
set --
IFS=:
for f in $KERAT_SOURCE_FILES; do
    case "$f" in
        *.cpp|*.cc|*.cxx) set -- "$@" "$f" ;;
    esac
done
unset IFS
if [ $# -eq 0 ]; then
    echo "no C++ source file (.cpp, .cc, .cxx) was submitted" >&2
    exit 1
fi
# Judge0's compiler_options, already checked against Kerat's safe subset by the daemon, one word a line; they come
# after the defaults, so they win (-O0, -std=...). Split on blanks, never globbed (set -f above).
opts=
if [ -f .kerat-compiler-options ] && [ ! -L .kerat-compiler-options ]; then
    opts=$(cat .kerat-compiler-options)
fi
# /usr/local/lib/kerat/pch/run: <iostream> and <bits/stdc++.h> precompiled with exactly these flags (image-setup.sh);
# GCC uses one only where it is valid and otherwise reads the real header (after -I/workspace: a submitted header
# of the same name still wins)
# Linked by GNU gold when the image has it (ld.bfd is 0.1-0.6 s slower under gVisor). The compiler's messages then go
# through /tmp/kerat-compile.log: shown as they are when gold had no part in them; when a line comes from the
# linker (ld.gold, collect2), the same command runs again with ld.bfd and its messages are the ones shown.
# std::format's overlay (image-setup.sh): its vformat is compiled once into libkerat_format.a, which every link names
# (only a program that calls it links it in). Options that change the language or the library's configuration
# (-std=, -D, -fno-exceptions) compile against the header as it is.
fmt=""
lib=""
if [ -f /usr/local/lib/kerat/libkerat_format.a ]; then
    lib=/usr/local/lib/kerat/libkerat_format.a
    nl='
'
    case "$nl$opts$nl" in
        *"$nl-std="*|*"$nl-D"*|*"$nl-fno-exceptions$nl"*) ;;
        *) fmt="-isystem /usr/local/lib/kerat/stdcxx" ;;
    esac
fi
# shellcheck disable=SC2086 # $opts: one option a word
set -- -O2 -std=c++20 -I/workspace -I/usr/local/lib/kerat/pch/run $fmt -o /kerat/build/main "$@" $opts $lib -lm
if [ -x /usr/bin/ld.gold ]; then
    g++ -fuse-ld=gold "$@" 2> /tmp/kerat-compile.log
    rc=$?
    if [ "$rc" -eq 0 ] && ! [ -s /tmp/kerat-compile.log ]; then
        exit 0
    fi
    if ! grep -q -e ld.gold -e collect2 /tmp/kerat-compile.log; then
        cat /tmp/kerat-compile.log >&2
        exit "$rc"
    fi
fi
exec g++ "$@"
