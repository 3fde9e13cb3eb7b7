# Shared by the Go scripts (sourced): build flags, the image's prebuilt build cache, the package to build.
. /kerat/runner/flags.sh
kgo=/usr/local/lib/kerat/go
cd /workspace || exit 1
# The standard library and the image's Go libraries come compiled from the image (prebuild.sh), served read-only
# by gocacheprog; GOCACHE (/tmp/go-cache) holds only what the go command keeps beside it. An image without them
# still works: everything is compiled in the sandbox (slowly).
if [ -x "$kgo/gocacheprog" ] && [ -d "$kgo/cache" ]; then
    export GOCACHEPROG="$kgo/gocacheprog $kgo/cache"
fi
# The package to build: the directory holding the entrypoint (KERAT_ENTRYPOINT is relative to /workspace).
pkgdir=$(dirname "${KERAT_ENTRYPOINT:-main.go}")
# prepare_module: go.mod made to build offline (gomod.sh); a submitted vendor directory is used as it is.
modflag=""
prepare_module() {
    if [ -f vendor/modules.txt ] && [ -f go.mod ]; then
        modflag=-mod=vendor
        return 0
    fi
    sh /kerat/runner/gomod.sh "$kgo" || return 1
    rename_std_module
}
# rename_std_module: a module whose path is a standard library package's (exercism's older `module time`,
# `module maps`, `module strings`) cannot build its own root package: the go command finds that import path in
# the standard library too ("ambiguous import: found package time in multiple modules"). Such a module becomes
# kerat.local/<path>: package-internal tests are unaffected (the package clause does not change), and an import of
# "<path>" keeps meaning the standard library, as it does for the go command. Left alone when a submitted Go file
# imports a package below the module by its path ("time/sub"), which the rename would break.
rename_std_module() {
    mp=$(sed -n 's/^[[:space:]]*module[[:space:]][[:space:]]*"\{0,1\}\([^"[:space:]]*\).*/\1/p' go.mod | head -n 1)
    case "$mp" in ""|*.*) return 0 ;; esac
    goroot=$(readlink -f "$(command -v go)" 2>/dev/null) || return 0
    goroot=${goroot%/bin/go}
    ls "$goroot/src/$mp/"*.go > /dev/null 2>&1 || return 0
    if grep -r -l -F --include='*.go' "\"$mp/" . > /dev/null 2>&1; then
        return 0
    fi
    echo "kerat: go.mod names the module \"$mp\", a standard library package: built as kerat.local/$mp" >&2
    go mod edit -module="kerat.local/$mp"
}
