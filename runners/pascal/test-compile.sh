#!/bin/sh
# Tests mode, compile step. Picks the framework ($KERAT_FRAMEWORK, else detected from the test files):
#   fpcunit  the test units (test files that are units calling RegisterTest) are compiled into a program that
#            test-compile.sh writes (/tmp/kerat-tests/kerat_tests.pas) and that runs every registered test with
#            the runner's listener (kerat_fpcunit.pas); a test program among the test files (the usual one with
#            consoletestrunner) is not used.
#   main     (also "tap") the test program (a test file starting with `program`, else the first test file) is
#            compiled as it is; its TAP lines, or else its exit status, are the results (main.jq).
# The binary is /kerat/build/tests; /kerat/build/framework records the framework and the test program's name.
. /kerat/runner/common.sh
set -f
is_unit() { # the first word of the file, past comments and blank lines, is `unit`
    sed -e 's/{[^}]*}//g' -e 's#//.*##' "$1" | tr -s ' \t\r' '  ' | grep -v '^ *$' | head -n 1 | grep -qi '^ *unit[ ;]'
}
is_program() {
    sed -e 's/{[^}]*}//g' -e 's#//.*##' "$1" | tr -s ' \t\r' '  ' | grep -v '^ *$' | head -n 1 | grep -qi '^ *program[ ;(]'
}
units=""
program=""
first=""
IFS=:
for f in $KERAT_TEST_FILES; do
    unset IFS
    case "$f" in *.pas|*.pp|*.lpr) ;; *) IFS=:; continue ;; esac
    [ -n "$first" ] || first=$f
    if is_unit "$f" && grep -qi 'RegisterTest' "$f"; then
        units="$units $(basename "${f%.*}")"
    elif [ -z "$program" ] && is_program "$f"; then
        program=$f
    fi
    IFS=:
done
unset IFS
framework=$KERAT_FRAMEWORK
case "$framework" in tap) framework=main ;; esac
if [ -z "$framework" ]; then
    if [ -n "$units" ]; then framework=fpcunit; else framework=main; fi
fi
case "$framework" in
    fpcunit)
        if [ -z "$units" ]; then
            echo "no fpcunit test unit found: expected a test file that is a unit calling RegisterTest (testregistry)" >&2
            exit 1
        fi
        mkdir -p /tmp/kerat-tests || exit 1
        {
            echo 'program kerat_tests;'
            echo '{$mode objfpc}{$H+}'
            printf 'uses kerat_fpcunit'
            for u in $units; do printf ', %s' "$u"; done
            echo ';'
            echo 'begin'
            echo '  KeratRunTests;'
            echo 'end.'
        } > /tmp/kerat-tests/kerat_tests.pas
        # shellcheck disable=SC2086
        fpc $FPC_FLAGS -gl -Fu/kerat/runner -o/kerat/build/tests /tmp/kerat-tests/kerat_tests.pas >&2 || exit 1
        name=tests
        ;;
    main)
        program=${program:-$first}
        if [ -z "$program" ]; then
            echo "no Pascal test program found among the test files" >&2
            exit 1
        fi
        # shellcheck disable=SC2086
        fpc $FPC_FLAGS -gl -o/kerat/build/tests "$program" >&2 || exit 1
        name=$program
        ;;
    *)
        echo "unknown framework \"$framework\": the Pascal runner supports fpcunit and main (tap)" >&2
        exit 1
        ;;
esac
printf '%s\n%s\n' "$framework" "$name" > /kerat/build/framework
