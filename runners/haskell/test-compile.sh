#!/bin/sh
# Tests mode, compile step: builds /kerat/build/tests from the test files and the submitted modules they import.
#   - the test program is the test file that defines main (hspec: `main = hspec spec` / hspecWith ...; HUnit:
#     `main = runTestTT tests` / runTestTTAndExit ...), compiled as the program's Main (a `module Foo` header
#     other than Main gets -main-is Foo);
#   - without such a file (or with hspec-discover's `{-# OPTIONS_GHC -F -pgmF hspec-discover #-}` driver), every
#     test module that defines `spec` is run, as hspec-discover would: a generated Main runs
#     `describe "<module without Spec>" <Module>.spec` for each.
# /kerat/runner/lib comes first on the import path: its Test.Hspec, Test.Hspec.Runner, Test.HUnit and
# Test.HUnit.Text are the real modules re-exported, with the runners replaced by ones that report each test to
# Kerat (lib/Kerat/). Modules are found next to the test files and relative to /workspace. Objects go to /tmp.
# The test program is linked -dynamic against the image's shared Haskell libraries: linking hspec, QuickCheck and
# their dependencies statically took twice as long (about 20 s against 10 s on a loaded machine under gVisor).
# Any ghc error is a compile_error.
cd /workspace || exit 1
set -f
MAIN_RE='^main[[:space:]]*(::|=)'
SPEC_RE='^spec[[:space:]]*(::|=)'
main=
specs=
incs="-i/kerat/runner/lib"
IFS=:
for f in $KERAT_TEST_FILES $KERAT_SOURCE_FILES; do
    case "$f" in */*.hs) d=${f%/*}; case " $incs " in *" -i$d "*) ;; *) incs="$incs -i$d" ;; esac ;; esac
done
for f in $KERAT_TEST_FILES; do
    case "$f" in *.hs) ;; *) continue ;; esac
    if grep -qs -- '-pgmF[[:space:]]*hspec-discover' "$f"; then
        continue
    elif grep -qsE "$MAIN_RE" "$f"; then
        [ -n "$main" ] || main=$f
    elif grep -qsE "$SPEC_RE" "$f"; then
        specs="$specs:$f"
    fi
done
unset IFS
incs="$incs -i/workspace"

extra=
if [ -n "$main" ]; then
    mod=$(sed -n 's/^module[[:space:]]\{1,\}\([A-Za-z0-9_.]\{1,\}\).*/\1/p' "$main" | head -n 1)
    if [ -n "$mod" ] && [ "$mod" != Main ]; then
        extra="-main-is $mod"
    fi
elif [ -n "$specs" ]; then
    mkdir -p /tmp/kerat-main || exit 1
    gen=/tmp/kerat-main/KeratSpecMain.hs
    {
        echo 'module Main (main) where'
        echo 'import Test.Hspec (hspec, describe)'
        IFS=:
        for f in $specs; do
            [ -n "$f" ] || continue
            m=$(sed -n 's/^module[[:space:]]\{1,\}\([A-Za-z0-9_.]\{1,\}\).*/\1/p' "$f" | head -n 1)
            if [ -z "$m" ]; then
                echo "$f defines spec but has no module header (e.g. module CalcSpec (spec) where)" >&2
                exit 1
            fi
            echo "import qualified $m"
        done
        echo 'main :: IO ()'
        echo 'main = hspec $ do'
        for f in $specs; do
            [ -n "$f" ] || continue
            m=$(sed -n 's/^module[[:space:]]\{1,\}\([A-Za-z0-9_.]\{1,\}\).*/\1/p' "$f" | head -n 1)
            d=${m##*.}
            d=${d%Spec}
            echo "  describe \"${d:-$m}\" $m.spec"
        done
        unset IFS
    } > "$gen" || exit 1
    main=$gen
else
    echo "no test program found in the test files: expected a module with main (hspec: main = hspec spec; HUnit: main = runTestTT tests) or hspec spec modules (module CalcSpec (spec) where ... spec :: Spec)" >&2
    exit 1
fi
printf '%s\n' "$main" > /kerat/build/test-main
# shellcheck disable=SC2086
exec ghc -v0 -O0 -dynamic -j2 -outputdir /tmp/ghc-out $incs $extra -o /kerat/build/tests "$main" +RTS -A64m -RTS
