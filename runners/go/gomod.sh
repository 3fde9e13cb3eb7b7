#!/bin/sh
# gomod.sh KERAT_GO_DIR: makes the module in the current directory build offline with the image's Go libraries
# (KERAT_GO_DIR/modules.txt: "path version dir" per module under /usr/share/gocode). Without a go.mod it writes one
# (module "solution"). A submitted go.mod is kept, with these changes: its `go` line becomes the toolchain's 1.24
# (an older one, e.g. exercism's `go 1.18`, would refuse min/max, range over int and the 1.22 loop variables; a
# newer one would ask for a toolchain download) and any `toolchain` line goes; requirements of modules that the image
# does not have are dropped (they cannot be downloaded: a package imported from one fails to build with the go
# command's own message); the image's modules are required and replaced by their directories (a replace by
# directory needs no go.sum and ignores versions, so e.g. `require github.com/stretchr/testify v1.8.4` works).
set -e
dir=$1
modules=$dir/modules.txt
[ -f "$modules" ] || modules=/dev/null
req=""
rep=""
while read -r path ver root; do
    [ -n "$path" ] || continue
    req="$req	$path $ver
"
    rep="$rep	$path => $root
"
done < "$modules"
if [ ! -f go.mod ]; then
    printf 'module solution\n\ngo 1.24\n' > go.mod
    if [ -n "$req" ]; then
        printf '\nrequire (\n%s)\n\nreplace (\n%s)\n' "$req" "$rep" >> go.mod
    fi
    exit 0
fi
edits="-go=1.24 -toolchain=none"
for path in $(go mod edit -json | jq -r '.Require[]?.Path'); do
    if ! grep -q "^$path " "$modules"; then
        edits="$edits -droprequire=$path"
    fi
done
while read -r path ver root; do
    [ -n "$path" ] || continue
    edits="$edits -require=$path@$ver -replace=$path=$root"
done < "$modules"
exec go mod edit $edits
