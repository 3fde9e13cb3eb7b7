#!/bin/sh
# Tests mode, compile step: builds the test binary of the entrypoint's package (sources + *_test.go) into
# /kerat/build/tests.test. A compile error here (in the code or in the tests) makes the run a compile_error.
# Frameworks: "gotest" (the testing package) and "testify" (github.com/stretchr/testify on top of it, from the
# image) run the same way; KERAT_FRAMEWORK, when given, is one of the two and changes nothing.
. /kerat/runner/common.sh
# A test file must end in _test.go for `go test` to see it: rename the Go files that do not.
IFS=:
for f in $KERAT_TEST_FILES; do
    case "$f" in
        *_test.go) ;;
        *.go) mv -- "$f" "${f%.go}_test.go" ;;
    esac
done
unset IFS
# The fast path: kerat-gotest (gotestmain.go, compiled into the image) builds the test binary with the toolchain's
# compile and link straight from the image's prebuilt packages (importcfg), without the go command, whose package
# loading and hashing of every dependency's sources cost 10+ s under gVisor. It takes only a plain package (Go
# files only, imports from the standard library and the image's libraries, a well-formed go.mod, no vendor dir, the
# runner's flags); for anything else it exits 3, having written nothing, and `go test -c` below builds as before.
# It runs before gomod.sh (prepare_module: two go commands, over a second under gVisor): it reads the submitted
# go.mod as gomod.sh would leave it (gotestmain.go, readGoMod), and never a vendor directory.
if [ -x "$kgo/kerat-gotest" ] && [ -f "$kgo/importcfg" ] &&
        [ "$KERAT_GO_BUILDFLAGS" = "-gcflags=all=-dwarf=false -ldflags=-s" ]; then
    "$kgo/kerat-gotest" -importcfg "$kgo/importcfg" -compile "$kgo/compile" -link "$kgo/link" \
        -o /kerat/build/tests.test -work /tmp/kerat-gotest "$pkgdir"
    st=$?
    [ "$st" -eq 3 ] || exit "$st"
fi
prepare_module || exit 1
go test -c -vet=off $KERAT_GO_BUILDFLAGS $modflag -o /kerat/build/tests.test "./$pkgdir" 2> /tmp/compile.err
st=$?
cat /tmp/compile.err >&2
if [ "$st" -ne 0 ] && grep -q -e 'no required module provides package' -e 'cannot find module providing package' \
        -e 'module lookup disabled by GOPROXY=off' /tmp/compile.err; then
    # An import that no module here provides: name the test framework when it is a known one, and say what there is.
    IFS=:
    for f in $KERAT_TEST_FILES $KERAT_SOURCE_FILES; do
        unset IFS
        case "$f" in *.go) ;; *) IFS=:; continue ;; esac
        [ -f "$f" ] || f="${f%.go}_test.go"
        for p in $(grep -o -E '"(github\.com/onsi/(ginkgo|gomega)[^"]*|github\.com/smart(ystreets|y)/goconvey[^"]*|gopkg\.in/check\.v1|gotest\.tools[^"]*|github\.com/matryer/is)"' "$f" 2>/dev/null | tr -d '"' | sort -u); do
            case "$p" in
                github.com/onsi/ginkgo*) what="the Ginkgo test framework ($p)" ;;
                github.com/onsi/gomega*) what="the Gomega matcher library ($p)" ;;
                *goconvey*) what="the GoConvey test framework ($p)" ;;
                gopkg.in/check.v1) what="the gocheck test framework ($p)" ;;
                *) what="$p" ;;
            esac
            echo "kerat: $f imports $what, which is not installed here (no downloads at run time)." >&2
        done
        IFS=:
    done
    unset IFS
    echo "kerat: Go tests run with the testing package; importable besides the standard library: $(cut -d' ' -f1 "$kgo/modules.txt" 2>/dev/null | tr '\n' ' ')" >&2
fi
exit "$st"
