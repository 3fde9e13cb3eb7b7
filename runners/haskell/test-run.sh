#!/bin/sh
# Tests mode, run step: runs the test program built by test-compile.sh in /workspace. The program itself writes
# the results (lib/Kerat/Results.hs): one line per finished test to /kerat/out/results.jsonl, then "done" when
# hspec or runTestTT reports the end of the suite (an exit, a crash or a kill before that: no "done", a
# runtime_error). Its output, and the student's, is the run's stdout/stderr.
cd /workspace || exit 1
exec /kerat/build/tests
