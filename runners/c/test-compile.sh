#!/bin/sh
# Tests mode, compile step. Picks the framework ($KERAT_FRAMEWORK, else detected from the test files), compiles the
# submitted files and the test files (with every support file shipped with them) into /kerat/build/tests and
# records the framework in /kerat/build/framework for test-run.sh. Any compiler error makes the run a
# compile_error. The files are compiled from a copy of /workspace in /tmp/src, with the same relative names (so
# diagnostics read as in the workspace); headers are found next to each file, in /workspace's root and in every
# directory that holds a submitted header.
#   criterion  the submitted sources' main() renamed to kerat_user_main (Criterion brings its own main), linked
#              with -lcriterion and kerat_report.c (results test by test)
#   unity      every .c file compiled and linked together (the framework's unity.c comes with the tests); every
#              character Unity prints goes through kerat_unity.c, which reads the results from it. A bare
#              `TEST_IGNORE();` is commented out first, as exercism's own test runner does (exercism's test files
#              ignore all tests but the first for students working locally); TEST_IGNORE_MESSAGE still skips.
#   main       every .c file compiled and linked together; a test file brings main() (any framework that prints
#              TAP, or plain asserts: then the exit status is the result)
# When a test file defines main(), the submitted sources' own main() is renamed to kerat_user_main.
cd /workspace || exit 1
set -f
CFLAGS="-std=gnu17 -O2 -pipe"
prebuilt=/usr/local/lib/kerat

# file lists: sources (the submission), tests (test files and whatever support files came with them)
sources=$KERAT_SOURCE_FILES
tests=$KERAT_TEST_FILES

has() { # has PATTERN FILE...: grep -E in the files that exist
    pat=$1
    shift
    [ $# -gt 0 ] && grep -qsE -- "$pat" "$@"
}
# test files that are C sources
set --
IFS=:
for f in $tests; do case "$f" in *.c|*.h) set -- "$@" "$f" ;; esac; done
unset IFS
MAIN_RE='^[[:space:]]*(int|void)[[:space:]]+main[[:space:]]*\('

framework=$KERAT_FRAMEWORK
case "$framework" in tap) framework=main ;; esac
if [ -z "$framework" ]; then
    if has '#[[:space:]]*include[[:space:]]*[<"]criterion/' "$@"; then
        framework=criterion
    elif has '#[[:space:]]*include[[:space:]]*[<"]([^">]*/)?unity\.h[">]|UNITY_BEGIN[[:space:]]*\(' "$@"; then
        framework=unity
    elif has '#[[:space:]]*include[[:space:]]*<cmocka\.h>' "$@"; then
        echo "this test suite uses cmocka, which the C runner does not support (it supports criterion, unity and test programs with their own main())" >&2
        exit 1
    elif has '#[[:space:]]*include[[:space:]]*<check\.h>' "$@"; then
        echo "this test suite uses Check (check.h), which the C runner does not support (it supports criterion, unity and test programs with their own main())" >&2
        exit 1
    elif has '#[[:space:]]*include[[:space:]]*<CUnit/' "$@"; then
        echo "this test suite uses CUnit, which the C runner does not support (it supports criterion, unity and test programs with their own main())" >&2
        exit 1
    elif has "$MAIN_RE" "$@"; then
        framework=main
    else
        echo "no test framework found in the test files: expected Criterion (#include <criterion/criterion.h>), Unity (unity.h) or a test program with its own main()" >&2
        exit 1
    fi
fi

rm -rf /tmp/src /tmp/obj
mkdir -p /tmp/src /tmp/obj || exit 1
cp -R /workspace/. /tmp/src/ || exit 1
cd /tmp/src || exit 1

