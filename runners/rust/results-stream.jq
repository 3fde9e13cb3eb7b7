# libtest's JSON report (`--format json`, read raw with `jq -c -n -R --unbuffered`) -> one Kerat result per
# finished test, written while the tests run. Only an interim stream (see test-run.sh): results.jq replaces it.
# $prefix: "" for the crate's own tests, the file stem for an integration test file ("stem::name").
inputs
| (try fromjson catch null)
| select(type == "object" and .type == "test" and (.event == "ok" or .event == "failed" or .event == "ignored"))
| {name: (if $prefix == "" then .name else $prefix + "::" + .name end),
   status: ({ok: "passed", failed: "failed", ignored: "skipped"}[.event]),
   message: (if .event == "ignored" then .message else null end),
   duration_ms: ((.exec_time // 0) * 1000 | floor)}
