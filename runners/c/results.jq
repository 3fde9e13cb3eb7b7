# Criterion's TAP report (--tap=FILE, read raw with `jq -c -n -R`) -> Kerat results, one object a line, then
# {"event":"done"}. TAP rather than Criterion's --json: Criterion 2.4 writes assertion messages into its JSON
# without escaping quotes or tabs, so a failed string comparison makes that file invalid JSON.
def last_index: (.tests | length) - 1;
def add_line($text): .tests[last_index].lines += [$text];

reduce inputs as $line ({tests: [], header: false};
  if $line | test("^TAP version") then .header = true
  elif $line | test("^(ok|not ok) - ") then
    ($line | capture("^(?<ok>ok|not ok) - (?<suite>[^ :]+)::(?<name>[^ ]+) ?(?<rest>.*)$")) as $m
    | ($m.rest | (capture("\\((?<s>[0-9.]+)s\\)\\s*$") | .s | tonumber * 1000 | floor) // 0) as $ms
    | .tests += [{name: ($m.suite + "::" + $m.name), ok: ($m.ok == "ok"), rest: $m.rest, ms: $ms, lines: []}]
  elif (.tests | length) > 0 and ($line | test("^  - .*: \\|\\+$")) then
    add_line($line | capture("^  - (?<loc>.*): \\|\\+$") | .loc + ":")
  elif (.tests | length) > 0 and ($line | test("^      ")) then
    ($line | ltrimstr("      ") | ltrimstr("Assertion failed: ")) as $text
    | (.tests[last_index].lines | length) as $n
    | if $n > 0 and (.tests[last_index].lines[$n - 1] | endswith(":"))
      then .tests[last_index].lines[$n - 1] += " " + $text
      else add_line($text) end
  else . end)
| (.tests[]
   | (.rest | test("# SKIP")) as $skip
   | {name: .name,
      status: (if .ok and $skip then "skipped" elif .ok then "passed"
               elif (.rest | test("^(unexpected signal|timed out)")) then "errored"
               else "failed" end),
      message: (if .ok and $skip then (.rest | sub("^.*# SKIP ?"; "") | if . == "" then null else . end)
                elif .ok then null
                elif (.rest | test("^unexpected signal")) then "the test crashed: " + .rest
                elif (.rest | test("^timed out")) then "the test " + (.rest | sub(" *\\([0-9.]+s\\)$"; ""))
                elif (.lines | length) > 0 then .lines | join("\n")
                else "the test failed with no assertion message" end),
      duration_ms: .ms}),
  (if .header then {event: "done"} else empty end)
