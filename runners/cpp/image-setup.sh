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
mkdir -p src
cp kerat_listener.cpp kerat_catch2.cpp kerat_doctest.cpp catch2/kerat_catch2.hpp catch2/kerat_catch2_v2.hpp \
    gtest/kerat_gtest.hpp src/
rm -f kerat_listener.cpp kerat_catch2.cpp kerat_doctest.cpp kerat_jsonl.hpp image-setup.sh
