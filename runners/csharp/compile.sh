# RUN and CASES modes: compiles every submitted .cs file into one program, /kerat/build/main.exe.
# -debug writes main.pdb so that mono --debug shows file:line in stack traces of uncaught exceptions.
set -f
# The entry point is not needed: mcs finds the Main method (several are an error, as with csc).
IFS=:
set --
for f in $KERAT_SOURCE_FILES; do
  case "$f" in *.cs) set -- "$@" "$f" ;; esac
done
unset IFS
. /kerat/runner/prepare.sh
mcs -nologo -debug -nowarn:105 -optimize+ -r:System.Numerics.dll -r:Microsoft.CSharp.dll \
  -out:/kerat/build/main.exe "$@" || exit 1
# the launcher that gives the program a buffered stdout (see Launch.cs)
exec mcs -nologo -optimize+ -out:/kerat/build/launch.exe /kerat/runner/Launch.cs
