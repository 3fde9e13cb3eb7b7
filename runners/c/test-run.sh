#!/bin/sh
# Tests mode, run step: runs the Criterion binary (one child process per test; it needs /proc and /dev/shm) with a
# TAP report in /tmp and turns the report into /kerat/out/results.jsonl. While it runs, the binary's report hooks
# (kerat_report.c) append each finished test to results.jsonl, which is what the daemon finds if it kills the run
# at a limit; the TAP report, written only at the end, then replaces them (temp file + rename) with the complete
# results and the "done" line. The program's own output goes to stdout/stderr, never into the results.
cd /workspace || exit 1
rm -f /tmp/criterion.tap
/kerat/build/tests --tap=/tmp/criterion.tap --jobs=1 --color=never
code=$?
if [ ! -s /tmp/criterion.tap ]; then
    # Criterion itself died before writing its report: no "done", so the run is a runtime_error.
    echo "the test binary ended (exit code $code) without writing its report" >&2
    exit 1
fi
tmp=/kerat/out/results.jsonl.tmp
jq -c -n -R -f /kerat/runner/results.jq < /tmp/criterion.tap > "$tmp" || {
    # jq's exit status, as before; the lines the hooks wrote stay (no "done": a runtime_error)
    code=$?
    rm -f "$tmp"
    exit "$code"
}
exec mv -f "$tmp" /kerat/out/results.jsonl
