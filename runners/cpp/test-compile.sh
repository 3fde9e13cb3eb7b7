#!/bin/sh
# Tests mode, compile step. Picks the framework ($KERAT_FRAMEWORK, else detected from the test files), compiles the
# submitted files and the test files (with the support files shipped with them) into /kerat/build/tests and records
# the framework in /kerat/build/framework for test-run.sh. Any compiler error makes the run a compile_error. The
# files are compiled from a copy of /workspace in /tmp/src under the same relative names (diagnostics read as in the
# workspace); headers are found next to each file, in the root and in every directory holding a submitted header.
#   gtest    GoogleTest (+ gmock); linked with gtest_main unless a test file has its own main(), and with
#            kerat_listener.cpp (results test by test). Every test file gets the precompiled kerat_gtest.hpp
#            (gtest.h) first; gmock.h, when included, is parsed as usual.
#   catch2   Catch2 v3 from Debian. Every test file gets the precompiled kerat_catch2.hpp (all of Catch2) first.
#            A shipped Catch2 v2 single header (catch.hpp) is recognised and stood in for by kerat_catch2_v2.hpp
#            (Catch2 v3 with v2's names; see there), a shipped v3 amalgamated header likewise; test files that
#            only configure Catch's main (tests-main.cpp: CATCH_CONFIG_MAIN + #include) and a shipped
#            catch_amalgamated.cpp are not compiled: Catch2Main is. kerat_catch2.cpp reports test by test.
#   doctest  doctest from Debian: every test file gets Debian's doctest.h first (a shipped doctest.h then adds
#            nothing) and never compiles doctest's implementation; the image's prebuilt implementation (with or
#            without main(), as the tests need) and kerat_doctest.cpp (results test by test) are linked instead.
#   main     every file compiled and linked together; a test file brings main() (TAP output or the exit status)
# The submitted sources' own main() is renamed to kerat_user_main when a framework or a test file brings main().
# EXERCISM_RUN_ALL_TESTS is defined: exercism's C++ test files guard all tests but the first with it.
cd /workspace || exit 1
set -f
CXXFLAGS="-std=c++20 -O1 -pipe -DEXERCISM_RUN_ALL_TESTS"
prebuilt=/usr/local/lib/kerat
# std::format's overlay and its library (image-setup.sh, compile.sh): every unit and the image's precompiled preludes
# are compiled with it, and every link names the library
fmtlib=""
if [ -f "$prebuilt/libkerat_format.a" ]; then
    CXXFLAGS="$CXXFLAGS -isystem $prebuilt/stdcxx"
    fmtlib=$prebuilt/libkerat_format.a
fi
sources=$KERAT_SOURCE_FILES
tests=$KERAT_TEST_FILES

set --
IFS=:
for f in $tests; do case "$f" in *.cpp|*.cc|*.cxx|*.c++|*.C|*.h|*.hpp|*.hh|*.hxx|*.h++|*.ipp|*.inl) set -- "$@" "$f" ;; esac; done
unset IFS
MAIN_RE='^[[:space:]]*(int|auto)[[:space:]]+main[[:space:]]*\('
INC='#[[:space:]]*include[[:space:]]*[<"]'

