# test2json events, read raw line by line while the test binary runs (`jq -c -n -R --unbuffered`) -> one Kerat
# result per test as soon as the test ends (its pass/fail/skip event), so that a run killed at a limit (a test that
# hangs) keeps the results of the finished tests. Same names and message rules as results.jq, but from the events
# seen so far: output that test2json gives a test after its pass/fail/skip event is not in its message, a test
# that never ends is not reported (no "errored"), and there is no {"event":"done"}. At a normal end test-run.sh replaces
# this output with results.jq's, which alone decides the final results. A test that fails with a panic in its output
# is "errored".
# The state holds the running tests only ({text, sub}: its output lines so far, whether it has subtests), rebuilt
# without a test when it ends: jq 1.6 copies foreach's state at every event, and an object it deletes keys from
# keeps growing.
foreach (inputs | fromjson? | select(type == "object" and (.Test | type) == "string")) as $e
  ({running: {}, emit: null};
   .emit = null
   # The first event of a test: its ancestors (TestX for TestX/sub; TestX and TestX/sub for TestX/sub/deep), which
   # run until it ends, have a subtest, so a fail of theirs without a message is no "failed without a message".
   | if .running[$e.Test] == null then
       .running[$e.Test] = {text: [], sub: false}
       | ($e.Test | split("/")) as $p
       | reduce range(1; $p | length) as $i (.; .running[$p[:$i] | join("/")] |= ((. // {text: []}) | .sub = true))
     else . end
   | if $e.Action == "output" then
       .running[$e.Test].text += [$e.Output | strings
                                  | select(test("^\\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):)") | not)
                                  | sub("^\\s+"; "") | sub("\\s+$"; "") | select(length > 0)]
     elif $e.Action == "pass" or $e.Action == "fail" or $e.Action == "skip" then
       .running[$e.Test] as $t
       | ($t.text | join("\n")) as $text
       | .emit = {name: $e.Test,
                  status: (if $e.Action == "pass" then "passed"
                           elif $e.Action == "fail" and ($text | test("(^|\n)panic: ")) then "errored"
                           elif $e.Action == "fail" then "failed"
                           else "skipped" end),
                  message: (if $e.Action == "pass" then null
                            elif $text != "" then $text
                            elif $e.Action == "fail" and ($t.sub | not)
                            then "the test failed without a message (t.Fail, or the test binary exited during this test)"
                            else null end),
                  duration_ms: (if $e.Elapsed != null then ($e.Elapsed * 1000 | floor) else 0 end)}
       | .running |= with_entries(select(.key != $e.Test))
     else . end;
   .emit // empty)
