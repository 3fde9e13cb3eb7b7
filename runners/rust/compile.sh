#!/bin/sh
# Run and cases modes: compiles the crate whose root is the entrypoint (main.rs; `mod` files beside it are found
# by rustc itself) into /kerat/build/main with rustc directly (no cargo: see README).
. /kerat/runner/common.sh
# shellcheck disable=SC2086
exec rustc $rustc_common $KERAT_RUST_CODEGEN --crate-type bin --crate-name "$crate" -o /kerat/build/main "$root"
