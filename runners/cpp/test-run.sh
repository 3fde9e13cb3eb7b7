#!/bin/sh
# Tests mode, run step: runs the GoogleTest binary with a JSON report in /tmp and turns the report into
# /kerat/out/results.jsonl. The program's own output goes to stdout/stderr, never into the results.
cd /workspace || exit 1
rm -f /tmp/gtest.json
/kerat/build/tests --gtest_output=json:/tmp/gtest.json --gtest_color=no
code=$?
if [ ! -s /tmp/gtest.json ]; then
    # The binary died before writing its report (a crash, abort or exit() in the code under test): no "done",
    # so the run is a runtime_error carrying the output above.
    echo "the test binary ended (exit code $code) without writing its report" >&2
    exit 1
fi
exec jq -c -f /kerat/runner/results.jq /tmp/gtest.json > /kerat/out/results.jsonl
