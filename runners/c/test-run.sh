#!/bin/sh
# Tests mode, run step: runs the Criterion binary (one child process per test; it needs /proc and /dev/shm) with a
# TAP report in /tmp and turns the report into /kerat/out/results.jsonl. The program's own output goes to
# stdout/stderr, never into the results.
cd /workspace || exit 1
rm -f /tmp/criterion.tap
/kerat/build/tests --tap=/tmp/criterion.tap --jobs=1 --color=never
code=$?
if [ ! -s /tmp/criterion.tap ]; then
    # Criterion itself died before writing its report: no "done", so the run is a runtime_error.
    echo "the test binary ended (exit code $code) without writing its report" >&2
    exit 1
fi
exec jq -c -n -R -f /kerat/runner/results.jq < /tmp/criterion.tap > /kerat/out/results.jsonl
