# Shared by the Pascal scripts (sourced): the flags every fpc call gets. fpc writes its messages to stdout: the
# scripts send them to stderr (a compile error's message).
#   -O2            optimise (fpc's own default is -O1... off); -gl: line info, for the places of failed tests
#   -Fu/-Fi        /workspace and every directory holding a submitted unit or include file
#   -FU            compiled units go to /tmp/fpc-units, never beside the sources
#   -vewn -l-      errors, warnings and notes; no banner
cd /workspace || exit 1
set -f
fpc_paths="-Fu/workspace -Fi/workspace"
all="$KERAT_SOURCE_FILES:$KERAT_TEST_FILES" # (a ':' written between two expansions would not split them)
IFS=:
for f in $all; do
    case "$f" in
        */*.pas|*/*.pp|*/*.inc)
            d=${f%/*}
            case " $fpc_paths " in *" -Fu/workspace/$d "*) ;; *) fpc_paths="$fpc_paths -Fu/workspace/$d -Fi/workspace/$d" ;; esac
            ;;
    esac
done
unset IFS
rm -rf /tmp/fpc-units
mkdir -p /tmp/fpc-units || exit 1
FPC_FLAGS="-O2 -l- -v0ewn -FU/tmp/fpc-units $fpc_paths"
