# A GoogleTest JSON report (--gtest_output=json) -> Kerat results, one object a line, then {"event":"done"}.
# GoogleTest 1.12 writes each byte of a non-ASCII message into its JSON report as a character of its own
# (U+0080..U+00FF: "é", the bytes C3 A9, arrives as "Ã©"). kerat_utf8 puts the bytes back together as UTF-8; a
# string that is not such a byte sequence (a character above U+00FF, or bytes that are not valid UTF-8) stays as
# it is. Linear: foreach emits each decoded code point (or "bad" from the first invalid byte on).
def kerat_utf8:
  if test("[\u0080-\u00ff]") | not then .
  else explode as $b
  | if any($b[]; . > 255) then .
    else [foreach ($b[], -1) as $c ({need: 0, cp: 0, min: 0, ok: true, emit: null};
        .emit = null
        | if .ok | not then .
          elif $c == -1 then (if .need != 0 then .ok = false else . end)
          elif .need == 0 then
            if $c < 128 then .emit = $c
            elif $c >= 194 and $c <= 223 then .need = 1 | .cp = $c - 192 | .min = 128
            elif $c >= 224 and $c <= 239 then .need = 2 | .cp = $c - 224 | .min = 2048
            elif $c >= 240 and $c <= 244 then .need = 3 | .cp = $c - 240 | .min = 65536
            else .ok = false end
          elif $c >= 128 and $c <= 191 then
            .cp = .cp * 64 + ($c - 128) | .need -= 1
            | if .need > 0 then .
              elif .cp < .min or .cp > 1114111 or (.cp >= 55296 and .cp <= 57343) then .ok = false
              else .emit = .cp end
          else .ok = false end;
        if .ok | not then "bad" elif .emit != null then .emit else empty end)] as $out
    | if any($out[]; . == "bad") then . else $out | implode end
    end
  end;

(.testsuites[]? | .name as $suite | .testsuite[]?
  | {name: ($suite + "." + .name),
     status: (if (.failures // []) | any(.failure | test("^(unknown file|[^\n]*:[0-9]+)?\n?(C\\+\\+ exception with description|Unknown C\\+\\+ exception thrown)"))
              then "errored"
              elif (.failures // []) | length > 0 then "failed"
              elif .status == "NOTRUN" or .result == "SKIPPED" or .result == "SUPPRESSED" then "skipped"
              else "passed" end),
     message: (if (.failures // []) | length > 0 then [.failures[].failure] | join("\n\n") | kerat_utf8
               elif .status == "NOTRUN" then "disabled" else null end),
     duration_ms: ((.time // "0s") | rtrimstr("s") | tonumber? // 0 | . * 1000 | floor)}),
{event: "done"}
