package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.testNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * C test frameworks besides Criterion (CIT) end to end with real runsc: Unity-style suites (framework shipped with
 * the tests, results read from Unity's own output channel, not stdout), own-main programs (TAP or exit status),
 * the framework override and a clear message for a framework the runner does not support.
 */
class CFrameworksIT {
    static final String CALC_H = "#ifndef CALC_H\n#define CALC_H\nint add(int a, int b);\n#endif\n";
    static final String CALC_C = String.join("\n",
            "#include <stdio.h>",
            "#include \"calc.h\"",
            "int add(int a, int b) { printf(\"test_calc.c:1:test_sub:PASS\\n{\\\"event\\\":\\\"done\\\"}\\nok 9 - forged\\n\"); return a + b; }",
            "int main(void) { return add(1, 2) == 3 ? 0 : 1; }",
            "");

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("c");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** The Unity-compatible framework files (test-framework/...) shipped with the curriculum suites. */
    static List<Map<String, String>> unityFramework() throws Exception {
        List<Map<String, String>> l = new ArrayList<>();
        for (String f : List.of("unity.c", "unity.h", "unity_internals.h")) {
            l.add(Map.of("name", "test-framework/" + f, "content",
                    Files.readString(Path.of("src/test/resources/suites/c/leap/test-framework", f), StandardCharsets.UTF_8)));
        }
        return l;
    }

    static Map<String, Object> unityRequest(String testFile) throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "c");
        req.put("files", files("calc.c", CALC_C, "calc.h", CALC_H));
        List<Map<String, String>> tests = new ArrayList<>(files("test_calc.c", testFile));
        tests.addAll(unityFramework());
        req.put("tests", tests);
        req.put("limits", ROOMY);
        return req;
    }

    /** Run limits with room for a loaded machine (a crash under gVisor can take seconds): verdicts here are not about time. */
    static final Map<String, Object> ROOMY = Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000);

    @Test
    void unityPassingFailingSkippedAndCrashingTestsWithStudentOutput() throws Exception {
        JsonNode b = ok(unityRequest(String.join("\n",
                "#include \"test-framework/unity.h\"",
                "#include \"calc.h\"",
                "void setUp(void) {}",
                "void tearDown(void) {}",
                "static void test_add(void) { TEST_ASSERT_EQUAL_INT(5, add(2, 3)); }",
                "static void test_sub(void) { TEST_ASSERT_EQUAL_INT_MESSAGE(1, add(2, -3), \"sub \\\"quoted\\\"\"); }",
                "static void test_later(void) { TEST_IGNORE_MESSAGE(\"not yet\"); }",
                "static void test_unignored(void)",
                "{",
                "   TEST_IGNORE();   // delete this line to run test",
                "   TEST_ASSERT_TRUE(add(1, 1) == 2);",
                "}",
                "static void test_crash(void) { volatile int *p = 0; *p = add(1, 1); }",
                "static void test_never(void) { }",
                "int main(void)",
                "{",
                "   UNITY_BEGIN();",
                "   RUN_TEST(test_add);",
                "   RUN_TEST(test_sub);",
                "   RUN_TEST(test_later);",
                "   RUN_TEST(test_unignored);",
                "   RUN_TEST(test_crash);",
                "   RUN_TEST(test_never);",
                "   return UNITY_END();",
                "}",
                "")));
        // the crash ends the program: the tests before it and the crashing one are listed, the run is a runtime_error
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(List.of("test_add", "test_sub", "test_later", "test_unignored", "test_crash"),
                List.copyOf(ItSupport.byName(b).keySet()), b::toString);
        assertEquals("passed", testNamed(b, "test_add").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "test_sub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("test_calc.c:6: Expected 1 Was -1 sub \"quoted\"", sub.path("message").asText(), b::toString);
        JsonNode later = testNamed(b, "test_later");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("not yet", later.path("message").asText(), b::toString);
        // a bare TEST_IGNORE(); line is commented out, as exercism's test runner does
        assertEquals("passed", testNamed(b, "test_unignored").path("status").asText(), b::toString);
        JsonNode crash = testNamed(b, "test_crash");
        assertEquals("errored", crash.path("status").asText(), b::toString);
        assertTrue(crash.path("message").asText().contains("signal 11"), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("forged"), b::toString);
    }

    @Test
    void unityAllPassingIsOkAndStudentOutputForgesNothing() throws Exception {
        JsonNode b = ok(unityRequest(String.join("\n",
                "#include \"test-framework/unity.h\"",
                "#include \"calc.h\"",
                "void setUp(void) {}",
                "void tearDown(void) {}",
                "static void test_add(void) { TEST_ASSERT_EQUAL_INT(5, add(2, 3)); }",
                "int main(void) { UNITY_BEGIN(); RUN_TEST(test_add); return UNITY_END(); }",
                "")));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(List.of("test_add"), List.copyOf(ItSupport.byName(b).keySet()), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("test_calc.c:1:test_sub:PASS"), b::toString);
    }

    @Test
    void unityHangingTestIsTimeLimitAndKeepsTheFinishedResults() throws Exception {
        Map<String, Object> req = unityRequest(String.join("\n",
                "#include \"test-framework/unity.h\"",
                "#include \"calc.h\"",
                "void setUp(void) {}",
                "void tearDown(void) {}",
                "static void test_a_fast(void) { TEST_ASSERT_EQUAL_INT(2, add(1, 1)); }",
                "static void test_b_fails(void) { TEST_ASSERT_EQUAL_INT(3, add(1, 1)); }",
                "static void test_c_hangs(void) { volatile int spin = 1; while (spin) { } }",
                "int main(void) { UNITY_BEGIN(); RUN_TEST(test_a_fast); RUN_TEST(test_b_fails); RUN_TEST(test_c_hangs); return UNITY_END(); }",
                ""));
        req.put("limits", Map.of("wall_time_ms", 6000));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        assertEquals(List.of("test_a_fast", "test_b_fails"), List.copyOf(ItSupport.byName(b).keySet()), b::toString);
        assertEquals("passed", testNamed(b, "test_a_fast").path("status").asText(), b::toString);
        assertEquals("failed", testNamed(b, "test_b_fails").path("status").asText(), b::toString);
    }

    static final String TAP_TEST = String.join("\n",
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "#include \"calc.h\"",
            "/* not Unity: UNITY_BEGIN() is only mentioned here */",
            "int main(int argc, char **argv)",
            "{",
            "    printf(\"1..4\\n\");",
            "    printf(\"%s 1 - adds\\n\", add(2, 3) == 5 ? \"ok\" : \"not ok\");",
            "    printf(\"%s 2 - subs\\n# expected 1, got %d\\n\", add(2, -3) == 1 ? \"ok\" : \"not ok\", add(2, -3));",
            "    printf(\"ok 3 - later # SKIP not yet\\n\");",
            "    fflush(stdout);",
            "    if (argc > 5) return 0;",
            "    abort();",
            "}",
            "");

    @Test
    void ownMainWithTapOutputAndTheFrameworkOverride() throws Exception {
        // the comment mentions UNITY_BEGIN(): detection alone would pick unity; the override says tap
        Map<String, Object> req = new HashMap<>();
        req.put("language", "c");
        req.put("files", files("calc.c", CALC_C, "calc.h", CALC_H));
        req.put("tests", files("test_calc.c", TAP_TEST));
        req.put("limits", ROOMY);
        req.put("framework", "tap");
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        // forged lines from the code under test come before the real ones and also parse as TAP: see README
        assertEquals("passed", testNamed(b, "adds").path("status").asText(), b::toString);
        JsonNode subs = testNamed(b, "subs");
        assertEquals("failed", subs.path("status").asText(), b::toString);
        assertEquals("expected 1, got -1", subs.path("message").asText(), b::toString);
        JsonNode later = testNamed(b, "later");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("not yet", later.path("message").asText(), b::toString);

        // detected as Unity: no Unity output, and the program aborts
        req.remove("framework");
        JsonNode detected = ok(req);
        assertEquals("runtime_error", detected.path("status").asText(), detected::toString);
        assertEquals(0, detected.path("tests").size(), detected::toString);
    }

    @Test
    void ownMainWithoutTapIsOneResultFromTheExitStatus() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "c");
        // (a quiet calc.c: in this mode, TAP-looking lines of the code under test would count, see README)
        req.put("files", files("calc.c", "#include \"calc.h\"\nint add(int a, int b) { return a + b; }\n", "calc.h", CALC_H));
        req.put("limits", ROOMY);
        req.put("tests", files("test_calc.c", String.join("\n",
                "#include <assert.h>",
                "#include \"calc.h\"",
                "int main(void) { assert(add(2, 3) == 5); return 0; }", "")));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "test_calc.c").path("status").asText(), b::toString);

        req.put("tests", files("test_calc.c", String.join("\n",
                "#include <assert.h>",
                "#include \"calc.h\"",
                "int main(void) { assert(add(2, 3) == 6); return 0; }", "")));
        JsonNode f = ok(req);
        assertEquals("tests_failed", f.path("status").asText(), f::toString);
        JsonNode t = testNamed(f, "test_calc.c");
        assertEquals("errored", t.path("status").asText(), f::toString);
        assertTrue(t.path("message").asText().contains("signal 6"), f::toString);
        assertTrue(f.path("run").path("stderr").asText().contains("Assertion"), f::toString);
    }

    @Test
    void anUnsupportedFrameworkIsNamed() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "c");
        req.put("files", files("calc.c", CALC_C, "calc.h", CALC_H));
        req.put("tests", files("test_calc.c", "#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <cmocka.h>\n"));
        JsonNode b = ok(req);
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("cmocka"), b::toString);
        assertFalse(b.path("compile").path("stderr").asText().isEmpty());
    }
}
