#!/bin/sh
# Run once inside the cpp image while it is built (oci-bundles/cpp/image.json copies the runner's helper sources to
# /usr/local/lib/kerat first): compiles what every tests-mode compile would otherwise compile again, with the flags
# test-compile.sh uses, and keeps a copy of each source in src/ (test-compile.sh uses a prebuilt file only when its
# own runner's source is byte-identical to that copy (cmp: one process, where a SHA-256 took four), else it
# compiles the helper itself).
set -eu
cd /usr/local/lib/kerat
# std::vformat without its inline bodies (see runners/cpp/README.md, "std::format's cost"): stdcxx/format is the
# image's own <format> with the four non-template inline vformat functions turned into declarations; their bodies,
# unchanged, are compiled once into libkerat_format.a, which every C++ link names (an archive member is only linked
# where a program calls one). GCC otherwise instantiates all of std::format's machinery at the end of every unit that
# includes <format> (in C++20 also <chrono>, so Catch2 and <bits/stdc++.h>): 0.6-1 s per unit, which a precompiled
# header cannot carry. If the header does not have the expected shape, nothing is made and the scripts use the
# header as it is.
make_format_overlay() {
    hdr=/usr/include/c++/$(g++ -dumpversion)/format
    [ -f "$hdr" ] || return 0
    mkdir -p stdcxx
    awk -v defs=kerat_format.defs '
        pending != "" {
            if ($0 ~ /^  vformat\(.*\)$/) {
                sig = $0; body = 1; n++
                ret = pending; pending = ""
                print "  " ret; print sig ";"
                if (ret == "wstring") print "#ifdef _GLIBCXX_USE_WCHAR_T" > defs
                print "  " ret > defs; print sig > defs
                next
            }
            print "  inline " pending; pending = ""
        }
        body { print > defs; if ($0 == "  }") { body = 0; if (ret == "wstring") print "#endif" > defs } ; next }
        /^  inline w?string$/ { pending = $2; next }
        { print }
        END { print n > "kerat_format.count" }
    ' "$hdr" > stdcxx/format
    if [ "$(cat kerat_format.count)" = 4 ] && {
            printf '%s\n' '#include <format>' '#ifdef __cpp_lib_format' \
                'namespace std _GLIBCXX_VISIBILITY(default)' '{' '_GLIBCXX_BEGIN_NAMESPACE_VERSION'
            cat kerat_format.defs
            printf '%s\n' '_GLIBCXX_END_NAMESPACE_VERSION' '}' '#endif'
        } > kerat_format.cpp \
        && g++ -std=c++20 -O2 -isystem stdcxx -c kerat_format.cpp -o kerat_format.o \
        && [ "$(nm -g --defined-only kerat_format.o | grep -c ' T _ZSt7vformat')" = 4 ] \
        && ar rcs libkerat_format.a kerat_format.o; then
        echo "image-setup: <format> overlay made from $hdr (4 vformat functions in libkerat_format.a)"
    else
        echo "image-setup: $hdr does not have the expected shape; no <format> overlay" >&2
        rm -rf stdcxx libkerat_format.a
    fi
    rm -f kerat_format.count kerat_format.defs kerat_format.cpp kerat_format.o
}
make_format_overlay
# every unit below is compiled as the scripts compile theirs: with the overlay when there is one
FMT=""
[ -f libkerat_format.a ] && FMT="-isystem /usr/local/lib/kerat/stdcxx"
F="-std=c++20 -O1 -pipe -DEXERCISM_RUN_ALL_TESTS $FMT"
g++ $F -c kerat_listener.cpp -o kerat_listener.o
g++ $F -c kerat_catch2.cpp -o kerat_catch2.o
g++ $F -c kerat_doctest.cpp -o kerat_doctest.o
printf '#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN\n#include <doctest/doctest.h>\n' | g++ $F -x c++ -c - -o kerat_doctest_main.o
printf '#define DOCTEST_CONFIG_IMPLEMENT\n#include <doctest/doctest.h>\n' | g++ $F -x c++ -c - -o kerat_doctest_impl.o
# Catch2 and GoogleTest preludes, precompiled (GCC finds NAME.gch next to the header given to -include)
mkdir -p catch2 gtest
for h in catch2/kerat_catch2.hpp catch2/kerat_catch2_v2.hpp gtest/kerat_gtest.hpp; do
    mv "${h#*/}" "$h"
    g++ $F -x c++-header "$h" -o "$h.gch"
done
# Standard headers a translation unit often starts with, precompiled with each mode's exact flags into a directory
# that test-compile.sh and compile.sh add with -I after the submission's own directories. GCC looks for NAME.gch in
# each include directory before NAME, and uses it only where it is valid (the unit's first #include, the same -std,
# -O level and macros); anywhere else it goes on to the real header, silently. Same object code either way.
#   pch/tests  <iostream> with the tests-mode flags (a test program with its own main() starts with it)
#   pch/run    <iostream> and <bits/stdc++.h> with compile.sh's flags (run and cases modes: contest solutions)
mkdir -p pch/tests pch/run/bits
printf '#include <iostream>\n' > /tmp/kerat-iostream.hpp
printf '#include <bits/stdc++.h>\n' > /tmp/kerat-stdcxx.hpp
g++ $F -x c++-header /tmp/kerat-iostream.hpp -o pch/tests/iostream.gch
g++ -O2 -std=c++20 $FMT -x c++-header /tmp/kerat-iostream.hpp -o pch/run/iostream.gch
g++ -O2 -std=c++20 $FMT -x c++-header /tmp/kerat-stdcxx.hpp -o pch/run/bits/stdc++.h.gch
rm -f /tmp/kerat-iostream.hpp /tmp/kerat-stdcxx.hpp
mkdir -p src
cp kerat_listener.cpp kerat_catch2.cpp kerat_doctest.cpp catch2/kerat_catch2.hpp catch2/kerat_catch2_v2.hpp \
    gtest/kerat_gtest.hpp src/
rm -f kerat_listener.cpp kerat_catch2.cpp kerat_doctest.cpp kerat_jsonl.hpp image-setup.sh
