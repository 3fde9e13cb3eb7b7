# RUN and CASES modes: compiles every submitted .kt file with kotlinc (K2JVMCompiler on the image's JDK 21) into
# /kerat/build and records the entry point's class in /kerat/build/.kerat-main-class for run.sh: the file's
# package (if any) plus its file facade class, "main.kt" -> MainKt, "hello_world.kt" -> Hello_worldKt (the first
# letter upper-cased, characters that cannot be in a name as '_'), or the name given by @file:JvmName("...").
set -f
. /kerat/runner/kotlin-env.sh
IFS=:
set --
for f in $KERAT_SOURCE_FILES; do
  case "$f" in *.kt) set -- "$@" "$f" ;; esac
done
unset IFS
if [ $# -eq 0 ]; then
  echo "no .kt file was submitted" >&2
  exit 2
fi
entry="$KERAT_ENTRYPOINT"
case "$entry" in
  *.kt) ;;
  *) entry=$(grep -l -E '^[[:space:]]*fun[[:space:]]+main[[:space:]]*\(' "$@" 2>/dev/null | head -n 1)
     [ -n "$entry" ] || entry=$1 ;;
esac

$KERAT_KOTLINC -cp "$KERAT_KOTLIN_RT" -d /kerat/build "$@" || exit 1

pkg=$(sed -n -e '1s/^\xef\xbb\xbf//' -e 's/^[[:space:]]*package[[:space:]][[:space:]]*\([A-Za-z0-9_.]*\).*/\1/p' "$entry" | head -n 1)
jvmname=$(sed -n 's/^[[:space:]]*@file:JvmName("\([A-Za-z0-9_$]*\)").*/\1/p' "$entry" | head -n 1)
if [ -n "$jvmname" ]; then
  cls=$jvmname
else
  stem=${entry##*/}
  stem=${stem%.kt}
  first=$(printf '%s' "$stem" | cut -c1 | tr '[:lower:]' '[:upper:]')
  rest=$(printf '%s' "$stem" | cut -c2- | sed 's/[^A-Za-z0-9_]/_/g')
  cls="${first}${rest}Kt"
fi
if [ -n "$pkg" ]; then main="$pkg.$cls"; else main="$cls"; fi
classfile="/kerat/build/$(echo "$main" | tr . /).class"
if [ ! -f "$classfile" ]; then
  echo "$entry has no top-level fun main (no class $main was compiled from it)" >&2
  exit 1
fi
printf '%s\n' "$main" > /kerat/build/.kerat-main-class
