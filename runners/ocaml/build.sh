#!/bin/sh
# build.sh OUT PACKAGES FILES: compiles the .ml/.mli files among FILES (a ':' list of paths relative to /workspace)
# from a copy in /tmp/src, in dependency order, with every directory that holds one of them on the include path,
# and links them with ocamlfind ocamlc -package PACKAGES into OUT (bytecode: a native build, with an assembler and a
# linker run per module, took 3 times as long, past 30 s under gVisor on a loaded machine).
out=$1
pkgs=$2
list=$3
rm -rf /tmp/src
mkdir -p /tmp/src || exit 1
cp -R /workspace/. /tmp/src/ || exit 1
cd /tmp/src || exit 1
set -f
files=""
incs=""
IFS=:
for f in $list; do
    case "$f" in
        *.ml | *.mli)
            files="$files $f"
            case "$f" in */*) d=${f%/*} ;; *) d=. ;; esac
            case " $incs " in *" -I $d "*) ;; *) incs="$incs -I $d" ;; esac
            ;;
    esac
done
unset IFS
if [ -z "$files" ]; then
    echo "no OCaml source files (.ml)" >&2
    exit 1
fi
# shellcheck disable=SC2086
sorted=$(ocamlfind ocamldep -sort $incs $files) || exit 1
# shellcheck disable=SC2086
exec ocamlfind ocamlc -package "$pkgs" -linkpkg -g $incs $sorted -o "$out"