# One grep reads every marker the steps below need: each process costs some 50-100 ms in gVisor, and the separate
# greps this replaced were a fifth of a small suite's compile stage. Its lines are FILE:MATCH (a file name has no
# ':', the lists are ':'-separated): an #include line's directive, CATCH_CONFIG_MAIN/RUNNER, Catch2 v2's include
# guard or a main() definition.
marks=""
[ $# -gt 0 ] && marks=$(grep -HsoE -- "${INC}[^\">]*[\">]|CATCH_CONFIG_(MAIN|RUNNER)|TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED|$MAIN_RE" "$@")
found=""        # the frameworks named, as " gtest gmock catch2 doctest boost cpputest "
main_files=""   # the test files that define main(), one per line, in the order given (headers too)
config_main=""  # the test files that mention CATCH_CONFIG_MAIN, one per line
config_runner="" # the test files that mention CATCH_CONFIG_RUNNER, one per line
test_includes="" # the paths the test files #include "quoted", one per line
catch_v2=""     # the test files with Catch2 v2's include guard (its single header), one per line
nl='
'
IFS=$nl
for m in $marks; do
    f=${m%%:*}
    t=${m#*:}
    case "$t" in
        \#*)
            case "$t" in
                *[\<\"]gtest/*) found="$found gtest" ;;
                *[\<\"]gmock/*) found="$found gtest gmock" ;;
                *[\<\"/]catch2/*|*[\<\"/]catch.hpp*|*[\<\"/]catch_amalgamated.hpp*) found="$found catch2" ;;
                *[\<\"/]doctest.h*|*[\<\"/]doctest/doctest.h*) found="$found doctest" ;;
                *[\<\"]boost/test/*) found="$found boost" ;;
                *[\<\"]CppUTest/*|*[\<\"]cppunit/*) found="$found cpputest" ;;
            esac
            case "$t" in *\"*\") i=${t#*\"}; test_includes="$test_includes${i%\"}$nl" ;; esac
            ;;
        CATCH_CONFIG_MAIN) config_main="$config_main$f$nl" ;;
        CATCH_CONFIG_RUNNER) config_runner="$config_runner$f$nl" ;;
        TWOBLUECUBES_*) catch_v2="$catch_v2$f$nl" ;;
        *) case "$nl$main_files" in *"$nl$f$nl"*) ;; *) main_files="$main_files$f$nl" ;; esac ;;
    esac
done
unset IFS
found="$found "
listed() { # listed FILE LIST: whether FILE is a line of LIST
    case "$nl$2" in *"$nl$1$nl"*) return 0 ;; esac
    return 1
}

framework=$KERAT_FRAMEWORK
case "$framework" in googletest) framework=gtest ;; catch) framework=catch2 ;; tap) framework=main ;; esac
if [ -z "$framework" ]; then
    case "$found" in
        *" gtest "*) framework=gtest ;;
        *" catch2 "*) framework=catch2 ;;
        *" doctest "*) framework=doctest ;;
        *" boost "*)
            echo "this test suite uses Boost.Test, which the C++ runner does not support (it supports gtest, catch2, doctest and test programs with their own main())" >&2
            exit 1 ;;
        *" cpputest "*)
            echo "this test suite uses CppUTest/CppUnit, which the C++ runner does not support (it supports gtest, catch2, doctest and test programs with their own main())" >&2
            exit 1 ;;
        *)
            if [ -n "$main_files" ]; then
                framework=main
            else
                echo "no test framework found in the test files: expected GoogleTest (gtest/gtest.h), Catch2 (catch2/... or catch.hpp), doctest (doctest.h) or a test program with its own main()" >&2
                exit 1
            fi ;;
    esac
fi

# (each process start costs some 50-100 ms in gVisor: the checks below are shell builtins where they can be)
# objects go to /tmp itself (a fresh tmpfs): a mkdir is one more process
if [ -e /tmp/src ]; then rm -rf /tmp/src; fi
cp -R /workspace /tmp/src || exit 1
cd /tmp/src || exit 1

