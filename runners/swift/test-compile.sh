# TESTS mode, compile stage: XCTest. The submitted sources (except a main.swift: its top-level code would clash with
# the test runner's) and the test files are compiled together, with KeratXCTest.swift and a main.swift that
# xctest-main.awk writes from the test files' test methods, into /kerat/build/tests. The module is named after the
# first `@testable import X` / `import X` of the test files that is not a system module, so `@testable import X`
# resolves to the code itself (swiftc warns "file ... is part of module X; ignoring import"), else "Solution".
# A compile error here is compile_error with swiftc's output.
set -f
IFS=:
set --
for f in $KERAT_SOURCE_FILES; do
  case "$f" in main.swift|*/main.swift) ;; *.swift) set -- "$@" "$f" ;; esac
done
ntests=0
tests=
for f in $KERAT_TEST_FILES; do
  case "$f" in *.swift) set -- "$@" "$f"; tests="$tests$f:"; ntests=$((ntests + 1)) ;; esac
done
unset IFS
if [ "$ntests" -eq 0 ]; then
  echo "no .swift test file was submitted" >&2
  exit 1
fi
IFS=:
# shellcheck disable=SC2086
module=$(sed -n 's/^[[:space:]]*\(@testable[[:space:]]\{1,\}\)\{0,1\}import[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\)[[:space:]]*$/\2/p' $tests \
  | grep -v -x -E 'XCTest|Foundation|Glibc|Dispatch|Testing|FoundationEssentials|FoundationNetworking|FoundationXML|RegexBuilder|Synchronization|Observation|Swift|_Concurrency|Darwin|Musl' | head -n 1)
gen=/tmp/kerat-xctest
mkdir -p "$gen"
awk -f /kerat/runner/xctest-main.awk $tests > "$gen/main.swift" || exit 1
unset IFS
if ! grep -q testCase "$gen/main.swift"; then
  echo "no XCTest tests were found: the test files need a class inheriting XCTestCase with func test...() methods" >&2
  exit 1
fi
exec swiftc -module-name "${module:-Solution}" -module-cache-path /tmp/kerat-module-cache -o /kerat/build/tests \
  "$@" /kerat/runner/KeratXCTest.swift "$gen/main.swift"
