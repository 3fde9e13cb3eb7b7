#!/bin/sh
# Tests mode, compile step: the submitted C++ files are compiled with their main() renamed to kerat_user_main
# (GoogleTest's gtest_main brings its own main), the test files as they are, then all are linked with GoogleTest
# and the runner's kerat_listener.cpp (which streams each test's result as it ends) into /kerat/build/tests.
# Any compiler error makes the run a compile_error.
cd /workspace || exit 1
set -f
mkdir -p /tmp/obj || exit 1
# The listener: the image has it compiled (oci-bundles/cpp/image.json) together with the SHA-256 of the source it
# was compiled from; used when that is this runner's source. Otherwise (an image built before, or a changed
# listener) it is compiled here, meanwhile on the second core (it parses gtest.h: about 2 s of CPU), without
# -I/workspace so that no submitted header can stand in for a system one.
prebuilt=/usr/local/lib/kerat
listener_o=/tmp/kerat_listener.o
listener=""
if [ -f "$prebuilt/kerat_listener.o" ] \
    && [ "$(cat "$prebuilt/kerat_listener.sha256" 2>/dev/null)" = "$(sha256sum < /kerat/runner/kerat_listener.cpp | cut -d' ' -f1)" ]; then
    listener_o=$prebuilt/kerat_listener.o
else
    g++ -O2 -std=c++17 -c /kerat/runner/kerat_listener.cpp -o "$listener_o" &
    listener=$!
fi
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
if [ -n "$listener" ]; then wait "$listener" || failed=1; fi
[ "$failed" -eq 0 ] || exit 1
set +f
exec g++ -o /kerat/build/tests /tmp/obj/*.o "$listener_o" -lgtest -lgtest_main -pthread -lm
