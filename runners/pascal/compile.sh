#!/bin/sh
# Run and cases modes: compiles the program file (the entrypoint, main.pas by default) with the units it uses
# (found beside it, in /workspace and in every directory holding a submitted unit) into /kerat/build/main.
. /kerat/runner/common.sh
entry=${KERAT_ENTRYPOINT:-main.pas}
# shellcheck disable=SC2086
fpc $FPC_FLAGS -o/kerat/build/main "$entry" >&2
