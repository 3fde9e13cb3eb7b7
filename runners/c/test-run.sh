#!/bin/sh
# Tests mode, run step: runs /kerat/build/tests the way its framework (/kerat/build/framework, written by
# test-compile.sh) wants and leaves the results in /kerat/out/results.jsonl. The program's own output goes to
# stdout/stderr as usual.
#   criterion  one child process per test (it needs /proc and /dev/shm), a TAP report in /tmp converted by
#              results.jq; while it runs, kerat_report.c appends each finished test to results.jsonl (what the
#              daemon finds if it kills the run at a limit); the converted report then replaces them
#   unity      kerat_unity.c appends each test as Unity reports it; "done" is added when the program ends by
#              itself (a crash or a kill at a limit leaves the tests before it, without "done")
#   main       the program's stdout is kept in /tmp as well; TAP lines in it, or else the exit status, are the
#              results (main.jq)
cd /workspace || exit 1
# (shell builtins where they do the job: each process start costs some 50-100 ms in gVisor)
framework=""
name=""
if [ -f /kerat/build/framework ]; then { read -r framework; read -r name; } < /kerat/build/framework; fi
out=/kerat/out/results.jsonl
tmp=/kerat/out/.results-$$.tmp
case "$framework" in
    unity)
        /kerat/build/tests
        code=$?
        if [ "$code" -ge 128 ]; then
            echo "the test binary was killed by signal $((code - 128))" >&2
            exit 1
        fi
        echo '{"event":"done"}' >> "$out"
        exit 0
        ;;
    main)
        if [ -e /tmp/kerat-rc ] || [ -e /tmp/kerat-stdout ]; then rm -f /tmp/kerat-rc /tmp/kerat-stdout; fi
        { /kerat/build/tests; echo $? > /tmp/kerat-rc; } | tee /tmp/kerat-stdout
        code=""
        if [ -f /tmp/kerat-rc ]; then read -r code < /tmp/kerat-rc; fi
        jq -c -n -R -f /kerat/runner/main.jq --argjson rc "${code:-1}" --arg name "$name" < /tmp/kerat-stdout > "$tmp" \
            || exit 1
        exec mv -f "$tmp" "$out"
        ;;
esac
if [ -e /tmp/criterion.tap ]; then rm -f /tmp/criterion.tap; fi
# --jobs=1, not more (runners/c/README.md, "Criterion"): BoxFort starts workers one at a time anyway (the runner
# waits for each exec'd worker to load its libraries), the sandbox gets 1 CPU of quota by default, and with
# parallel workers the POST_SUITE hook fires while the last tests still run (kerat_report.c would stream them as
# passed, 0 ms, before they end)
/kerat/build/tests --tap=/tmp/criterion.tap --jobs=1 --color=never
code=$?
if [ ! -s /tmp/criterion.tap ]; then
    # Criterion itself died before writing its report: no "done", so the run is a runtime_error.
    echo "the test binary ended (exit code $code) without writing its report" >&2
    exit 1
fi
jq -c -n -R -f /kerat/runner/results.jq < /tmp/criterion.tap > "$tmp" || {
    # jq's exit status, as before; the lines the hooks wrote stay (no "done": a runtime_error)
    code=$?
    rm -f "$tmp"
    exit "$code"
}
exec mv -f "$tmp" "$out"
