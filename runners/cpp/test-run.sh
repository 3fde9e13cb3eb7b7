#!/bin/sh
# Tests mode, run step: runs /kerat/build/tests with the arguments its framework (/kerat/build/framework, written by
# test-compile.sh) takes and leaves the results in /kerat/out/results.jsonl. The program's own output goes to
# stdout/stderr as usual; results never come from it (except for own-main programs: see main).
#   gtest    a JSON report in /tmp converted by results.jq replaces, at the end, the lines kerat_listener.cpp
#            appended test by test
#   catch2, doctest
#            the listener (kerat_catch2.cpp, kerat_doctest.cpp) appends each test as it ends and marks the end
#            of the run; "done" is added when the run ended and the binary was not killed by a signal (a crash
#            or a kill at a limit leaves the tests before it, without "done": runtime_error / the limit)
#   main     stdout is kept in /tmp too; its TAP lines, or else the exit status, are the results (main.jq)
cd /workspace || exit 1
# (shell builtins where they do the job: each process start costs some 50-100 ms in gVisor)
framework=""
name=""
if [ -f /kerat/build/framework ]; then { read -r framework; read -r name; } < /kerat/build/framework; fi
out=/kerat/out/results.jsonl
tmp=/kerat/out/.results-$$.tmp
if [ -e /tmp/kerat-run-ended ]; then rm -f /tmp/kerat-run-ended; fi
case "$framework" in
    catch2|doctest)
        if [ "$framework" = catch2 ]; then
            /kerat/build/tests --order decl --colour-mode none
        else
            /kerat/build/tests --no-colors=true
        fi
        code=$?
        if [ "$code" -ge 128 ] || [ ! -f /tmp/kerat-run-ended ]; then
            echo "the test binary ended (exit code $code) before the end of the test run" >&2
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
if [ -e /tmp/gtest.json ]; then rm -f /tmp/gtest.json; fi
/kerat/build/tests --gtest_output=json:/tmp/gtest.json --gtest_color=no
code=$?
if [ ! -s /tmp/gtest.json ]; then
    # The binary died before writing its report (a crash, abort or exit() in the code under test): no "done",
    # so the run is a runtime_error carrying the output above, and the streamed results of the tests that
    # ended before stay.
    echo "the test binary ended (exit code $code) without writing its report" >&2
    exit 1
fi
# The complete report replaces the streamed lines at once (a rename in /kerat/out): the final results are the
# report's, also for a test the listener could not write, and a kill during the conversion leaves the streamed
# lines whole.
jq -c -f /kerat/runner/results.jq /tmp/gtest.json > "$tmp" || exit 1
exec mv -f "$tmp" "$out"
