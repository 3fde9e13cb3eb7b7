#!/bin/sh
# Tests mode, compile step: the test program (a test file with a `program` statement, else the first Fortran test
# file) is compiled with every Fortran file, submitted or test-side, except the submitted files that hold a main
# program of their own, and linked into /kerat/build/tests. Frameworks: "tap" and "main" (the same: TAP lines on
# stdout, else the exit status; test-run.sh).
. /kerat/runner/common.sh
case "${KERAT_FRAMEWORK:-tap}" in
    tap|main) ;;
    *) echo "unknown framework \"$KERAT_FRAMEWORK\": Fortran tests are test programs printing TAP (tap, main)" >&2; exit 1 ;;
esac
files=""
for f in $(fortran_files "$KERAT_SOURCE_FILES"); do
    is_program "$f" || files="$files $f"
done
name=""
for f in $(fortran_files "$KERAT_TEST_FILES"); do
    files="$files $f"
    if [ -z "$name" ] && is_program "$f"; then name=$f; fi
done
[ -n "$name" ] || name=$(fortran_files "$KERAT_TEST_FILES" | head -n 1)
if [ -z "$name" ]; then
    echo "no Fortran test program found among the test files" >&2
    exit 1
fi
# shellcheck disable=SC2086
build_objects $files || exit 1
# shellcheck disable=SC2086
gfortran -o /kerat/build/tests $objs || exit 1
printf 'main\n%s\n' "$name" > /kerat/build/framework
