#!/bin/sh
# Tests mode, run step: runs /kerat/build/tests; its stdout is kept in /tmp as well and turned into
# /kerat/out/results.jsonl by main.jq: TAP lines (ok/not ok, # SKIP, # TODO), else one result from the exit status
# (STOP 1 / ERROR STOP fail it). The program's own output goes to stdout as usual.
cd /workspace || exit 1
name=$(sed -n 2p /kerat/build/framework 2>/dev/null)
out=/kerat/out/results.jsonl
tmp=/kerat/out/.results-$$.tmp
rm -f /tmp/kerat-rc /tmp/kerat-stdout
{ /kerat/build/tests; echo $? > /tmp/kerat-rc; } | tee /tmp/kerat-stdout
code=$(cat /tmp/kerat-rc 2>/dev/null)
jq -c -n -R -f /kerat/runner/main.jq --argjson rc "${code:-1}" --arg name "$name" < /tmp/kerat-stdout > "$tmp" || exit 1
exec mv -f "$tmp" "$out"
