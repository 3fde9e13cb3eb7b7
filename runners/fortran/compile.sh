#!/bin/sh
# Run and cases modes: compiles every submitted Fortran file (modules before their users) and links them into
# /kerat/build/main; the entrypoint (main.f90 by default) holds the main program.
. /kerat/runner/common.sh
# shellcheck disable=SC2046
build_objects $(fortran_files "$KERAT_SOURCE_FILES") || exit 1
# shellcheck disable=SC2086
exec gfortran -o /kerat/build/main $objs
