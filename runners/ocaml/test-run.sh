#!/bin/sh
# Tests mode, run step: runs /kerat/build/tests (an OUnit2 program: run_test_tt_main) sequentially with its verbose
# log in a file of its own (-output-file), which no print of the tested code reaches. While the tests run, `tail`
# follows the log into results.pl, which appends one result per finished test to results.jsonl (what a kill at a
# limit leaves); when the program has ended by itself and the log holds OUnit's summary, the log is converted
# again and replaces the file, with {"event":"done"}. The program's own output (OUnit's dots and summary, the
# tested code's prints) is the run's stdout.
cd /workspace || exit 1
out=/kerat/out/results.jsonl
tmp=/kerat/out/.results-$$.tmp
log=/tmp/.kerat-ounit-$$.log
: > "$out"
: > "$log"
/kerat/build/tests -runner sequential -output-file "$log" -cache-filename "/tmp/.kerat-ounit-$$.cache" < /dev/null &
pid=$!
tail -n +1 -s 0.2 -F --pid="$pid" "$log" 2>/dev/null | perl /kerat/runner/results.pl >> "$out" &
follower=$!
wait "$pid"
code=$?
wait "$follower"
if [ "$code" -ge 128 ]; then
    echo "the test program was killed by signal $((code - 128))" >&2
    exit 1
fi
if ! grep -q ' I: Summary:$' "$log"; then
    echo "the test program ended (exit code $code) before OUnit's summary" >&2
    exit 1
fi
{ perl /kerat/runner/results.pl < "$log" && echo '{"event":"done"}'; } > "$tmp" \
    || { rm -f "$tmp"; exit 1; }
exec mv -f "$tmp" "$out"