incs="-I/tmp/src"
all_files="$sources:$tests" # one word first: dash does not split at a ':' written between two expansions
IFS=:
for f in $all_files; do
    case "$f" in
        */*.h|*/*.hpp|*/*.hh|*/*.hxx|*/*.h++|*/*.ipp|*/*.inl)
            d=${f%/*}; case " $incs " in *" -I/tmp/src/$d "*) ;; *) incs="$incs -I/tmp/src/$d" ;; esac ;;
    esac
done
unset IFS
# <iostream> precompiled with these flags (image-setup.sh), after the submission's directories: GCC uses it only where
# it is valid (a unit's first #include, no -include prelude, no -Dmain=...), else it reads the real header
[ -f "$prebuilt/pch/tests/iostream.gch" ] && incs="$incs -I$prebuilt/pch/tests"

# Only configuration for the framework's main (Catch's tests-main.cpp): nothing but preprocessor lines and comments.
only_config() {
    [ "$framework" = catch2 ] && listed "$1" "$config_main" \
        && ! grep -qvE '^[[:space:]]*(#|//|$)' "$1"
}

# The test files compiled as translation units: C++ sources, less a shipped Catch2 amalgamated implementation and
# files that only configure Catch's main. Only these are searched for main() and CATCH_CONFIG_RUNNER: a shipped
# framework header (Catch2 v2's catch.hpp, doctest.h) has its own main() and mentions CATCH_CONFIG_RUNNER behind
# its configuration macros, which made every exercism suite that ships the real catch.hpp link without any main().
tus=""
IFS=:
for f in $tests; do
    unset IFS
    case "$f" in
        *.cpp|*.cc|*.cxx|*.c++|*.C)
            if [ "$framework" = catch2 ] && case "$f" in catch_amalgamated.cpp|*/catch_amalgamated.cpp) true ;; *) false ;; esac; then
                :
            elif only_config "$f"; then
                :
            else
                tus="$tus${tus:+:}$f"
            fi
            ;;
    esac
    IFS=:
done
unset IFS
first_tu() { # first_tu LIST: sets $tu to the first test translation unit that is a line of LIST (else empty)
    tu=""
    IFS=:
    for t in $tus; do
        if listed "$t" "$1"; then tu=$t; break; fi
    done
    unset IFS
}
first_tu "$main_files"
main_tu=$tu # the first test translation unit with main() names the test binary (see the end)
own_main=0
[ -n "$main_tu" ] && own_main=1
rename_main=""
[ "$framework" != main ] || [ "$own_main" = 1 ] && rename_main=-Dmain=kerat_user_main

# the runner's own files: prebuilt in the image when the recorded hash is this runner's source
fresh() { # fresh NAME: whether $prebuilt holds NAME's build from this runner's NAME (the image keeps a copy in src/)
    [ -n "$all_fresh" ] || cmp -s "/kerat/runner/$1" "$prebuilt/src/$1"
}
all_fresh=""
fresh_all() { # fresh_all NAME...: one diff (one process) for the runner files a framework uses, before fresh
    for f in "$@"; do
        shift
        set -- "$@" "$prebuilt/src/$f"
    done
    diff -q --from-file=/kerat/runner "$@" > /dev/null 2>&1 && all_fresh=1
}
pre=""       # -include for test files
links=""     # what the framework adds to the link
bg=""        # a helper compiled meanwhile
case "$framework" in
    gtest)
        fresh_all kerat_listener.cpp kerat_gtest.hpp
        if fresh kerat_listener.cpp && [ -f "$prebuilt/kerat_listener.o" ]; then
            links="$prebuilt/kerat_listener.o"
        else
            g++ $CXXFLAGS -c /kerat/runner/kerat_listener.cpp -o /tmp/kerat-kerat_listener.o &
            bg=$!
            links=/tmp/kerat-kerat_listener.o
        fi
        case "$found" in *" gmock "*) links="$links -lgmock" ;; esac
        # the precompiled prelude only: compiling it here would cost more than it saves
        fresh kerat_gtest.hpp && [ -f "$prebuilt/gtest/kerat_gtest.hpp.gch" ] && pre="-include $prebuilt/gtest/kerat_gtest.hpp"
        if [ "$own_main" = 1 ]; then links="$links -lgtest -pthread"; else links="$links -lgtest_main -lgtest -pthread"; fi
        ;;
    catch2)
        prelude=kerat_catch2.hpp
        for f in "$@"; do
            case "$f" in
                catch.hpp|*/catch.hpp)
                    listed "$f" "$catch_v2" && prelude=kerat_catch2_v2.hpp ;;
                catch_amalgamated.hpp|*/catch_amalgamated.hpp) prelude=kerat_catch2_v2.hpp ;;
            esac
        done
        fresh_all "$prelude" kerat_catch2.cpp
        if fresh "$prelude" && [ -f "$prebuilt/catch2/$prelude.gch" ]; then
            pre="-include $prebuilt/catch2/$prelude"
        else
            pre="-include /kerat/runner/$prelude"
        fi
        if fresh kerat_catch2.cpp && [ -f "$prebuilt/kerat_catch2.o" ]; then
            links="$prebuilt/kerat_catch2.o"
        else
            g++ $CXXFLAGS -c /kerat/runner/kerat_catch2.cpp -o /tmp/kerat-kerat_catch2.o &
            bg=$!
            links=/tmp/kerat-kerat_catch2.o
        fi
        first_tu "$config_runner"
        if [ "$own_main" = 1 ] || [ -n "$tu" ]; then
            links="$links -lCatch2"
        else
            links="$links -lCatch2Main -lCatch2"
        fi
        ;;
    doctest)
        CXXFLAGS="$CXXFLAGS -DDOCTEST_LIBRARY_IMPLEMENTATION"
        pre="-include /usr/include/doctest/doctest.h"
        impl=kerat_doctest_main.o
        [ "$own_main" = 1 ] && impl=kerat_doctest_impl.o
        if fresh kerat_doctest.cpp && [ -f "$prebuilt/$impl" ]; then
            links="$prebuilt/kerat_doctest.o $prebuilt/$impl"
        else
            {
                g++ -std=c++20 -O1 -c /kerat/runner/kerat_doctest.cpp -o /tmp/kerat-kerat_doctest.o \
                    && if [ "$own_main" = 1 ]; then
                        printf '#define DOCTEST_CONFIG_IMPLEMENT\n#include <doctest/doctest.h>\n'
                    else
                        printf '#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN\n#include <doctest/doctest.h>\n'
                    fi | g++ -std=c++20 -O1 -x c++ -c - -o /tmp/kerat-kerat_doctest_impl.o
            } &
            bg=$!
            links="/tmp/kerat-kerat_doctest.o /tmp/kerat-kerat_doctest_impl.o"
        fi
        ;;
