# bats's extended TAP stream (`bats --formatter cat -T`, read raw with `jq -R -n`) -> Kerat results, one object a
# line, in test order. $final: false while bats runs (each status line gives one result at once, no message: what
# a kill at a limit leaves), true once it has ended (results with their failure messages, then the caller adds
# {"event":"done"}).
#
# The stream's lines: "1..N", "suite FILE", "begin N NAME", "ok N NAME in Tms", "not ok N NAME in Tms",
# "ok N NAME in Tms # skip REASON", "# DIAGNOSTIC". Bats gives the tests fd 3 (this stream) to print through, so
# code under test can write into it; a real test has exactly one begin line and one status line, a status line
# always comes after everything the test wrote, so a test whose number shows up with a second begin or status line
# is errored, and numbers past the plan are errored entries of their own: a forged line never makes a test pass.
def status_line: capture("^(?<not>not )?ok (?<n>[0-9]+) (?<rest>.*)$");
def parse_rest: # "NAME in 12ms # skip why" -> {name, ms, skip, why}
  (capture("^(?<name>.*) in (?<ms>[0-9]+)ms # skip ?(?<why>.*)$") | .skip = true)
  // (capture("^(?<name>.*) # skip ?(?<why>.*)$") | .skip = true | .ms = "0")
  // (capture("^(?<name>.*) in (?<ms>[0-9]+)ms$") | .skip = false)
  // {name: ., ms: "0", skip: false};
def trace_line: test("^\\((in test file|from function|in file) ");
def where: capture("^\\(in test file (?<f>.*), line (?<l>[0-9]+)\\)$") as $m | "\($m.f):\($m.l)";

if $final then
  reduce (inputs | rtrimstr("\r")) as $l ({plan: null, file: null, cur: null, tests: {}, order: []};
    if ($l | test("^[0-9]+\\.\\.[0-9]+$")) and .plan == null then .plan = ($l | split("..")[1] | tonumber)
    elif ($l | startswith("suite ")) then .file = ($l | ltrimstr("suite "))
    elif ($l | test("^begin [0-9]+ ")) then
      ($l | capture("^begin (?<n>[0-9]+) (?<name>.*)$")) as $m
      | (if .tests[$m.n] == null then .order += [$m.n] else . end)
      | .tests[$m.n] = ((.tests[$m.n] // {lines: 0, begins: 0, diag: []})
                        | .begins += 1 | .name //= $m.name)
      | .cur = null
    elif ($l | test("^(not )?ok [0-9]+ ")) then
      ($l | status_line) as $m | ($m.rest | parse_rest) as $r
      | (if .tests[$m.n] == null then .order += [$m.n] else . end)
      | .tests[$m.n] = ((.tests[$m.n] // {lines: 0, begins: 0, diag: []})
                        | .lines += 1 | .name //= $r.name | .ms = ($r.ms | tonumber)
                        | .status = (if $m.not then "failed" elif $r.skip then "skipped" else "passed" end)
                        | .why = (if $r.skip and $r.why != "" then $r.why else null end))
      | .cur = $m.n
    elif ($l | startswith("#")) and .cur != null then
      .tests[.cur].diag += [$l | sub("^# ?"; "")]
    else . end)
  | .plan as $plan | .tests as $tests
  | [.order[] | tonumber] | sort | map(tostring)
  | map($tests[.] + {n: (. | tonumber)})
  | map(
      if .lines != 1 or .begins > 1 then
        {name, status: "errored", duration_ms: (.ms // 0),
         message: "bats reported this test more than once: the code under test wrote result lines into bats's output (fd 3)"}
      elif $plan != null and .n > $plan then
        {name, status: "errored", duration_ms: 0,
         message: "a result line for test \(.n), which does not exist (the suite has \($plan)): the code under test wrote into bats's output (fd 3)"}
      elif .status == "failed" then
        ([.diag[] | select(trace_line | not) | sub("^  `"; "`")] | join("\n")) as $msg
        | {name, status: "failed", duration_ms: .ms,
           message: (if $msg == "" then "failed" else $msg end),
           stack_trace: ([.diag[] | select(trace_line) | (where? // .)] | if length == 0 then null else join("\n") end)}
      else {name, status, duration_ms: .ms, message: .why} end)
  # names are unique: a repeated one gets " (2)", " (3)", ...
  | [foreach .[] as $t ({}; .[$t.name] += 1; [$t, .[$t.name]])
     | .[0] + (if .[1] > 1 then {name: "\(.[0].name) (\(.[1]))"} else {} end)]
  | .[]
else
  inputs | rtrimstr("\r") | status_line? // empty
  | . as $m | ($m.rest | parse_rest) as $r
  | {name: $r.name, status: (if $m.not then "failed" elif $r.skip then "skipped" else "passed" end),
     duration_ms: ($r.ms | tonumber)}
end
