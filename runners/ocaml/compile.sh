#!/bin/sh
# Run/cases mode, compile step: every submitted .ml/.mli file, in dependency order (ocamldep -sort), compiled and
# linked to bytecode with ocamlfind ocamlc (str and unix available) into /kerat/build/main (run by ocamlrun). Compiled from a copy of
# /workspace in /tmp/src with the same relative names, so errors read as in the workspace. Any error: compile_error.
exec /bin/sh /kerat/runner/build.sh /kerat/build/main "str,unix" "$KERAT_SOURCE_FILES"