# -I for /workspace's root and every directory holding a submitted header
incs="-I/tmp/src"
all_files="$sources:$tests" # one word first: dash does not split at a ':' written between two expansions
IFS=:
for f in $all_files; do
    case "$f" in
        */*.h) d=${f%/*}; case " $incs " in *" -I/tmp/src/$d "*) ;; *) incs="$incs -I/tmp/src/$d" ;; esac ;;
    esac
done
unset IFS

rename_main=""
case "$framework" in
    criterion) rename_main=-Dmain=kerat_user_main ;;
    *) has "$MAIN_RE" "$@" && rename_main=-Dmain=kerat_user_main ;;
esac

if [ "$framework" = unity ]; then
    for f in "$@"; do
        case "$f" in *.c) sed -i 's#^\([[:space:]]*\)TEST_IGNORE();#\1// TEST_IGNORE();#' "$f" || exit 1 ;; esac
    done
    # every character Unity prints goes to kerat_unity_putc (harmless in files that do not include Unity)
    CFLAGS="$CFLAGS -DUNITY_OUTPUT_CHAR(a)=kerat_unity_putc(a) -DUNITY_OUTPUT_CHAR_HEADER_DECLARATION=kerat_unity_putc(int)"
    # Unity's default output (putchar) makes unity_internals.h include <stdio.h>, and test files rely on it (exercism's
    # circular-buffer calls snprintf with no include of its own); with UNITY_OUTPUT_CHAR defined it does not, so
    # the files that are compiled with Unity get <stdio.h> first: every test-side file, and a submitted one that
    # names unity.h
    unity_stdio="-include stdio.h"
    # exercism's makefiles build with -DUNITY_SUPPORT_64 -DUNITY_INCLUDE_DOUBLE (complex-numbers' tests use
    # TEST_ASSERT_DOUBLE_WITHIN, which Unity fails with "Unity Double Precision Disabled" unless doubles are included);
    # graders seldom send the makefile, so the runner defines both (Unity's float and integer checks are unchanged)
    CFLAGS="$CFLAGS -DUNITY_SUPPORT_64 -DUNITY_INCLUDE_DOUBLE"
fi

# A submitted source that a test file #includes (exercism's C++ concept exercises: #include "log_levels.cpp") is
# compiled as part of that test file, as the authors' build does, and not on its own: compiling it twice would
# define everything in it twice.
included_by_tests() { # included_by_tests FILE TEST_FILE...: whether a test file #includes FILE (by name or path)
    b=$(printf '%s' "${1##*/}" | sed 's/[][\\.*^$+?(){}|]/\\&/g')
    shift
    has "#[[:space:]]*include[[:space:]]*\"([^\"]*/)?$b\"" "$@"
}

failed=0
n=0
objs=""
running=""
compile() { # compile FILE EXTRA_FLAGS...: two compilers at a time (the compile stage has two CPUs)
    src=$1
    shift
    n=$((n + 1))
    objs="$objs /tmp/obj/$n.o"
    # shellcheck disable=SC2086
    gcc $CFLAGS $incs "$@" -c "$src" -o "/tmp/obj/$n.o" &
    running="$running $!"
    set -- $running
    if [ $# -ge 2 ]; then
        wait "$1" || failed=1
        shift
        running="$*"
    fi
}
IFS=:
for f in $sources; do
    unset IFS
    case "$f" in
        *.c) if included_by_tests "$f" "$@"; then :
             elif [ -n "${unity_stdio:-}" ] && has 'unity\.h' "$f"; then compile "$f" $rename_main $unity_stdio
             else compile "$f" $rename_main; fi ;;
    esac
    IFS=:
done
for f in $tests; do
    unset IFS
    case "$f" in
        unity.c|*/unity.c)
            # Unity's own implementation, shipped with the tests: at -O0 (the last -O wins), 0.15 s CPU where -O2
            # took 0.65 s, most of a Unity suite's compile; the test files and the submission keep -O2
            # shellcheck disable=SC2086
            if [ "$framework" = unity ]; then compile "$f" ${unity_stdio:-} -O0; else compile "$f" ${unity_stdio:-}; fi ;;
        *.c) compile "$f" ${unity_stdio:-} ;;
    esac
    IFS=:
done
unset IFS
for p in $running; do wait "$p" || failed=1; done
[ "$failed" -eq 0 ] || exit 1

# the runner's own objects: prebuilt in the image when the recorded hash is this runner's source, else compiled
# here (without the submitted include paths, so no submitted header can stand in for a system one)
helper() { # helper NAME.c -> prints the object to link
    if [ -f "$prebuilt/${1%.c}.o" ] \
        && [ "$(cat "$prebuilt/${1%.c}.sha256" 2>/dev/null)" = "$(sha256sum < "/kerat/runner/$1" | cut -d' ' -f1)" ]; then
        echo "$prebuilt/${1%.c}.o"
    else
        gcc $CFLAGS -c "/kerat/runner/$1" -o "/tmp/obj/${1%.c}.o" >&2 && echo "/tmp/obj/${1%.c}.o"
    fi
}
case "$framework" in
    criterion)
        o=$(helper kerat_report.c) || exit 1
        # shellcheck disable=SC2086
        gcc -o /kerat/build/tests $objs "$o" -lcriterion -lm || exit 1
        ;;
    unity)
        o=$(helper kerat_unity.c) || exit 1
        # shellcheck disable=SC2086
        gcc -o /kerat/build/tests $objs "$o" -lm || exit 1
        ;;
    *)
        # shellcheck disable=SC2086
        gcc -o /kerat/build/tests $objs -lm || exit 1
        ;;
esac
name=$(grep -lsE -- "$MAIN_RE" "$@" | head -n 1)
printf '%s\n%s\n' "$framework" "${name:-tests}" > /kerat/build/framework
