#!/bin/sh
# Tests mode, run step: runs the compiled test binary under test2json (the events of `go test -json`) and turns
# the events into /kerat/out/results.jsonl. The program's own output stays inside the events' "Output": it cannot
# write result lines itself, and with -test.v=test2json the binary frames its own reports, so that a test printing
# "--- FAIL: TestX" cannot pass for a result either.
. /kerat/runner/common.sh
out=/kerat/out/results.jsonl
if [ ! -x /kerat/build/tests.test ]; then
    # `go test -c` writes no binary for a package without tests: report no tests.
    echo '{"event":"done"}' > "$out"
    exit 0
fi
cd "/workspace/$pkgdir" || exit 1
# test2json straight from the toolchain (the image links it beside gocacheprog); `go tool` would start the go
# command first.
if [ -x "$kgo/test2json" ]; then
    set -- "$kgo/test2json"
else
    set -- go tool test2json
fi
# While the binary runs, results-stream.jq writes each test's result as soon as the test ends: a run killed at a
# limit (a test that hangs) keeps the finished tests. tee keeps the whole event log for the final conversion;
# with -p it goes on filling the log if the stream's jq dies (and the test binary does not die of a SIGPIPE).
# The stream's exit status is not used: the final conversion below replaces what it wrote.
"$@" -t /kerat/build/tests.test -test.v=test2json -test.paniconexit0 \
    | tee -p /tmp/events.json | jq -c -n -R --unbuffered -f /kerat/runner/results-stream.jq > "$out"
# The final results: results.jq over the complete event log, written beside results.jsonl and renamed over it,
# so that a run killed meanwhile still has the streamed results. If the conversion fails, the streamed results
# stay (without "done") and the script fails with the conversion's status.
tmp=/kerat/out/results.jsonl.tmp
jq -c -n -R -f /kerat/runner/results.jq < /tmp/events.json > "$tmp" || { st=$?; rm -f "$tmp"; exit "$st"; }
exec mv -f "$tmp" "$out"
