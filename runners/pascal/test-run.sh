#!/bin/sh
# Tests mode, run step: runs /kerat/build/tests the way its framework (/kerat/build/framework, written by
# test-compile.sh) wants and leaves the results in /kerat/out/results.jsonl. The program's own output goes to
# stdout/stderr as usual.
#   fpcunit  the runner's listener (kerat_fpcunit.pas) appends each test as it ends and "done" when the suite
#            ended; a crash or a halt inside a test leaves the tests before it, without "done"
#   main     the program's stdout is kept in /tmp as well; TAP lines in it, or else the exit status, are the
#            results (main.jq)
cd /workspace || exit 1
framework=$(sed -n 1p /kerat/build/framework 2>/dev/null)
name=$(sed -n 2p /kerat/build/framework 2>/dev/null)
out=/kerat/out/results.jsonl
case "$framework" in
    fpcunit)
        exec /kerat/build/tests
        ;;
    main)
        tmp=/kerat/out/.results-$$.tmp
        rm -f /tmp/kerat-rc /tmp/kerat-stdout
        { /kerat/build/tests; echo $? > /tmp/kerat-rc; } | tee /tmp/kerat-stdout
        code=$(cat /tmp/kerat-rc 2>/dev/null)
        jq -c -n -R -f /kerat/runner/main.jq --argjson rc "${code:-1}" --arg name "$name" < /tmp/kerat-stdout > "$tmp" \
            || exit 1
        exec mv -f "$tmp" "$out"
        ;;
esac
echo "no compiled tests (/kerat/build/framework)" >&2
exit 1
