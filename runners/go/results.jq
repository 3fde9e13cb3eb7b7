# test2json events (one JSON object a line, read raw with `jq -c -n -R`) -> Kerat results, one object a line,
# then {"event":"done"} if the test binary ran: its final package-level pass/fail event, or (after a panic or an
# os.Exit, which end the binary early) at least one test event. Tests after a panic are not reported, as in `go test`.
# A test that fails with a panic ("panic: ..." in its output) is "errored", like an exception in other languages.
def result($ev; $name):
  ($ev | map(select(.Test == $name))) as $mine
  | ($mine | map(select(.Action == "pass" or .Action == "fail" or .Action == "skip")) | last) as $fin
  | ($mine | map(select(.Action == "output") | .Output)
           | map(select(test("^\\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):)") | not))
           | map(sub("^\\s+"; "") | sub("\\s+$"; "")) | map(select(length > 0)) | join("\n")) as $text
  | {name: $name,
     status: (if $fin == null then "errored"
              elif $fin.Action == "pass" then "passed"
              elif $fin.Action == "fail" and ($text | test("(^|\n)panic: ")) then "errored"
              elif $fin.Action == "fail" then "failed"
              else "skipped" end),
     message: (if $fin == null then ("the test did not finish" + (if $text == "" then "" else ": " + $text end))
               elif $fin.Action == "pass" then null
               elif $text != "" then $text
               elif $fin.Action == "fail" and ($ev | any(.[]; .Test | startswith($name + "/")) | not)
               then "the test failed without a message (t.Fail, or the test binary exited during this test)"
               else null end),
     duration_ms: (if $fin != null and $fin.Elapsed != null then ($fin.Elapsed * 1000 | floor) else 0 end)};

[inputs | fromjson? | select(type == "object")] as $all
| ($all | map(select(.Test != null))) as $ev
| ($ev | reduce .[] as $e ({seen: {}, order: []};
      if .seen[$e.Test] then . else .seen[$e.Test] = true | .order += [$e.Test] end) | .order) as $names
| ($names[] as $name | result($ev; $name)),
  (if any($all[]; .Test == null and (.Action == "pass" or .Action == "fail")) or ($ev | length) > 0
   then {event: "done"} else empty end)
