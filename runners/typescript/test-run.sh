#!/bin/sh
# Tests mode, run step: the test files were compiled by tsc.js into /kerat/build (x.test.ts -> /kerat/build/x.test.js,
# with source maps); this picks the framework (KERAT_FRAMEWORK when the request named one, else from the submitted
# test files, as runners/node/test-run.sh does for JavaScript) and runs it on the compiled files with the node
# runner's harnesses, baked unchanged into the image at /usr/local/lib/kerat/node:
#   node:test  a test file that imports 'node:test' (or 'test')
#   jest       describe(/test(/it(/expect( without node:test, or '@jest/globals'
# A test file written for a framework the image does not have (mocha + chai, vitest, ava...) is a compile_error
# naming it. Default (nothing recognised): node:test.
cd /workspace || exit 1
RESULTS=${KERAT_RESULTS_FILE:-/kerat/out/results.jsonl}
BUILD=/kerat/build
NODE_RUNNER=/usr/local/lib/kerat/node

# the compiled names of the submitted .ts/.js files: a.ts -> a.js (relative to /kerat/build)
compiled() {
    printf '%s' "$1" | tr ':' '\n' | grep -E '\.(ts|js)$' | grep -vE '\.d\.ts$' | sed -E 's/\.ts$/.js/' | paste -sd: -
}

node_test() {
    # absolute paths: the harness imports each one from the cwd, /workspace (where the tests' data files are too)
    KERAT_TEST_FILES=$(compiled "${KERAT_TEST_FILES:-}" | tr ':' '\n' | sed "s|^|$BUILD/|" | paste -sd: -)
    KERAT_SOURCE_FILES=
    export KERAT_TEST_FILES KERAT_SOURCE_FILES
    exec /usr/bin/node --enable-source-maps --test-reporter=$NODE_RUNNER/reporter.mjs \
        --test-reporter-destination=stderr $NODE_RUNNER/harness.mjs
}
jest() {
    # Jest's root is the compiled tree (its test files are the .js outputs; names relative to it)
    KERAT_TEST_FILES=$(compiled "${KERAT_TEST_FILES:-}")
    KERAT_SOURCE_FILES=$(compiled "${KERAT_SOURCE_FILES:-}")
    KERAT_WORKSPACE=$BUILD
    export KERAT_TEST_FILES KERAT_SOURCE_FILES KERAT_WORKSPACE
    exec /usr/bin/node $NODE_RUNNER/jest/run.js
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

files=$(printf '%s' "${KERAT_TEST_FILES:-}" | tr ':' '\n' | grep -E '\.(ts|js)$' | grep -vE '\.d\.ts$')
[ -n "$files" ] || node_test
q="['\"]"
old_ifs=$IFS
IFS='
'
set -f
for f in $files; do
    if grep -qE "(from|require\(|import\(?)[[:space:]]*${q}(node:)?test${q}" "$f" 2>/dev/null; then node_test; fi
done
for f in $files; do
    for fw in vitest mocha chai ava tap jasmine uvu; do
        if grep -qE "(from|require\(|import\(?)[[:space:]]*${q}${fw}(/[^'\"]*)?${q}" "$f" 2>/dev/null; then
            unsupported "$fw" "$f"
        fi
    done
done
for f in $files; do
    if grep -qE "@jest/globals|(^|[^.[:alnum:]_\$])(describe|x?test|x?it|expect)(\.[a-z]+)?[[:space:]]*\(" "$f" 2>/dev/null; then jest; fi
done
IFS=$old_ifs
node_test
