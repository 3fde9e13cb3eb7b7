package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.testNamed;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C end to end over HTTP with real runsc: gcc builds, runs, cases and Criterion suites. */
class CIT {
    private static final String CALC_H = "#ifndef CALC_H\n#define CALC_H\nint add(int a, int b);\nint sub(int a, int b);\n#endif\n";
    private static final String CALC_C = "#include \"calc.h\"\nint add(int a, int b) { return a + b; }\nint sub(int a, int b) { return a + b; }\n";
    private static final String MAIN_C = "#include <stdio.h>\n#include \"calc.h\"\nint main(void) { printf(\"%d\\n\", add(2, 3)); return 0; }\n";

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("c");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void helloWorldAndRealVersion() throws Exception {
        JsonNode b = ok(run("c", "main.c", "main.c",
                "#include <stdio.h>\n#include <math.h>\nint main(void) { printf(\"hello, c %.1f\\n\", sqrt(16.0)); return 0; }\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("c", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("14\\.\\d+\\.\\d+"), b::toString);
        assertEquals("hello, c 4.0\n", b.path("run").path("stdout").asText(), b::toString);

        ItSupport.Reply rt = ItSupport.get("/api/v1/runtimes");
        JsonNode c = null;
        for (JsonNode r : rt.body()) {
            if (r.path("language").asText().equals("c")) {
                c = r;
            }
        }
        assertNotNull(c, rt.body()::toString);
        assertEquals(b.path("version").asText(), c.path("version").asText());
    }

    /** A raw write(2) of 600 KB that ignores its count: gVisor cut it at the host pipe's 64 KiB until pipes grew. */
    @Test
    void rawWriteThatIgnoresItsCountArrivesWhole() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c", String.join("\n",
                "#include <string.h>",
                "#include <unistd.h>",
                "static char b[600000];",
                "int main(void) { memset(b, 'x', sizeof b); write(1, b, sizeof b); return 0; }", ""));
        req.put("limits", Map.of("output_bytes", 1_000_000));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), () -> b.toString().substring(0, 300));
        assertEquals(600000, b.path("run").path("stdout").asText().length());
    }

    @Test
    void stdinIsEchoed() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c", String.join("\n",
                "#include <stdio.h>",
                "int main(void) {",
                "    char line[256];",
                "    while (fgets(line, sizeof line, stdin)) printf(\"echo: %s\", line);",
                "    return 0;",
                "}"));
        req.put("stdin", "one\ntwo\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("echo: one\necho: two\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void exitCodeAndSegfaultAreRuntimeErrors() throws Exception {
        JsonNode b = ok(run("c", "main.c", "main.c",
                "#include <stdio.h>\nint main(void) { fprintf(stderr, \"bad input\\n\"); return 3; }\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(3, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("bad input\n", b.path("run").path("stderr").asText(), b::toString);

        b = ok(run("c", "main.c", "main.c", "int main(void) { volatile int *p = 0; *p = 1; return 0; }\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("run").path("exit_code").asInt() != 0, b::toString);
    }

    @Test
    void multiFileWithAHeaderAndArgs() throws Exception {
        Map<String, Object> req = run("c", "main.c",
                "main.c", "#include <stdio.h>\n#include <stdlib.h>\n#include \"calc.h\"\n"
                        + "int main(int argc, char **argv) { printf(\"%d\\n\", add(atoi(argv[1]), 1)); return 0; }\n",
                "calc.h", CALC_H,
                "calc.c", CALC_C);
        req.put("args", List.of("41"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("42\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void linkedByGoldWithLinkErrorsInLdBfdWords() throws Exception {
        GoldLink.check("c", "main.c", "f");
    }

    @Test
    void compileErrorIsReported() throws Exception {
        JsonNode b = ok(run("c", "main.c", "main.c", "int main(void) { return undefined_thing; }\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("undefined_thing"), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("main.c:1"), b::toString);
        assertTrue(b.path("run").isMissingNode(), b::toString);
    }

    @Test
    void criterionSuiteWithPassingFailingSkippedAndCrashingTests() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c", MAIN_C, "calc.h", CALC_H, "calc.c", CALC_C);
        req.put("tests", files("test_calc.c", String.join("\n",
                "#include <criterion/criterion.h>",
                "#include <stdio.h>",
                "#include \"calc.h\"",
                "Test(calc, add) { printf(\"{\\\"event\\\":\\\"done\\\"}\\n\"); cr_assert_eq(add(2, 3), 5); }",
                "Test(calc, sub) { cr_assert_eq(sub(5, 3), 2, \"sub(5, 3) gave %d\", sub(5, 3)); }",
                "Test(calc, str) { cr_assert_str_eq(\"a\\\"b\", \"ab\"); }",
                "Test(calc, later) { cr_skip_test(\"not yet\"); }",
                "Test(calc, crash) { volatile int *p = 0; *p = sub(1, 1); }")));
        // Criterion 2.4.1 (trixie) starts a worker process per test: over a second each under runsc ptrace on a busy
        // machine, so room beyond the 5 s default (this test is about the results, not the time)
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(5, b.path("tests").size(), b::toString);
        JsonNode add = testNamed(b, "calc::add");
        assertEquals("passed", add.path("status").asText(), b::toString);
        assertTrue(add.path("passed").asBoolean());
        JsonNode sub = testNamed(b, "calc::sub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertFalse(sub.path("passed").asBoolean());
        assertEquals("test_calc.c:5: sub(5, 3) gave 8", sub.path("message").asText(), b::toString);
        JsonNode str = testNamed(b, "calc::str");
        assertEquals("failed", str.path("status").asText(), b::toString);
        assertTrue(str.path("message").asText().contains("actual=`a\"b` expected=`ab`"), b::toString);
        JsonNode later = testNamed(b, "calc::later");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("not yet", later.path("message").asText(), b::toString);
        JsonNode crash = testNamed(b, "calc::crash");
        assertEquals("errored", crash.path("status").asText(), b::toString);
        assertTrue(crash.path("message").asText().contains("crashed"), b::toString);
    }

    @Test
    void allPassingSuiteIsOk() throws Exception {
        Map<String, Object> req = run("c", "calc.c", "calc.c", CALC_C, "calc.h", CALC_H);
        req.put("tests", files("test_calc.c",
                "#include <criterion/criterion.h>\n#include \"calc.h\"\nTest(calc, add) { cr_assert_eq(add(2, 2), 4); }\n"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "calc::add").path("status").asText(), b::toString);
    }

    @Test
    void aHangingTestIsTimeLimitAndKeepsTheFinishedResults() throws Exception {
        // Criterion writes its TAP report only at the end: what the daemon finds after killing the run is what the
        // runner's report hooks (kerat_report.c) appended test by test
        Map<String, Object> req = run("c", "calc.c", "calc.c", CALC_C, "calc.h", CALC_H);
        req.put("tests", files("test_slow.c", String.join("\n",
                "#include <criterion/criterion.h>",
                "#include \"calc.h\"",
                "Test(slow, a_fast) { cr_assert_eq(add(1, 1), 2); }",
                "Test(slow, b_fails) { cr_assert_eq(sub(5, 3), 2, \"sub(5, 3) gave \\\"%d\\\"\", sub(5, 3)); }",
                "Test(slow, c_hangs) { volatile int spin = 1; while (spin) { } }",
                "")));
        req.put("limits", Map.of("wall_time_ms", 8000));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        assertEquals(List.of("slow::a_fast", "slow::b_fails"), List.copyOf(ItSupport.byName(b).keySet()), b::toString);
        JsonNode fast = testNamed(b, "slow::a_fast");
        assertEquals("passed", fast.path("status").asText(), b::toString);
        assertTrue(fast.path("message").isNull() || fast.path("message").isMissingNode(), b::toString);
        JsonNode fails = testNamed(b, "slow::b_fails");
        assertEquals("failed", fails.path("status").asText(), b::toString);
        assertFalse(fails.path("passed").asBoolean(), b::toString);
        assertEquals("test_slow.c:4: sub(5, 3) gave \"8\"", fails.path("message").asText(), b::toString);
    }

    @Test
    void testThatDoesNotCompileIsCompileError() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c", MAIN_C, "calc.h", CALC_H, "calc.c", CALC_C);
        req.put("tests", files("test_calc.c", String.join("\n",
                "#include <criterion/criterion.h>",
                "#include \"calc.h\"",
                "Test(calc, mul) { cr_assert_eq(mul(2, 3), 6) }")));
        JsonNode b = ok(req);
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("test_calc.c:3"), b::toString);
        assertTrue(b.path("tests").isMissingNode() || b.path("tests").isEmpty(), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c",
                "#include <stdio.h>\nint main(void) { int a, b; if (scanf(\"%d %d\", &a, &b) != 2) return 1; printf(\"%d\\n\", a + b); return 0; }\n");
        req.put("cases", List.of(
                Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("cases").size(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText(), b::toString);
    }
}
