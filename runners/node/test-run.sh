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

set -f
nl='
'
files="" # the JavaScript test files, one a line
IFS=:
for f in ${KERAT_TEST_FILES:-}; do
    case "$f" in *.js|*.jsx|*.cjs|*.cjsx|*.mjs|*.mjsx) files="$files$f$nl" ;; esac
done
IFS=$nl
[ -n "$files" ] || node_test
q="['\"]"
# One grep for every question (each process costs 50-100 ms under gVisor); its lines are FILE:MATCH (a name has no
# ':', the list is ':'-separated): an import of node:test or of another framework, or a Jest-style call
# shellcheck disable=SC2086 # $files: one name a line (IFS), no globbing (set -f)
marks=$(grep -HoE "(from|require\(|import\(?)[[:space:]]*${q}((node:)?test|vitest|mocha|chai|ava|tap|jasmine|uvu)(/[^'\"]*)?${q}|@jest/globals|(^|[^.[:alnum:]_\$])(describe|x?test|x?it|expect)(\.[a-z]+)?[[:space:]]*\(" $files 2>/dev/null)
uses_jest=
other_files="" # FILE:FRAMEWORK for each import of a framework this runner does not have, in file order
for m in $marks; do
    f=${m%%:*}
    t=${m#*:}
    case "$t" in
        from*|require*|import*)
            case "$t" in
                *[\'\"]test[\'\"]|*[\'\"]node:test[\'\"]) node_test ;;
                *[\'\"]test/*|*[\'\"]node:test/*) ;;
                *)
                    for fw in vitest mocha chai ava tap jasmine uvu; do
                        case "$t" in *[\'\"]"$fw"[\'\"/]*) other_files="$other_files$f:$fw$nl" ;; esac
                    done ;;
            esac ;;
        *) uses_jest=1 ;;
    esac
done
if [ -n "$other_files" ]; then # the first file that imports one, and the first of them in this order
    first=${other_files%%"$nl"*}
    first=${first%:*}
    for fw in vitest mocha chai ava tap jasmine uvu; do
        case "$nl$other_files" in *"$nl$first:$fw$nl"*) unsupported "$fw" "$first" ;; esac
    done
fi
[ -n "$uses_jest" ] && jest
unset IFS
node_test
