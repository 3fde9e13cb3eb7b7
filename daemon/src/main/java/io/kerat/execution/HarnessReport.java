package io.kerat.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.util.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a test harness wrote to /kerat/out/results.jsonl. {@link #parse} never throws: bad lines count as garbage. */
record HarnessReport(List<TestResult> tests, boolean finished, String compileError, int garbage) {
    static HarnessReport parse(byte[] raw) {
        List<TestResult> tests = new ArrayList<>();
        if (raw == null) {
            return new HarnessReport(tests, false, null, 0);
        }
        boolean done = false;
        String compileError = null;
        int garbage = 0;
        for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = Json.mapper().readTree(line);
            } catch (IOException e) {
                garbage++;
                continue;
            }
            if (!n.isObject()) {
                garbage++;
                continue;
            }
            String event = n.path("event").asText("");
            if (event.equals("done")) {
                done = true;
            } else if (event.equals("compile_error")) {
                compileError = n.path("message").asText("");
            } else if (n.hasNonNull("name") && n.hasNonNull("status")) {
                String st = n.path("status").asText();
                if (!List.of("passed", "failed", "errored", "skipped").contains(st)) {
                    garbage++;
                    continue;
                }
                tests.add(new TestResult(n.path("name").asText(), st, st.equals("passed"),
                        n.hasNonNull("message") ? n.path("message").asText() : null,
                        n.hasNonNull("stack_trace") ? n.path("stack_trace").asText() : null,
                        n.path("duration_ms").asLong(0)));
            } else {
                garbage++;
            }
        }
        return new HarnessReport(tests, done, compileError, garbage);
    }
}
