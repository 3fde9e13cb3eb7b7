# TESTS mode, run stage: the XCTest binary test-compile.sh built; KeratXCTest.swift's observer writes the results.
export KERAT_RESULTS=/kerat/out/results.jsonl
exec /kerat/build/tests
