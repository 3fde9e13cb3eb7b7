# A GoogleTest JSON report (--gtest_output=json) -> Kerat results, one object a line, then {"event":"done"}.
(.testsuites[]? | .name as $suite | .testsuite[]?
  | {name: ($suite + "." + .name),
     status: (if (.failures // []) | length > 0 then "failed"
              elif .status == "NOTRUN" or .result == "SKIPPED" or .result == "SUPPRESSED" then "skipped"
              else "passed" end),
     message: (if (.failures // []) | length > 0 then [.failures[].failure] | join("\n\n")
               elif .status == "NOTRUN" then "disabled" else null end),
     duration_ms: ((.time // "0s") | rtrimstr("s") | tonumber? // 0 | . * 1000 | floor)}),
{event: "done"}
