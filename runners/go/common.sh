# Shared by the Go scripts (sourced). The user sends no go.mod: write one into the writable /workspace, so that
# a multi-file `package main` (and local sub-packages, imported as "solution/<dir>") builds as one module.
cd /workspace
if [ ! -f go.mod ]; then
    printf 'module solution\n\ngo 1.19\n' > go.mod
fi
# The package to build: the directory holding the entrypoint (KERAT_ENTRYPOINT is relative to /workspace).
pkgdir=$(dirname "${KERAT_ENTRYPOINT:-main.go}")
