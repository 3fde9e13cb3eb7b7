# Shared by the Rust scripts (sourced). Reads the submission's Cargo.toml (if any) for the crate's name, edition
# and dependencies, and sets:
#   root     the crate root: src/lib.rs or lib.rs in tests mode when present, else the entrypoint (main.rs)
#   crate    the crate's name: Cargo.toml's package name ('-' -> '_'), else the crate root's file stem
#   edition  Cargo.toml's edition, else 2021
#   rustc_common  the flags every rustc call gets: edition, the prebuilt crates (--extern); the code generation
#                 flags (flags.sh) come on top
. /kerat/runner/flags.sh
kr=/usr/local/lib/kerat/rust
cd /workspace || exit 1
root=${KERAT_ENTRYPOINT:-main.rs}
[ -f "$root" ] || { [ -f src/main.rs ] && root=src/main.rs; }
edition=2021
crate=""
if [ -f Cargo.toml ] && [ ! -L Cargo.toml ]; then
    # [package] name and edition; the sections' keys only (a plain TOML reader for the few keys used)
    crate=$(sed -n '/^\[package\]/,/^\[/{s/^[[:space:]]*name[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p}' Cargo.toml | head -n 1)
    e=$(sed -n '/^\[package\]/,/^\[/{s/^[[:space:]]*edition[[:space:]]*=[[:space:]]*"\([0-9]*\)".*/\1/p}' Cargo.toml | head -n 1)
    case "$e" in 2015|2018|2021|2024) edition=$e ;; esac
    # dependencies: only the crates prebuilt in the image can be had (no downloads)
    missing=""
    for d in $(sed -n '/^\[\(dev-\)\{0,1\}dependencies\]/,/^\[/{/^[[:space:]]*\[/d;s/^[[:space:]]*\([A-Za-z0-9_-]*\)[[:space:]]*=.*/\1/p}' Cargo.toml) \
             $(sed -n 's/^\[\(dev-\)\{0,1\}dependencies\.\([A-Za-z0-9_-]*\)\].*/\2/p' Cargo.toml); do
        grep -q -- "--extern $(echo "$d" | tr - _)=" "$kr/externs.txt" 2>/dev/null || missing="$missing $d"
    done
    if [ -n "$missing" ]; then
        echo "error: Cargo.toml depends on crates that are not available here (no downloads):$missing" >&2
        echo "note: the crates available are: $(sed 's/^--extern \([^=]*\)=.*/\1/' "$kr/externs.txt" 2>/dev/null | tr '\n' ' ')" >&2
        exit 1
    fi
fi
if [ -z "$crate" ]; then
    crate=$(basename "$root" .rs)
fi
crate=$(echo "$crate" | tr -- '-' '_')
externs=""
if [ -f "$kr/externs.txt" ]; then
    externs="-L dependency=$kr/deps $(cat "$kr/externs.txt")"
fi
rustc_common="--edition $edition --color never $externs"
