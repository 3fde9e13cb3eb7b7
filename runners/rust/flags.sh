# Shared by the Rust scripts and prebuild.sh (sourced): the code generation flags. Run and cases modes build with
# opt-level 2 (the prebuilt crates too); tests build with opt-level 0 as `cargo test` does (a third less CPU to
# compile under gVisor). No debug info: panics still name their file and line.
KERAT_RUST_CODEGEN="-C opt-level=2 -C debuginfo=0"
KERAT_RUST_TEST_CODEGEN="-C opt-level=0 -C debuginfo=0"
