#!/bin/sh
# Tests mode, compile step: builds libtest test binaries into /kerat/build/tests/ and lists them in
# /kerat/build/tests/list ("prefix binary" a line) for test-run.sh:
#   unit   the crate (src/lib.rs or lib.rs when submitted, else the entrypoint) with `rustc --test`: its #[test]
#          functions, including those in `mod` files (a test file that the crate declares with `mod`, e.g.
#          `#[cfg(test)] mod tests;`, belongs here);
#   it-*   each other test file (tests/*.rs, or a test file no `mod` names) as an integration test, as cargo does:
#          compiled with `rustc --test` against the crate built as a library (`use <crate>::...`).
# Any compiler error makes the run a compile_error.
. /kerat/runner/common.sh
rustc_common="$rustc_common $KERAT_RUST_TEST_CODEGEN"
case "${KERAT_FRAMEWORK:-libtest}" in
    libtest) ;;
    *) echo "unknown framework \"$KERAT_FRAMEWORK\": Rust tests run with libtest (#[test])" >&2; exit 1 ;;
esac
for lib in src/lib.rs lib.rs; do
    if [ -f "$lib" ]; then
        root=$lib
        [ -f Cargo.toml ] || crate=lib
        break
    fi
done
out=/kerat/build/tests
mkdir -p "$out" || exit 1
: > "$out/list"
# integration tests: test files that no source declares as a module
its=""
IFS=:
for f in $KERAT_TEST_FILES; do
    unset IFS
    case "$f" in *.rs) ;; *) IFS=:; continue ;; esac
    stem=$(basename "$f" .rs)
    case "$f" in
        tests/*/*) ;;     # a module of an integration test (tests/common/mod.rs)
        tests/*) its="$its $f" ;;
        *) grep -qsE "^[[:space:]]*(pub(\([a-z ]+\))?[[:space:]]+)?mod[[:space:]]+$stem[[:space:]]*;" $(find . -name '*.rs') \
               || its="$its $f" ;;
    esac
    IFS=:
done
unset IFS
# The crate's own tests (skipped when no .rs file has a test attribute and integration tests exist: exercism's
# lib.rs has none) and the library for the integration tests are compiled at the same time (two CPUs).
unit=yes
if [ -n "$its" ] && ! grep -qsE '#\[(test|cfg\(test\))' $(find . -name '*.rs' -not -path './tests/*'); then
    unit=""
fi
pid=""
if [ -n "$unit" ]; then
    # shellcheck disable=SC2086
    rustc $rustc_common --test --crate-name "$crate" -o "$out/unit" "$root" &
    pid=$!
fi
failed=0
if [ -n "$its" ]; then
    # shellcheck disable=SC2086
    if rustc $rustc_common --crate-type lib --crate-name "$crate" -o "$out/lib$crate.rlib" "$root"; then
        for f in $its; do
            stem=$(basename "$f" .rs | tr -- '-' '_')
            # shellcheck disable=SC2086
            rustc $rustc_common --test --crate-name "$stem" --extern "$crate=$out/lib$crate.rlib" -o "$out/it-$stem" "$f" \
                || { failed=1; break; }
            echo "$stem $out/it-$stem" >> "$out/list.its"
        done
    else
        failed=1
    fi
fi
if [ -n "$pid" ]; then
    wait "$pid" || failed=1
    echo "unit $out/unit" >> "$out/list"
fi
[ "$failed" -eq 0 ] || exit 1
[ -f "$out/list.its" ] && cat "$out/list.its" >> "$out/list"
exit 0
