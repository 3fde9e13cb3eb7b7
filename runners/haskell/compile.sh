#!/bin/sh
# Run and cases modes: ghc compiles the entrypoint (module Main, whatever its file name) and every module it
# imports, found next to the entrypoint or relative to /workspace, into /kerat/build/main. Objects go to /tmp, so
# /workspace stays as submitted. -O0 unless Judge0's compiler_options say otherwise (they come last and win).
cd /workspace || exit 1
set -f
entry=$KERAT_ENTRYPOINT
dir=$(dirname "$entry")
opts=
if [ -f .kerat-compiler-options ] && [ ! -L .kerat-compiler-options ]; then
    opts=$(cat .kerat-compiler-options)
fi
# shellcheck disable=SC2086
exec ghc -v0 -O0 -j2 -outputdir /tmp/ghc-out "-i$dir" -i/workspace -o /kerat/build/main "$entry" $opts +RTS -A64m -RTS
