# Shared by the Fortran scripts (sourced). build_objects FILE...: compiles the files into /tmp/obj (modules into
# /tmp/mod), in an order that puts every module before its users: files whose compile fails are tried again after
# the others, as long as a round makes progress; the last round's errors are the compile error. Sets $objs.
cd /workspace || exit 1
set -f
FFLAGS="-O2 -pipe -ffree-line-length-none"
rm -rf /tmp/obj /tmp/mod
mkdir -p /tmp/obj /tmp/mod || exit 1
objs=""
build_objects() {
    pending="$*"
    while [ -n "$pending" ]; do
        left=""
        progress=0
        for f in $pending; do
            o="/tmp/obj/$(echo "$f" | tr '/' '_').o"
            # shellcheck disable=SC2086
            if gfortran $FFLAGS -J/tmp/mod -I/tmp/mod -I/workspace -c "$f" -o "$o" 2> /tmp/obj/last.err; then
                objs="$objs $o"
                progress=1
            else
                left="$left $f"
            fi
        done
        if [ "$progress" -eq 0 ]; then
            # no file compiled in this round: show each remaining file's errors
            for f in $left; do
                # shellcheck disable=SC2086
                gfortran $FFLAGS -J/tmp/mod -I/tmp/mod -I/workspace -c "$f" -o /dev/null
            done
            return 1
        fi
        pending=$left
    done
}
is_program() { # the file has a main program (a `program` statement)
    grep -qiE '^[[:space:]]*program[[:space:]]+[a-z]' "$1"
}
fortran_files() { # fortran_files LIST: the Fortran sources of a ':'-separated list
    list=$1
    IFS=:
    for f in $list; do
        case "$f" in *.f90|*.f95|*.f03|*.f08|*.f|*.for|*.F90|*.F) printf '%s\n' "$f" ;; esac
    done
    unset IFS
}
