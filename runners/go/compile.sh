#!/bin/sh
# Run and cases modes: builds the package of the entrypoint into /kerat/build/main.
. /kerat/runner/common.sh
exec go build -o /kerat/build/main "./$pkgdir"
