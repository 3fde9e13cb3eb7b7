#!/bin/sh
# Tests mode, compile step: builds the test binary of the entrypoint's package (sources + *_test.go) into
# /kerat/build/tests.test. A compile error here (in the code or in the tests) makes the run a compile_error.
. /kerat/runner/common.sh
# A test file must end in _test.go for `go test` to see it: rename the ones that do not.
IFS=:
for f in $KERAT_TEST_FILES; do
    case "$f" in
        *_test.go) ;;
        *.go) mv -- "$f" "${f%.go}_test.go" ;;
    esac
done
unset IFS
exec go test -c -vet=off -o /kerat/build/tests.test "./$pkgdir"
