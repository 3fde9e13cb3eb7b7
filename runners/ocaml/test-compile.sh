#!/bin/sh
# Tests mode, compile step: the submitted files and the test files (.ml/.mli), in dependency order, linked with
# OUnit2 (ocamlfind package ounit2; str and unix too) into /kerat/build/tests. Any error: compile_error.
list=$KERAT_SOURCE_FILES
[ -n "$KERAT_TEST_FILES" ] && list="$list:$KERAT_TEST_FILES"
exec /bin/sh /kerat/runner/build.sh /kerat/build/tests "ounit2,str,unix" "$list"
