package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import io.kerat.config.PoolSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compile stages served by a language's compile pool (C and C++, real runsc): each program is compiled once from
 * the pool and once cold (the pool emptied), and both must give the same statuses, exit codes, compiler output, run
 * output and per-test results. Every source carries a fresh comment at its end, so the compile cache never answers
 * (line numbers stay those of the program). A compile stage with more memory than the default starts cold.
 */
class CompilePoolIT {
    private static final long BUDGET = 1L << 30;

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("c", "cpp");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        Kerat k = ItSupport.daemon();
        k.executor().configurePool(Map.of("c:compile", 0, "cpp:compile", 0), BUDGET);
        assertEquals(0, k.executor().poolIdleIds().size());
        ItSupport.assertNothingLeft();
    }

    /** The requests: name, request (sources end with NONCE, replaced per send). */
    private static Map<String, Map<String, Object>> programs() {
        Map<String, Map<String, Object>> p = new LinkedHashMap<>();
        p.put("c hello with stdin", withStdin(run("c", "main.c", "main.c",
                "#include <stdio.h>\nint main(void) { char b[64]; if (fgets(b, sizeof b, stdin)) printf(\"got %s\", b); return 3; }\nNONCE")));
        p.put("c compile error", run("c", "main.c", "main.c", "int main(void) { return undefined_thing; }\nNONCE"));
        p.put("c warning", run("c", "main.c", "main.c",
                "#warning \"careful\"\n#include <stdio.h>\nint main(void) { puts(\"warned\"); return 0; }\nNONCE"));
        p.put("c link error", run("c", "main.c", "main.c", "int missing(void);\nint main(void) { return missing(); }\nNONCE"));
        p.put("cpp multi-file", run("cpp", "main.cpp", "main.cpp",
                "#include <iostream>\n#include \"calc.h\"\nint main() { std::cout << add(2, 3) << std::endl; }\nNONCE",
                "calc.h", "int add(int a, int b);\n", "calc.cpp", "#include \"calc.h\"\nint add(int a, int b) { return a + b; }\nNONCE"));
        Map<String, Object> catch2 = run("cpp", "calc.cpp", "calc.cpp", "int twice(int x) { return 2 * x; }\nNONCE");
        catch2.put("tests", ItSupport.files("calc_test.cpp", String.join("\n",
                "#include <catch2/catch_test_macros.hpp>", "#include <iostream>", "int twice(int x);",
                "TEST_CASE(\"passes\") { std::cout << \"student output\\n\"; REQUIRE(twice(2) == 4); }",
                "TEST_CASE(\"fails\") { REQUIRE(twice(2) == 5); }",
                "TEST_CASE(\"skipped\") { SKIP(\"not now\"); }", "NONCE")));
        p.put("cpp catch2 tests", catch2);
        return p;
    }

    private static Map<String, Object> withStdin(Map<String, Object> req) {
        req.put("stdin", "line\n");
        return req;
    }

    @Test
    void compileStagesFromThePoolAreIdenticalToColdOnes() throws Exception {
        Kerat k = ItSupport.daemon();
        fill(k, Map.of("c:compile", 1, "cpp:compile", 1), 2);
        Map<String, Map<String, Object>> programs = programs();
        List<String> warm = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> p : programs.entrySet()) {
            long before = k.executor().poolHandOuts();
            JsonNode b = ok(fresh(p.getValue()));
            assertEquals(before + 1, k.executor().poolHandOuts(), "compile not served by the pool: " + p.getKey() + " " + b);
            warm.add(summary(b));
            waitFull(k, 2);
        }
        k.executor().configurePool(Map.of("c:compile", 0, "cpp:compile", 0), BUDGET);
        List<String> cold = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> p : programs.entrySet()) {
            long before = k.executor().poolHandOuts();
            JsonNode b = ok(fresh(p.getValue()));
            assertEquals(before, k.executor().poolHandOuts(), "served warm with the pool off: " + p.getKey());
            cold.add(summary(b));
        }
        for (int i = 0; i < warm.size(); i++) {
            assertEquals(cold.get(i), warm.get(i), "warm and cold differ for " + List.copyOf(programs.keySet()).get(i));
        }
        // the outcomes themselves (so that two identical failures do not pass)
        assertTrue(warm.get(0).contains("status=runtime_error") && warm.get(0).contains("run.stdout=got line"), warm.get(0));
        assertTrue(warm.get(1).contains("status=compile_error") && warm.get(1).contains("undefined_thing"), warm.get(1));
        assertTrue(warm.get(2).contains("status=ok") && warm.get(2).contains("careful") && warm.get(2).contains("run.stdout=warned"), warm.get(2));
        assertTrue(warm.get(3).contains("status=compile_error") && warm.get(3).contains("missing"), warm.get(3));
        assertTrue(warm.get(4).contains("status=ok") && warm.get(4).contains("run.stdout=5"), warm.get(4));
        assertTrue(warm.get(5).contains("passes=passed") && warm.get(5).contains("fails=failed")
                && warm.get(5).contains("skipped=skipped"), warm.get(5));
    }

    @Test
    void aCompileWithMoreMemoryThanTheDefaultStartsCold() throws Exception {
        Kerat k = ItSupport.daemon();
        fill(k, Map.of("c:compile", 1), 1);
        try {
            long before = k.executor().poolHandOuts();
            Map<String, Object> req = fresh(programs().get("c warning"));
            req.put("compile_limits", Map.of("memory_bytes", 1536L << 20));
            JsonNode b = ok(req);
            assertEquals("warned\n", b.path("run").path("stdout").asText(), b::toString);
            assertEquals(before, k.executor().poolHandOuts(), "a compile with more memory than the pool's was served warm");
            req = fresh(programs().get("c warning"));
            req.put("compile_limits", Map.of("memory_bytes", 512L << 20, "cpu_time_ms", 5000));
            b = ok(req);
            assertEquals("warned\n", b.path("run").path("stdout").asText(), b::toString);
            assertEquals(before + 1, k.executor().poolHandOuts(), "lower compile limits were not served warm");
        } finally {
            k.executor().configurePool(Map.of("c:compile", 0), BUDGET);
        }
    }

    /**
     * The admin's size given by an alias (pool.c++: 1, as in kerat.yaml) sizes the language's pool and its compile
     * pool (it was reset to 0 by the id's own entry before), and a compiled program then uses both.
     */
    @Test
    void theAdminsSizeByAnAliasGivesThePoolAndItsCompilePool() throws Exception {
        Kerat k = ItSupport.daemon();
        long minAvailable = k.settings().pool().minAvailableBytes();
        String chosen = k.executor().configurePool(new PoolSettings(false, Map.of("c++", 1), BUDGET, minAvailable));
        try {
            assertTrue(chosen.contains("cpp 1") && chosen.contains("cpp:compile 1"), chosen);
            assertEquals(2, k.executor().poolTarget(), chosen);
            waitFull(k, 2);
            long before = k.executor().poolHandOuts();
            JsonNode b = ok(fresh(programs().get("cpp multi-file")));
            assertEquals("5\n", b.path("run").path("stdout").asText(), b::toString);
            assertEquals(before + 2, k.executor().poolHandOuts(), "compile and run stages not both served warm: " + b);
        } finally {
            k.executor().configurePool(new PoolSettings(false, Map.of(), BUDGET, minAvailable));
        }
        assertEquals(0, k.executor().poolTarget());
        assertEquals(0, k.executor().poolIdleIds().size());
    }

    private static void fill(Kerat k, Map<String, Integer> sizes, int total) throws Exception {
        k.executor().configurePool(sizes, BUDGET);
        waitFull(k, total);
    }

    private static void waitFull(Kerat k, int total) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (k.executor().poolIdleIds().size() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(total, k.executor().poolIdleIds().size(), "the compile pools did not fill");
    }

    /** A copy of the request whose sources end with a new comment instead of NONCE (a compile cache miss). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fresh(Map<String, Object> req) {
        String nonce = "// " + UUID.randomUUID() + "\n";
        Map<String, Object> copy = new LinkedHashMap<>(req);
        for (String field : List.of("files", "tests")) {
            if (req.containsKey(field)) {
                List<Map<String, String>> out = new ArrayList<>();
                for (Map<String, String> f : (List<Map<String, String>>) req.get(field)) {
                    Map<String, String> g = new LinkedHashMap<>(f);
                    g.put("content", f.get("content").replace("NONCE", nonce));
                    out.add(g);
                }
                copy.put(field, out);
            }
        }
        return copy;
    }

    /**
     * What must not differ between a warm and a cold compile: statuses, exit codes, outputs, per-test results (a
     * tests-mode response's test stage is its "run").
     */
    private static String summary(JsonNode b) {
        StringBuilder s = new StringBuilder("status=").append(b.path("status").asText());
        for (String stage : List.of("compile", "run")) {
            JsonNode st = b.path(stage);
            s.append(' ').append(stage).append(".status=").append(st.path("status").asText())
                    .append(' ').append(stage).append(".exit_code=").append(st.path("exit_code").asText())
                    .append(' ').append(stage).append(".stdout=").append(st.path("stdout").asText())
                    .append(' ').append(stage).append(".stderr=").append(st.path("stderr").asText());
        }
        for (JsonNode t : b.path("tests")) {
            s.append(' ').append(t.path("name").asText()).append('=').append(t.path("status").asText())
                    .append(" (").append(t.path("message").asText()).append(')');
        }
        // gcc's temporary object names and Catch2's seed are random in both
        return s.toString().replaceAll("/tmp/cc[A-Za-z0-9]{6}\\.o", "/tmp/ccXXXXXX.o")
                .replaceAll("Randomness seeded to: \\d+", "Randomness seeded to: N");
    }
}
