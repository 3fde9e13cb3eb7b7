#!/bin/sh
# Run once inside the go image while it is built (oci-bundles/go/image.json, as root in the chroot), never in a
# sandbox. Prepares what does not change between submissions:
#   1. drops what building user code never reads (the toolchain's own sources, its test corpus, API lists, tools
#      other than compile/asm/link/test2json);
#   2. gives the Debian Go libraries that lack one a go.mod (a `replace` to a directory needs it) and lists the
#      modules under /usr/share/gocode in modules.txt ("path version dir"), which gomod.sh turns into require +
#      replace lines so that they import offline;
#   3. compiles the standard library and those libraries into a read-only build cache (cache/), served to the go
#      command by gocacheprog (compiled here too) with exactly the flags the runner's scripts use (flags.sh);
#   4. writes importcfg, the export file in that cache of every standard library package and every library package
#      that built, and compiles kerat-gotest (gotestmain.go): test-compile.sh's fast path, which builds a test
#      binary with compile and link directly from that importcfg, without the go command;
#   5. turns the go command's telemetry off (config/go/telemetry/mode; XDG_CONFIG_HOME points there), which would
#      otherwise write counters and start a second go process in every sandbox.
set -eu
dir=/usr/local/lib/kerat/go
cd "$dir"
. "$dir/flags.sh"
goroot=$(go env GOROOT)
share=$(readlink -f "$goroot/src/..")

# 1. slimming
rm -rf "$share/src/cmd" "$share/test" "$share/api" "$share/misc"
find "$share/src" -name testdata -type d -prune -exec rm -rf {} +
find "$share/src" -name '*_test.go' -type f -delete
tools=$(go env GOTOOLDIR)
for t in "$tools"/*; do
    case "${t##*/}" in
        asm|compile|link|test2json) ;;
        *) rm -f "$t" ;;
    esac
done
ln -sf "$tools/test2json" "$dir/test2json"
ln -sf "$tools/compile" "$dir/compile"
ln -sf "$tools/link" "$dir/link"

# 2. the Debian Go libraries as modules
src=/usr/share/gocode/src
: > modules.txt
# module roots: directories with a go.mod, and the repository directories (host/owner/repo, gopkg.in/name) of
# the older libraries that have none (they get one)
for root in $({ find "$src" -name go.mod -printf '%h\n'
                find "$src" -mindepth 3 -maxdepth 3 -type d \( -path "$src/github.com/*" -o -path "$src/golang.org/x/*" \)
                find "$src" -mindepth 2 -maxdepth 2 -type d -path "$src/gopkg.in/*"; } | sort -u); do
    path=${root#"$src"/}
    case "/$path/" in */_*|*/testdata/*|*/internal/*) continue ;; esac
    if [ ! -f "$root/go.mod" ]; then
        printf 'module %s\n' "$path" > "$root/go.mod"
    fi
    path=$(sed -n 's/^module[[:space:]]*"\{0,1\}\([^"[:space:]]*\).*/\1/p' "$root/go.mod" | head -n 1)
    # the Debian package's upstream version as the module version (for reading only: a replace by directory
    # ignores versions)
    pkg=$(dpkg -S "$root" 2>/dev/null | head -n 1 | cut -d: -f1 || true)
    ver=""
    if [ -n "$pkg" ]; then
        ver=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null | sed 's/^[0-9]*://; s/[-+~].*//' || true)
    fi
    case "$ver" in
        [0-9]*.[0-9]*.[0-9]*) ver="v$ver" ;;
        *) ver=v0.0.0-00010101000000-000000000000 ;;
    esac
    printf '%s %s %s\n' "$path" "$ver" "$root" >> modules.txt
done

# 5. telemetry off
mkdir -p config/go/telemetry
echo off > config/go/telemetry/mode
export XDG_CONFIG_HOME="$dir/config" HOME=/tmp GOPATH=/tmp/kerat-prebuild-gopath GOTOOLCHAIN=local \
    CGO_ENABLED=0 GOPROXY=off GOSUMDB=off GOFLAGS=-mod=mod GO111MODULE=on

# 3. gocacheprog, then the cache
GOCACHE=/tmp/kerat-prebuild-cache go build -trimpath -ldflags=-s -o gocacheprog gocacheprog.go
sha256sum < gocacheprog.go | cut -d' ' -f1 > gocacheprog.sha256
GOCACHE=/tmp/kerat-prebuild-cache go build -trimpath -ldflags=-s -o kerat-gotest gotestmain.go
sha256sum < gotestmain.go | cut -d' ' -f1 > kerat-gotest.sha256
rm -rf cache
export GOCACHE="$dir/cache"
cd /tmp
go build $KERAT_GO_BUILDFLAGS std
rm -rf /tmp/kerat-prebuild && mkdir /tmp/kerat-prebuild && cd /tmp/kerat-prebuild
printf 'module prebuild\n\ngo 1.24\n' > go.mod
sh "$dir/gomod.sh" "$dir"
# every package of the libraries that builds (some need cgo or test-only modules: skipped)
pkgs=$(go list -e -f '{{if not .Error}}{{.ImportPath}}{{end}}' $(cut -d' ' -f1 "$dir/modules.txt" | sed 's|$|/...|') 2>/dev/null || true)
built=""
for p in $pkgs; do
    if go build $KERAT_GO_BUILDFLAGS "$p" 2>/dev/null; then
        built="$built $p"
    else
        echo "prebuild: $p does not build (skipped)"
    fi
done
# 4. the importcfg of kerat-gotest: with the same flags every package is a cache hit, so each export file is the
# cache's own (checked: a file outside the read-only cache would not be in the image, or be a stale copy).
go list -e -export -deps $KERAT_GO_BUILDFLAGS -f '{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}' \
    std testing/internal/testdeps $built > "$dir/importcfg"
if grep -v -q "=$GOCACHE/" "$dir/importcfg" || ! grep -q '^packagefile testing/internal/testdeps=' "$dir/importcfg"; then
    echo "prebuild: importcfg has files outside $GOCACHE or lacks testing/internal/testdeps" >&2
    exit 1
fi
while IFS='=' read -r _ f; do
    [ -f "$f" ] || { echo "prebuild: $f missing" >&2; exit 1; }
done < "$dir/importcfg"
cd /
rm -rf /tmp/kerat-prebuild /tmp/kerat-prebuild-cache /tmp/kerat-prebuild-gopath
rm -f "$GOCACHE/README" "$GOCACHE/trim.txt" "$GOCACHE/testexpire.txt"
chmod -R a+rX "$dir"
