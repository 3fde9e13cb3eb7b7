# RUN and CASES modes: compiles every submitted .java file (packages in subdirectories work) into /kerat/build
# and records the entry point's fully qualified class name in /kerat/build/.kerat-main-class for run.sh.
# The main class is the entry point file's package declaration (if any) plus its file name, so both
# "pkg/Main.java" (package pkg;) and a plain "Main.java" or "src/Main.java" (no package) work.
set -f
. /kerat/runner/jvm-flags.sh

IFS=:
set --
for f in $KERAT_SOURCE_FILES; do
  case "$f" in *.java) set -- "$@" "$f" ;; esac
done
unset IFS

# an entry point that is not a .java file (a grader that sends a build file first): the first source with a main
entry="$KERAT_ENTRYPOINT"
case "$entry" in
  *.java) ;;
  *) entry=$(grep -l -E 'static[[:space:]].*void[[:space:]]+main[[:space:]]*\(' "$@" 2>/dev/null | head -n 1)
     if [ -z "$entry" ]; then
       echo "no .java file with a main method was submitted (entry point '$KERAT_ENTRYPOINT')" >&2
       exit 2
     fi ;;
esac

pkg=$(sed -n -e '1s/^\xef\xbb\xbf//' \
  -e 's/^[[:space:]]*package[[:space:]][[:space:]]*\([A-Za-z0-9_$.[:space:]]*\);.*/\1/p' "$entry" \
  | head -n 1 | tr -d '[:space:]')
stem=${entry##*/}
stem=${stem%.java}
if [ -n "$pkg" ]; then main="$pkg.$stem"; else main="$stem"; fi

$KERAT_JAVAC -encoding UTF-8 -proc:none -Xmaxerrs 50 -d /kerat/build "$@" /kerat/runner/KeratMain.java || exit 1

classfile="/kerat/build/$(echo "$main" | tr . /).class"
if [ ! -f "$classfile" ]; then
  echo "$entry does not declare a class named $stem (the entry point's class must match its file name)" >&2
  exit 1
fi
printf '%s\n' "$main" > /kerat/build/.kerat-main-class