esac

# A submitted source that a test file #includes (exercism's C++ concept exercises: #include "log_levels.cpp") is
# compiled as part of that test file, as the authors' build does, and not on its own: compiling it twice would
# define everything in it twice.
# The test files' quoted #includes come from the one grep above.
included_by_tests() { # included_by_tests FILE: whether a test file #includes FILE (by name or path)
    b=${1##*/}
    IFS='
'
    for i in $test_includes; do
        i=${i#*\"}
        i=${i%\"}
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
    g++ $CXXFLAGS $incs "$@" -c "$src" -o "/tmp/kerat-$n.o" &
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
        *.cpp|*.cc|*.cxx|*.c++|*.C) included_by_tests "$f" || compile "$f" $rename_main ;;
    esac
    IFS=:
done
for f in $tus; do # the test translation units, less those that are not compiled (see above)
    unset IFS
    # shellcheck disable=SC2086
    compile "$f" $pre
    IFS=:
done
unset IFS
for p in $running; do wait "$p" || failed=1; done
if [ -n "$bg" ]; then wait "$bg" || failed=1; fi
[ "$failed" -eq 0 ] || exit 1
# Linked by GNU gold: ld.bfd reads the static Catch2/GoogleTest archives with some 16 000 read/lseek calls, each a
# trip through gVisor (4-5 s of the compile stage; gold maps its inputs). Whenever gold fails or says anything at all
# (warnings), ld.bfd links again and its messages are the ones shown, as before gold was used.
# shellcheck disable=SC2086
if ! g++ -fuse-ld=gold -o /kerat/build/tests $objs $links $fmtlib -lm 2> /tmp/kerat-gold.log || [ -s /tmp/kerat-gold.log ]; then
    # shellcheck disable=SC2086
    g++ -o /kerat/build/tests $objs $links $fmtlib -lm || exit 1
fi
printf '%s\n%s\n' "$framework" "${main_tu:-tests}" > /kerat/build/framework
