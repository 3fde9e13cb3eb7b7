# A GoogleTest JSON report (--gtest_output=json) -> Kerat results, one object a line, then {"event":"done"}.
(.testsuites[]? | .name as $suite | .testsuite[]?
  | {name: ($suite + "." + .name),
     status: (if .status == "NOTRUN" or .result == "SKIPPED" or .result == "SUPPRESSED" then "skipped"
              elif (.failures // []) | length > 0 then "failed"
              else "passed" end),
     message: (if (.failures // []) | length > 0 then [.failures[].failure] | join("\n\n") else null end),
     duration_ms: ((.time // "0s") | rtrimstr("s") | tonumber? // 0 | . * 1000 | floor)}),
{event: "done"}
