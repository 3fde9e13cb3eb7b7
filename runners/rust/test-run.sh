#!/bin/sh
# Tests mode, run step: runs each test binary of /kerat/build/tests/list (test-compile.sh) with libtest and writes
# the results to /kerat/out/results.jsonl.
# Each binary runs with `--logfile` (libtest writes each finished test's status there itself, one line a test) and
# its JSON report on stdout (`--format json`, which needs RUSTC_BOOTSTRAP=1). libtest captures what tests print with
# print!/eprint! and what a panic prints, but a write straight to the process's stdout (io::stdout().write_all)
# lands in that report: so the report is only streamed (results-stream.jq writes each result as its test ends, what
# the daemon finds if it kills the run at a limit) and then replaced by results.jq, whose statuses come from the
# log file alone; the report gives failed tests their panic message (its "stdout" field).
# "done" is written when every binary ended by itself (exit 0, or 101 for failed tests).
cd /workspace || exit 1
out=/kerat/out/results.jsonl
list=/kerat/build/tests/list
export RUSTC_BOOTSTRAP=1
: > "$out"
n=0
while read -r prefix bin; do
    n=$((n + 1))
    [ "$prefix" = unit ] && prefix=""
    rm -f "/tmp/kerat-log-$n"
    rm -f "/tmp/kerat-rc-$n"
    { "$bin" -Z unstable-options --format json --report-time --logfile "/tmp/kerat-log-$n"; echo $? > "/tmp/kerat-rc-$n"; } \
        | tee -p "/tmp/kerat-events-$n" | jq -c -n -R --unbuffered -f /kerat/runner/results-stream.jq --arg prefix "$prefix" >> "$out"
    code=$(cat "/tmp/kerat-rc-$n" 2>/dev/null)
    code=${code:-1}
    if [ "$code" -ne 0 ] && [ "$code" -ne 101 ]; then
        if [ "$code" -ge 128 ]; then
            echo "the test binary ${bin##*/} was killed by signal $((code - 128))" >&2
        else
            echo "the test binary ${bin##*/} exited with code $code before its tests ended" >&2
        fi
        exit 1
    fi
done < "$list"
tmp=/kerat/out/.results.tmp
: > "$tmp"
n=0
while read -r prefix bin; do
    n=$((n + 1))
    [ "$prefix" = unit ] && prefix=""
    [ -f "/tmp/kerat-log-$n" ] || : > "/tmp/kerat-log-$n"
    jq -c -n -R -f /kerat/runner/results.jq --arg prefix "$prefix" --rawfile events "/tmp/kerat-events-$n" \
        < "/tmp/kerat-log-$n" >> "$tmp" || { st=$?; rm -f "$tmp"; exit "$st"; }
done < "$list"
echo '{"event":"done"}' >> "$tmp"
exec mv -f "$tmp" "$out"
