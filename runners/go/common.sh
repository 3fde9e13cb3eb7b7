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
    sh /kerat/runner/gomod.sh "$kgo"
}
