package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, shared by the ITs of interpreters started ahead in the pool (Python, Node, Ruby, PHP): named probes run
 * cold (no pool), then warm in a pooled sandbox whose init is the started interpreter; stdout, stderr, exit code, signal and status
 * must be identical, and each warm run must have been served by the pool and run by the started interpreter itself.
 */
final class PrestartProbes {
    private final String language;
    /** name -> request (files, stdin, args). */
    final Map<String, Map<String, Object>> probes = new LinkedHashMap<>();

    PrestartProbes(String language) {
        this.language = language;
    }

    Map<String, Object> probe(String name, String entrypoint, String stdin, List<String> args, String... nameContent) {
        Map<String, Object> req = ItSupport.run(language, entrypoint, (Object[]) nameContent);
        if (stdin != null) {
            req.put("stdin", stdin);
        }
        req.put("args", args);
        probes.put(name, req);
        return req;
    }

    /** Runs every probe cold, then warm; returns the cold answers after asserting the warm ones are identical. */
    Map<String, JsonNode> compare(Kerat k) throws Exception {
        k.executor().configurePool(Map.of(language, 0), 1L << 30); // cold first, whichever test ran before
        assertTrue(k.executor().poolIdleIds().isEmpty());
        Map<String, JsonNode> cold = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> p : probes.entrySet()) {
            cold.put(p.getKey(), notSlowedDown(null, p.getValue()));
        }
        ItSupport.enablePool(language, 1);
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> p : probes.entrySet()) {
            JsonNode warm = notSlowedDown(k, p.getValue());
            JsonNode c = cold.get(p.getKey());
            System.out.println(p.getKey() + ": cold " + c.path("run") + "\n  warm " + warm.path("run"));
            for (String field : List.of("stdout", "stderr", "exit_code", "signal", "status")) {
                if (!c.path("run").path(field).equals(warm.path("run").path(field))) {
                    differ.add(p.getKey() + ": " + field + "\n  cold: " + c.path("run").path(field)
                            + "\n  warm: " + warm.path("run").path(field));
                }
            }
            if (!c.path("status").equals(warm.path("status"))) {
                differ.add(p.getKey() + ": status " + c.path("status") + " vs " + warm.path("status"));
            }
        }
        assertEquals(List.of(), differ, () -> String.join("\n", differ));
        return cold;
    }

    /**
     * Runs a probe cold ({@code k} null) or warm (checking that the pool served it and handed it to the started
     * interpreter: a file that does not compile is handed on by the interpreter to the cold command). A run that
     * reaches a time limit was slowed down by a loaded machine and is run again (3 times at most).
     */
    static JsonNode notSlowedDown(Kerat k, Map<String, Object> req) throws Exception {
        JsonNode b = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            if (k == null) {
                b = ItSupport.ok(req);
            } else {
                long before = k.executor().poolInterpreterRuns();
                long handOuts = k.executor().poolHandOuts();
                b = servedWarm(k, req);
                assertEquals(handOuts + 1, k.executor().poolHandOuts(), "not served by the pool: " + req);
                assertEquals(before + 1, k.executor().poolInterpreterRuns(), "not handed to the interpreter: " + req);
            }
            if (!"time_limit".equals(b.path("status").asText())) {
                return b;
            }
        }
        return b;
    }

    /** Waits (state, not time) until an idle pooled sandbox is there, then runs the request. */
    static JsonNode servedWarm(Kerat k, Map<String, Object> req) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (k.executor().poolIdleIds().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(!k.executor().poolIdleIds().isEmpty(), "the pool did not refill");
        return ItSupport.ok(req);
    }

    /** A tests-mode stage served by the pool (the started interpreter execs the harness): its answer, once passed. */
    static JsonNode testsServedWarm(Kerat k, Map<String, Object> tests) throws Exception {
        long runs = k.executor().poolInterpreterRuns();
        JsonNode t = null;
        for (int attempt = 0; attempt < 4 && (t == null || "time_limit".equals(t.path("status").asText())); attempt++) {
            long handOuts = k.executor().poolHandOuts();
            t = servedWarm(k, tests); // (a loaded machine may slow it past its time limit: then again)
            assertEquals(handOuts + 1, k.executor().poolHandOuts(), "the tests stage was not served by the pool");
        }
        assertEquals(runs, k.executor().poolInterpreterRuns(), "a tests stage must not run in-process");
        return t;
    }
}
