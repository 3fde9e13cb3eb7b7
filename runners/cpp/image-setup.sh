#!/bin/sh
# Run once inside the cpp image while it is built (oci-bundles/cpp/image.json copies the runner's helper sources to
# /usr/local/lib/kerat first): compiles what every tests-mode compile would otherwise compile again, with the flags
# test-compile.sh uses, and keeps a copy of each source in src/ (test-compile.sh uses a prebuilt file only when its
# own runner's source is byte-identical to that copy (cmp: one process, where a SHA-256 took four), else it
# compiles the helper itself).
set -eu
cd /usr/local/lib/kerat
F="-std=c++20 -O1 -pipe -DEXERCISM_RUN_ALL_TESTS"
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
g++ -O2 -std=c++20 -x c++-header /tmp/kerat-iostream.hpp -o pch/run/iostream.gch
g++ -O2 -std=c++20 -x c++-header /tmp/kerat-stdcxx.hpp -o pch/run/bits/stdc++.h.gch
rm -f /tmp/kerat-iostream.hpp /tmp/kerat-stdcxx.hpp
mkdir -p src
cp kerat_listener.cpp kerat_catch2.cpp kerat_doctest.cpp catch2/kerat_catch2.hpp catch2/kerat_catch2_v2.hpp \
    gtest/kerat_gtest.hpp src/
rm -f kerat_listener.cpp kerat_catch2.cpp kerat_doctest.cpp kerat_jsonl.hpp image-setup.sh
