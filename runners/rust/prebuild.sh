#!/bin/sh
# Run once inside the rust image while it is built (oci-bundles/rust/image.json, as root in the chroot), never in
# a sandbox:
#   1. cargo's offline configuration for this build: crates.io replaced by Debian's vendored registry
#      (/usr/share/cargo/registry, the librust-*-dev packages), no network;
#   2. compiles the crates offered to submissions (rand, regex, itertools) once with cargo, with the runner's
#      flags (flags.sh), and keeps their rlibs in deps/ with the `--extern` arguments naming them (externs.txt):
#      a submission links them without compiling them;
#   3. removes what compiling a submission never reads: cargo itself (the scripts call rustc directly), the build
#      directory, rustc's documentation.
set -eu
dir=/usr/local/lib/kerat/rust
cd "$dir"
. "$dir/flags.sh"
mkdir -p cargo-home
cat > config.toml <<'CONF'
[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "/usr/share/cargo/registry"

[net]
offline = true

[term]
color = "never"
CONF
cp config.toml cargo-home/config.toml
export CARGO_HOME="$dir/cargo-home"

# 2. the offered crates, compiled by cargo from the vendored registry
rm -rf prebuilt && mkdir -p prebuilt/src
cat > prebuilt/Cargo.toml <<'TOML'
[package]
name = "kerat_prebuilt"
version = "0.0.0"
edition = "2021"

[dependencies]
rand = "0.8"
regex = "1"
itertools = "*"
TOML
echo 'pub fn unused() {}' > prebuilt/src/lib.rs
cd prebuilt
RUSTFLAGS="$KERAT_RUST_CODEGEN" cargo build --offline --release --lib
cd "$dir"
rm -rf deps && mkdir deps
cp prebuilt/target/release/deps/*.rlib prebuilt/target/release/deps/*.so deps/ 2>/dev/null || true
: > externs.txt
for c in rand regex itertools; do
    f=$(ls deps/lib"$c"-*.rlib | head -n 1)
    echo "--extern $c=$dir/$f" >> externs.txt
done
cat externs.txt

# 3. slimming
rm -rf prebuilt cargo-home config.toml
dpkg --purge cargo
rm -rf /usr/share/doc/rust* /usr/lib/rustlib/src /usr/share/cargo/registry 2>/dev/null || true
du -sh "$dir"
