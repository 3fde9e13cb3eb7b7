# Own-main test programs (no framework the runner knows): the program's stdout (read raw with `jq -R -n`) -> Kerat
# results, then {"event":"done"}. $rc: the program's exit status (128+N for signal N); $name: the test file.
# TAP lines ("ok 1 - name", "not ok 2 - name", "# SKIP"/"# TODO" directives, "#" diagnostics after a failure) give
# one result each; a program that printed none is one result named $name, passed when it exited 0. A program
# that printed TAP but exited non-zero without a failing line gets an extra failed (or, for a signal, errored)
# result named "exit status". These lines share stdout with the code under test: see README (limits).
def tap_line: capture("^(?<not>not )?ok(?![^ \t])[ \t]*(?<num>[0-9]+)?[ \t]*(-[ \t]*)?(?<desc>[^#]*?)[ \t]*(#[ \t]*(?<dir>[A-Za-z]+)[ \t]*(?<why>.*))?$");
def exit_text($rc): if $rc >= 128 then "the test program was killed by signal \($rc - 128)"
                    else "the test program exited with code \($rc)" end;

reduce (inputs | rtrimstr("\r")) as $line ({tests: []};
  ($line | tap_line? // null) as $m
  | if $m != null then
      ($m.dir // "" | ascii_upcase) as $dir
      | .tests += [{name: (if ($m.desc // "") != "" then $m.desc elif $m.num then "test \($m.num)"
                           else "test \(.tests | length + 1)" end),
                    status: (if $dir == "SKIP" or $dir == "TODO" then "skipped"
                             elif $m.not then "failed" else "passed" end),
                    message: (if $dir == "SKIP" or $dir == "TODO" then (if ($m.why // "") == "" then null else $m.why end)
                              else null end),
                    duration_ms: 0}]
    elif (.tests | length) > 0 and .tests[-1].status == "failed" and ($line | test("^[ \t]*#"))
         and ($line | test("^# *(SKIP|TODO)") | not) then
      .tests[-1].message = ((.tests[-1].message // "") + (if .tests[-1].message then "\n" else "" end)
                            + ($line | sub("^[ \t]*# ?"; "")))
    else . end)
| .tests as $tests
# names are unique: a repeated name gets " (2)", " (3)", ...
| [foreach $tests[] as $t ({}; .[$t.name] += 1; [$t, .[$t.name]])
   | .[0] + (if .[1] > 1 then {name: "\(.[0].name) (\(.[1]))"} else {} end)] as $named
| if ($named | length) == 0 then
    {name: $name, status: (if $rc == 0 then "passed" elif $rc >= 128 then "errored" else "failed" end),
     message: (if $rc == 0 then null else exit_text($rc) end), duration_ms: 0}
  else
    ($named[] | if .status == "failed" and .message == null then .message = "not ok" else . end),
    (if $rc != 0 and ([$named[] | select(.status == "failed")] | length) == 0 then
       {name: "exit status", status: (if $rc >= 128 then "errored" else "failed" end), message: exit_text($rc),
        duration_ms: 0}
     else empty end)
  end,
  {event: "done"}
