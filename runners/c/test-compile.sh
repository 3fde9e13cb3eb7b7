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

# One grep reads every marker the steps below need: each process costs some 50-100 ms in gVisor, and the separate
# greps this replaced were a third of a small suite's compile stage. Its lines are FILE:MATCH (a file name has no
# ':', the lists are ':'-separated): an #include line's directive, UNITY_BEGIN( or a main() definition.
marks=""
[ $# -gt 0 ] && marks=$(grep -HsoE -- "#[[:space:]]*include[[:space:]]*[<\"][^\">]*[\">]|UNITY_BEGIN[[:space:]]*\\(|$MAIN_RE" "$@")
found="" # the frameworks named, as " criterion unity cmocka check cunit "
main_files="" # the test files that define main(), one per line, in the order given
includes="" # the paths the test files #include "quoted", one per line
nl='
'
IFS=$nl
for m in $marks; do
    f=${m%%:*}
    t=${m#*:}
    case "$t" in
        \#*)
            case "$t" in
                *[\<\"]criterion/*) found="$found criterion" ;;
                *[\<\"/]unity.h[\>\"]) found="$found unity" ;;
                *\<cmocka.h\>) found="$found cmocka" ;;
                *\<check.h\>) found="$found check" ;;
                *\<CUnit/*) found="$found cunit" ;;
            esac
            case "$t" in *\"*\") i=${t#*\"}; includes="$includes${i%\"}$nl" ;; esac
            ;;
        UNITY_BEGIN*) found="$found unity" ;;
        *) case "$nl$main_files" in *"$nl$f$nl"*) ;; *) main_files="$main_files$f$nl" ;; esac ;;
    esac
done
unset IFS
found="$found "

framework=$KERAT_FRAMEWORK
case "$framework" in tap) framework=main ;; esac
if [ -z "$framework" ]; then
    case "$found" in
        *" criterion "*) framework=criterion ;;
        *" unity "*) framework=unity ;;
        *" cmocka "*)
            echo "this test suite uses cmocka, which the C runner does not support (it supports criterion, unity and test programs with their own main())" >&2
            exit 1 ;;
        *" check "*)
            echo "this test suite uses Check (check.h), which the C runner does not support (it supports criterion, unity and test programs with their own main())" >&2
            exit 1 ;;
        *" cunit "*)
            echo "this test suite uses CUnit, which the C runner does not support (it supports criterion, unity and test programs with their own main())" >&2
            exit 1 ;;
        *)
            if [ -n "$main_files" ]; then
                framework=main
            else
                echo "no test framework found in the test files: expected Criterion (#include <criterion/criterion.h>), Unity (unity.h) or a test program with its own main()" >&2
                exit 1
            fi ;;
    esac
fi

# objects go to /tmp itself (a fresh tmpfs): a mkdir is one more process
if [ -e /tmp/src ]; then rm -rf /tmp/src; fi
cp -R /workspace /tmp/src || exit 1
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

unignore() { # unignore FILE...: comments out a bare TEST_IGNORE(); in the .c files among them, in one sed
    for f in "$@"; do
        shift
        case "$f" in *.c) set -- "$@" "$f" ;; esac
    done
    if [ $# -gt 0 ]; then sed -i 's#^\([[:space:]]*\)TEST_IGNORE();#\1// TEST_IGNORE();#' "$@" || return 1; fi
}
rename_main=""
case "$framework" in
    criterion) rename_main=-Dmain=kerat_user_main ;;
    *) [ -n "$main_files" ] && rename_main=-Dmain=kerat_user_main ;;
esac

if [ "$framework" = unity ]; then
    unignore "$@" || exit 1
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
included_by_tests() { # included_by_tests FILE: whether a test file #includes FILE (by name or path)
    b=${1##*/}
    IFS=$nl
    for i in $includes; do
        case "$i" in "$b"|*/"$b") unset IFS; return 0 ;; esac
    done
    unset IFS
    return 1
}

failed=0
n=0
objs=""
running=""
compile() { # compile FILE EXTRA_FLAGS...: two compilers at a time (the compile stage has two CPUs)
    src=$1
    shift
    n=$((n + 1))
    objs="$objs /tmp/kerat-$n.o"
    # shellcheck disable=SC2086
    gcc $CFLAGS $incs "$@" -c "$src" -o "/tmp/kerat-$n.o" &
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
        *.c) if included_by_tests "$f"; then :
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
helper() { # helper NAME.c: sets $helper_o to the object to link (one process when the image's is current)
    helper_o=$prebuilt/${1%.c}.o
    want=""
    have=""
    if [ -f "$helper_o" ] && [ -f "$prebuilt/${1%.c}.sha256" ]; then
        read -r want < "$prebuilt/${1%.c}.sha256"
        sha256sum < "/kerat/runner/$1" > /tmp/kerat-sum && read -r have _ < /tmp/kerat-sum
    fi
    if [ -z "$want" ] || [ "$want" != "$have" ]; then
        helper_o=/tmp/kerat-${1%.c}.o
        # shellcheck disable=SC2086
        gcc $CFLAGS -c "/kerat/runner/$1" -o "$helper_o" >&2
    fi
}
# Linked by GNU gold when the image has it (0.3 s where ld.bfd takes 0.5-0.8 s in gVisor). Whenever gold fails or
# says anything at all (warnings), ld.bfd links again and its messages are the ones shown.
link() { # link ARGS...: gcc -o /kerat/build/tests ARGS
    if [ -x /usr/bin/ld.gold ]; then
        gcc -fuse-ld=gold -o /kerat/build/tests "$@" 2> /tmp/kerat-gold.log && ! [ -s /tmp/kerat-gold.log ] && return 0
    fi
    gcc -o /kerat/build/tests "$@"
}
case "$framework" in
    criterion)
        helper kerat_report.c || exit 1
        # shellcheck disable=SC2086
        link $objs "$helper_o" -lcriterion -lm || exit 1
        ;;
    unity)
        helper kerat_unity.c || exit 1
        # shellcheck disable=SC2086
        link $objs "$helper_o" -lm || exit 1
        ;;
    *)
        # shellcheck disable=SC2086
        link $objs -lm || exit 1
        ;;
esac
name=${main_files%%"$nl"*} # the first test file with main() names the test binary
printf '%s\n%s\n' "$framework" "${name:-tests}" > /kerat/build/framework
