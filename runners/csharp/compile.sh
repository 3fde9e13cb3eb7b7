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
mcs -nologo -debug -nowarn:105 -optimize+ -langversion:latest -r:System.Numerics.dll -r:Microsoft.CSharp.dll \
  -out:/kerat/build/main.exe "$@" || exit 1
# the launcher that gives the program a buffered stdout (see Launch.cs): compiled into the image by a recipe hook
# (beside a copy of its source), used when that source equals the runner's Launch.cs, else compiled here
kerat_lib=/usr/local/lib/kerat/csharp
if cmp -s /kerat/runner/Launch.cs "$kerat_lib/Launch.cs"; then
  exec cp "$kerat_lib/launch.exe" /kerat/build/launch.exe
fi
exec mcs -nologo -optimize+ -out:/kerat/build/launch.exe /kerat/runner/Launch.cs
