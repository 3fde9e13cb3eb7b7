#!/bin/sh
# Tests mode: picks the framework (KERAT_FRAMEWORK when the request named one, else from the test files) and runs it.
#   node:test  a test file that imports or requires 'node:test' (or 'test')
#   jest       describe(/test(/it(/expect( without node:test, or '@jest/globals'
# A test file written for a framework the image does not have (mocha + chai, vitest, ava, tap, jasmine...) is a
# compile_error naming it. Default (nothing recognised): node:test.
# Run by a pooled sandbox's started node (prestart/boot.js) with KERAT_JEST_HANDOFF=1 and a pipe on fd 3: for Jest it
# only writes "jest", PWD and OLDPWD there (what `cd` exported) and ends, and that node then runs jest/run.js itself
# (in-process, as `node run.js`); every other outcome is this script's own, with the variable and fd 3 gone.
cd /workspace || exit 1
RESULTS=${KERAT_RESULTS_FILE:-/kerat/out/results.jsonl}
handoff=
if [ -n "${KERAT_JEST_HANDOFF:-}" ]; then
    handoff=1
    unset KERAT_JEST_HANDOFF
fi

node_test() {
    if [ -n "$handoff" ]; then exec 3>&-; fi
    exec /usr/bin/node --test-reporter=/kerat/runner/reporter.mjs --test-reporter-destination=stderr /kerat/runner/harness.mjs
}
jest() {
    if [ -n "$handoff" ]; then
        printf 'jest\000%s\000%s\000' "$PWD" "$OLDPWD" >&3
        exit 0
    fi
    exec /usr/bin/node /kerat/runner/jest/run.js
}
unsupported() { # unsupported FRAMEWORK FILE
    printf '{"event":"compile_error","message":"%s uses %s, which this runner does not have (test frameworks: node:test, jest)"}\n{"event":"done"}\n' \
        "$(printf '%s' "$2" | tr -d '"\\' | tr -c '[:print:]' '?')" "$1" >> "$RESULTS"
    exit 1
}

case "${KERAT_FRAMEWORK:-}" in
    node:test) node_test ;;
    jest) jest ;;
esac

files=$(printf '%s' "${KERAT_TEST_FILES:-}" | tr ':' '\n' | grep -E '\.(c|m)?jsx?$')
[ -n "$files" ] || node_test
q="['\"]"
old_ifs=$IFS
IFS='
'
set -f
# (one grep over all the files per question, each process costing tens of ms under gVisor; file by file only to
# name the first unsupported framework)
# shellcheck disable=SC2086 # $files: one name a line (IFS), no globbing (set -f)
if grep -qE "(from|require\(|import\(?)[[:space:]]*${q}(node:)?test${q}" $files 2>/dev/null; then node_test; fi
# shellcheck disable=SC2086
if grep -qE "(from|require\(|import\(?)[[:space:]]*${q}(vitest|mocha|chai|ava|tap|jasmine|uvu)(/[^'\"]*)?${q}" $files 2>/dev/null; then
    for f in $files; do
        for fw in vitest mocha chai ava tap jasmine uvu; do
            if grep -qE "(from|require\(|import\(?)[[:space:]]*${q}${fw}(/[^'\"]*)?${q}" "$f" 2>/dev/null; then
                unsupported "$fw" "$f"
            fi
        done
    done
fi
# shellcheck disable=SC2086
if grep -qE "@jest/globals|(^|[^.[:alnum:]_\$])(describe|x?test|x?it|expect)(\.[a-z]+)?[[:space:]]*\(" $files 2>/dev/null; then jest; fi
IFS=$old_ifs
node_test
