#!/bin/sh
# Tests mode, run step: runs the GoogleTest binary with a JSON report in /tmp and turns the report into
# /kerat/out/results.jsonl. The program's own output goes to stdout/stderr, never into the results.
# While it runs, the binary's kerat_listener appends each finished test to /kerat/out/results.jsonl (no "done"
# line), so a run killed at a limit or a crash still shows the tests that ended before.
cd /workspace || exit 1
rm -f /tmp/gtest.json
/kerat/build/tests --gtest_output=json:/tmp/gtest.json --gtest_color=no
code=$?
if [ ! -s /tmp/gtest.json ]; then
    # The binary died before writing its report (a crash, abort or exit() in the code under test): no "done",
    # so the run is a runtime_error carrying the output above, and the streamed results of the tests that
    # ended before stay.
    echo "the test binary ended (exit code $code) without writing its report" >&2
    exit 1
fi
# The complete report replaces the streamed lines at once (a rename in /kerat/out): the final results are the
# report's, also for a test the listener could not write, and a kill during the conversion leaves the streamed
# lines whole.
jq -c -f /kerat/runner/results.jq /tmp/gtest.json > /kerat/out/.results-$$.tmp || exit 1
exec mv -f /kerat/out/.results-$$.tmp /kerat/out/results.jsonl
