# libtest's log file (`--logfile`, read raw with `jq -c -n -R`) -> Kerat results, one object a line. libtest writes
# one line per finished test itself: "<status>[: <message>] <name>[ <secs>s>]" with status ok, failed or ignored
# (names are Rust paths: no blanks). $events: the binary's JSON report (--format json), which gives a failed test
# the output libtest captured for it; the panic's message and place are taken from it. $prefix: "" for the crate's
# own tests, else the integration test file's stem ("stem::name").
def captured:
  [$events | split("\n")[] | (try fromjson catch null)
   | select(type == "object" and .type == "test" and .event == "failed") | {key: .name, value: (.stdout // "")}]
  | from_entries;
def panic($name):
  # "thread '<name>' panicked at <file:line:col>:\n<message>\nnote: run with `RUST_BACKTRACE=1` ..."
  (capture("thread '(?<t>[^']*)' panicked at (?<loc>[^\n]*):\n(?<msg>(.|\n)*)$") // null)
  | if . == null then null
    else {loc: .loc, msg: (.msg | sub("\nnote: run with `RUST_BACKTRACE=1`(.|\n)*$"; "") | rtrimstr("\n"))} end;

captured as $out
| inputs
| select(test("^(ok|failed|ignored)"))
| capture("^(?<head>.*?)(?: <(?<secs>[0-9.]+)s>)?$") as $l
| ($l.head | capture("^(?<status>ok|failed|ignored)(?:: (?<msg>.*))? (?<name>[^ ]+)$")) as $m
| ($out[$m.name] // "") as $text
| ($text | panic($m.name)) as $p
| {name: (if $prefix == "" then $m.name else $prefix + "::" + $m.name end),
   status: ({ok: "passed", failed: "failed", ignored: "skipped"}[$m.status]),
   message: (if $m.status == "ok" then null
             elif $m.status == "ignored" then $m.msg
             elif $m.msg != null then $m.msg
             elif $p != null then $p.msg
             elif $text != "" then ($text | rtrimstr("\n"))
             else "the test failed" end),
   stack_trace: (if $m.status == "failed" and $p != null then "panicked at " + $p.loc else null end),
   duration_ms: (($l.secs // "0") | tonumber * 1000 | floor)}
