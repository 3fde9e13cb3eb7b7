#!/bin/sh
# Tests mode, compile step: the submitted C++ files are compiled with their main() renamed to kerat_user_main
# (GoogleTest's gtest_main brings its own main), the test files as they are, then all are linked with GoogleTest
# and the runner's kerat_listener.cpp (which streams each test's result as it ends) into /kerat/build/tests.
# Any compiler error makes the run a compile_error.
cd /workspace || exit 1
set -f
mkdir -p /tmp/obj || exit 1
# The listener is compiled meanwhile on the second core (it parses gtest.h, a second or two), without
# -I/workspace so that no submitted header can stand in for a system one.
g++ -O2 -std=c++17 -c /kerat/runner/kerat_listener.cpp -o /tmp/kerat_listener.o &
listener=$!
failed=0
n=0
compile() { # compile FILE EXTRA_FLAGS...
    src=$1
    shift
    n=$((n + 1))
    g++ -O2 -std=c++17 -I/workspace "$@" -c "$src" -o "/tmp/obj/$n.o" || failed=1
}
IFS=:
sources=$KERAT_SOURCE_FILES
tests=$KERAT_TEST_FILES
for f in $sources; do
    unset IFS
    case "$f" in *.cpp|*.cc|*.cxx) compile "$f" -Dmain=kerat_user_main ;; esac
    IFS=:
done
for f in $tests; do
    unset IFS
    case "$f" in *.cpp|*.cc|*.cxx) compile "$f" ;; esac
    IFS=:
done
unset IFS
wait "$listener" || failed=1
[ "$failed" -eq 0 ] || exit 1
set +f
exec g++ -o /kerat/build/tests /tmp/obj/*.o /tmp/kerat_listener.o -lgtest -lgtest_main -pthread -lm
