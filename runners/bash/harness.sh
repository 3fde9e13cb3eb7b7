#!/bin/bash
# Kerat's bats harness (tests mode). See README.md beside this file.
#
# Checks the syntax of every submitted shell file with `bash -n` (a failure is {"event":"compile_error"} with bash's
# message), then runs the .bats test files with bats, whose extended TAP stream (--formatter cat -T) goes through
# a pipe to this harness and never to the run's stdout: the tests' own output is captured by bats (and shown in a
# failed test's message). While bats runs, results.jq appends one line per finished test to results.jsonl (what a
# kill at a limit leaves); once bats has ended, the whole stream is converted again, with failure messages and
# the check against lines the code under test wrote into bats's stream, and replaces the file, with "done".
cd /workspace || exit 1
out=/kerat/out/results.jsonl
tmp=/kerat/out/.results-$$.tmp
tap=/tmp/.kerat-bats-$$.tap
: > "$out"

compile_error() { # compile_error MESSAGE
    jq -n -c --arg m "$1" '{event: "compile_error", message: $m}, {event: "done"}' > "$tmp" && mv -f "$tmp" "$out"
    exit 1
}

IFS=: read -r -a sources <<< "${KERAT_SOURCE_FILES:-}"
IFS=: read -r -a tests <<< "${KERAT_TEST_FILES:-}"
for f in "${sources[@]}" "${tests[@]}"; do
    case "$f" in
        *.sh | *.bash)
            msg=$(bash -n "$f" 2>&1) || compile_error "${msg:-bash -n $f failed}"
            ;;
    esac
done
files=()
for f in "${tests[@]}"; do
    case "$f" in -*.bats) files+=("./$f") ;; *.bats) files+=("$f") ;; esac
done
[ "${#files[@]}" -gt 0 ] || compile_error "no bats test files: expected test files named *.bats"

# bats's own stderr (an unreadable file, a parse error) goes to the run's stderr
bats --formatter cat -T "${files[@]}" 3>&- < /dev/null \
    | tee "$tap" | jq -R -n -c --unbuffered --argjson final false -f /kerat/runner/results.jq >> "$out"
codes=("${PIPESTATUS[@]}")
if ! head -n 1 "$tap" | grep -qE '^[0-9]+\.\.[0-9]+$'; then
    # bats stopped before its plan (e.g. a .bats file it cannot preprocess): no "done", a runtime_error
    echo "bats ended (exit code ${codes[0]}) before running any test" >&2
    exit 1
fi
if grep -q '^not ok [0-9]* bats-gather-tests$' "$tap"; then
    # a .bats file that bash cannot parse: bats reports its syntax error as a failed pseudo-test
    compile_error "$(sed -n 's|^# ||; s|/workspace/||g; /^bats-gather-tests/d; 3,$p' "$tap" | grep -v '^not ok ')"
fi
{ jq -R -n -c --argjson final true -f /kerat/runner/results.jq < "$tap" && echo '{"event":"done"}'; } > "$tmp" \
    || { rm -f "$tmp"; exit 1; }
exec mv -f "$tmp" "$out"
