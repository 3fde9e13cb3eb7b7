#!/bin/sh
# Tests mode, run step: runs the compiled test binary under test2json (the events of `go test -json`) and turns
# the events into /kerat/out/results.jsonl. The program's own output stays inside the events' "Output": it cannot
# write result lines itself.
. /kerat/runner/common.sh
out=/kerat/out/results.jsonl
if [ ! -x /kerat/build/tests.test ]; then
    # `go test -c` writes no binary for a package without tests: report no tests.
    echo '{"event":"done"}' > "$out"
    exit 0
fi
cd "/workspace/$pkgdir" || exit 1
go tool test2json -t /kerat/build/tests.test -test.v -test.paniconexit0 > /tmp/events.json
exec jq -c -n -R -f /kerat/runner/results.jq < /tmp/events.json > "$out"
