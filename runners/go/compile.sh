#!/bin/sh
# Run and cases modes: builds the package of the entrypoint into /kerat/build/main.
. /kerat/runner/common.sh
prepare_module || exit 1
exec go build $KERAT_GO_BUILDFLAGS $modflag -o /kerat/build/main "./$pkgdir"
