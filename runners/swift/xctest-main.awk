# Writes the main.swift of an XCTest run from the test files (test-compile.sh): every `func testXxx()` (also
# throws/async) of a class that inherits XCTestCase directly, or of an extension of such a class, in file order.
# Each test is its own entry, so throwing, non-throwing and async tests mix freely.
function flush_main() {
    print "import XCTest"
    print ""
    print "KeratXCTest.main(["
    for (i = 1; i <= n; i++) {
        if (cls[i] in isclass) {
            if (isasync[i]) print "    testCase([(\"" fn[i] "\", asyncTest(" cls[i] "." fn[i] "))]),"
            else print "    testCase([(\"" fn[i] "\", " cls[i] "." fn[i] ")]),"
        }
    }
    print "])"
}
FNR == 1 { cur = "" }
/^[ \t]*\/\// { next }
match($0, /(^|[ \t])class[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*:[ \t]*(XCTest\.)?XCTestCase([ \t{,]|$)/) {
    s = substr($0, RSTART, RLENGTH)
    sub(/^[ \t]*class[ \t]+/, "", s)
    sub(/[ \t]*:.*/, "", s)
    cur = s
    isclass[s] = 1
    next
}
match($0, /(^|[ \t])(class|struct|enum|actor)[ \t]+[A-Za-z_][A-Za-z0-9_]*/) {
    s = substr($0, RSTART, RLENGTH)
    sub(/^[ \t]*(class|struct|enum|actor)[ \t]+/, "", s)
    cur = s
    next
}
match($0, /(^|[ \t])extension[ \t]+[A-Za-z_][A-Za-z0-9_]*/) {
    s = substr($0, RSTART, RLENGTH)
    sub(/^[ \t]*extension[ \t]+/, "", s)
    cur = s
    next
}
cur != "" && match($0, /(^|[ \t])func[ \t]+test[A-Za-z0-9_]*[ \t]*\([ \t]*\)/) {
    s = substr($0, RSTART, RLENGTH)
    sub(/^[ \t]*func[ \t]+/, "", s)
    sub(/[ \t]*\(.*/, "", s)
    if ((cur "." s) in seen) next
    seen[cur "." s] = 1
    n++
    cls[n] = cur
    fn[n] = s
    rest = substr($0, RSTART + RLENGTH)
    isasync[n] = (rest ~ /^[ \t]*async/) ? 1 : 0
}
END { flush_main() }
