#!/bin/sh
# Tests mode, compile step: the submitted .c files are compiled with their main() renamed to kerat_user_main
# (Criterion brings its own main), the test files as they are, then all are linked with Criterion and the
# runner's report hooks (kerat_report.c: results.jsonl written test by test) into /kerat/build/tests. Any
# compiler error makes the run a compile_error.
cd /workspace || exit 1
set -f
mkdir -p /tmp/obj || exit 1
failed=0
n=0
compile() { # compile FILE EXTRA_FLAGS...
    src=$1
    shift
    n=$((n + 1))
    gcc -O2 -I/workspace "$@" -c "$src" -o "/tmp/obj/$n.o" || failed=1
}
IFS=:
sources=$KERAT_SOURCE_FILES
tests=$KERAT_TEST_FILES
for f in $sources; do
    unset IFS
    case "$f" in *.c) compile "$f" -Dmain=kerat_user_main ;; esac
    IFS=:
done
for f in $tests; do
    unset IFS
    case "$f" in *.c) compile "$f" ;; esac
    IFS=:
done
unset IFS
[ "$failed" -eq 0 ] || exit 1
# without -I/workspace: a submitted header named like a system one must not replace it here
gcc -O2 -c /kerat/runner/kerat_report.c -o /tmp/obj/kerat_report.o || exit 1
set +f
exec gcc -o /kerat/build/tests /tmp/obj/*.o -lcriterion -lm
