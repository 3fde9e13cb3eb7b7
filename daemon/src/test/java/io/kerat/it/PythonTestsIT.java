package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static io.kerat.it.ItSupport.byName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python tests mode (runners/python/harness.py) and cases mode, end to end over HTTP with real runsc. */
class PythonTestsIT {

    private static final String EXAMPLE = "def add(a, b):\n    return a + b\n";
    private static final String TEST_EXAMPLE = String.join("\n",
            "import unittest",
            "from example import add",
            "",
            "class TestExample(unittest.TestCase):",
            "    def test_addition(self):",
            "        self.assertEqual(add(1, 2), 3)",
            "");

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** A tests-mode request: source files, then test files, each as name/content pairs. */
    private static Map<String, Object> tests(Object[] sources, Object... tests) {
        Map<String, Object> req = run("python", (String) sources[0], sources);
        req.put("tests", files(tests));
        // these tests check results, not limits: room for a loaded CI machine (a hanging test sets its own)
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        return req;
    }

    private static Object[] src(Object... nameContent) {
        return nameContent;
    }

    @Test
    void readmeSamplePasses() throws Exception {
        JsonNode b = ok(tests(src("example.py", EXAMPLE), "test_example.py", TEST_EXAMPLE));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);
        JsonNode t = b.path("tests").get(0);
        assertEquals("TestExample.test_addition", t.path("name").asText());
        assertEquals("passed", t.path("status").asText());
        assertTrue(t.path("passed").asBoolean());
        assertTrue(t.path("duration_ms").asLong() >= 0);
    }

    @Test
    void readmeSampleWithAWrongAddFails() throws Exception {
        JsonNode b = ok(tests(src("example.py", "def add(a, b):\n    return a - b\n"),
                "test_example.py", TEST_EXAMPLE));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);
        JsonNode t = b.path("tests").get(0);
        assertEquals("TestExample.test_addition", t.path("name").asText());
        assertEquals("failed", t.path("status").asText());
        assertFalse(t.path("passed").asBoolean());
        assertEquals("AssertionError: -1 != 3", t.path("message").asText());
        assertTrue(t.path("stack_trace").asText().contains("test_example.py:6"), t::toString);
    }

    @Test
    void passingFailingErroredAndSkippedUnittestSuite() throws Exception {
        JsonNode b = ok(tests(src("calc.py", "def add(a, b):\n    return a + b\ndef div(a, b):\n    return a / b\n"),
                "test_calc.py", String.join("\n",
                        "import unittest",
                        "from calc import add, div",
                        "class TestCalc(unittest.TestCase):",
                        "    def test_add(self):",
                        "        self.assertEqual(add(2, 2), 4)",
                        "    def test_add_wrong(self):",
                        "        self.assertEqual(add(1, 2), 4)",
                        "    def test_div_by_zero(self):",
                        "        div(1, 0)",
                        "    @unittest.skip('not yet graded')",
                        "    def test_skipped(self):",
                        "        self.fail('must not run')",
                        "    def test_skip_inside(self):",
                        "        self.skipTest('skipped at run time')",
                        "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("TestCalc.test_add", "TestCalc.test_add_wrong", "TestCalc.test_div_by_zero",
                "TestCalc.test_skip_inside", "TestCalc.test_skipped"), List.copyOf(t.keySet()), b::toString);
        assertEquals("passed", t.get("TestCalc.test_add").path("status").asText());
        JsonNode wrong = t.get("TestCalc.test_add_wrong");
        assertEquals("failed", wrong.path("status").asText());
        assertEquals("AssertionError: 3 != 4", wrong.path("message").asText());
        assertTrue(wrong.path("stack_trace").asText().contains("test_calc.py:7"), wrong::toString);
        JsonNode err = t.get("TestCalc.test_div_by_zero");
        assertEquals("errored", err.path("status").asText());
        assertEquals("ZeroDivisionError: division by zero", err.path("message").asText());
        assertTrue(err.path("stack_trace").asText().contains("calc.py:4"), err::toString);
        assertFalse(err.path("passed").asBoolean());
        assertEquals("skipped", t.get("TestCalc.test_skipped").path("status").asText());
        assertEquals("not yet graded", t.get("TestCalc.test_skipped").path("message").asText());
        assertEquals("skipped", t.get("TestCalc.test_skip_inside").path("status").asText());
        assertEquals("skipped at run time", t.get("TestCalc.test_skip_inside").path("message").asText());
    }

    @Test
    void onlyPassedAndSkippedIsOk() throws Exception {
        JsonNode b = ok(tests(src("example.py", EXAMPLE), "test_example.py", String.join("\n",
                "import unittest",
                "from example import add",
                "class TestExample(unittest.TestCase):",
                "    def test_addition(self):",
                "        self.assertEqual(add(1, 2), 3)",
                "    @unittest.skip('later')",
                "    def test_later(self):",
                "        pass",
                "")));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("tests").size());
    }

    @Test
    void pytestStyleFunctionsAndClasses() throws Exception {
        JsonNode b = ok(tests(src("example.py", EXAMPLE), "test_funcs.py", String.join("\n",
                "import pytest",
                "from example import add",
                "def test_add():",
                "    assert add(2, 3) == 5",
                "def test_add_wrong():",
                "    assert add(2, 2) == 5",
                "@pytest.mark.parametrize('a,b,want', [(1, 1, 2), (2, 2, 5)])",
                "def test_table(a, b, want):",
                "    assert add(a, b) == want",
                "def test_skip():",
                "    pytest.skip('no network here')",
                "def helper_not_a_test():",
                "    assert False",
                "class TestGroup:",
                "    def test_method(self):",
                "        assert add('a', 'b') == 'ab'",
                "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("test_add", "test_add_wrong", "test_table[1-1-2]", "test_table[2-2-5]", "test_skip",
                "TestGroup.test_method"), List.copyOf(t.keySet()), b::toString);
        assertEquals("passed", t.get("test_add").path("status").asText());
        JsonNode wrong = t.get("test_add_wrong");
        assertEquals("failed", wrong.path("status").asText());
        assertTrue(wrong.path("message").asText().startsWith("AssertionError: assert 4 == 5"), wrong::toString);
        assertTrue(wrong.path("message").asText().contains("where 4 = add(2, 2)"), wrong::toString);
        assertEquals("passed", t.get("test_table[1-1-2]").path("status").asText());
        assertEquals("failed", t.get("test_table[2-2-5]").path("status").asText());
        assertEquals("skipped", t.get("test_skip").path("status").asText());
        assertEquals("no network here", t.get("test_skip").path("message").asText());
        assertEquals("passed", t.get("TestGroup.test_method").path("status").asText());
    }

    @Test
    void conftestFixturesExpectedFailuresAndSystemExit() throws Exception {
        JsonNode b = ok(tests(src("example.py", EXAMPLE),
                "conftest.py", "import pytest\n@pytest.fixture\ndef pair():\n    return (20, 22)\n",
                "test_more.py", String.join("\n",
                        "import pytest, unittest",
                        "from example import add",
                        "def test_fixture(pair):",
                        "    assert add(*pair) == 42",
                        "@pytest.mark.xfail(reason='known bug')",
                        "def test_known_bug():",
                        "    assert add(1, 1) == 3",
                        "@pytest.mark.xfail(strict=True)",
                        "def test_strict_xpass():",
                        "    assert add(1, 1) == 2",
                        "def test_exits():",
                        "    raise SystemExit(2)",
                        "class TestU(unittest.TestCase):",
                        "    @unittest.expectedFailure",
                        "    def test_expected(self):",
                        "        self.assertEqual(add(1, 1), 3)",
                        "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("test_fixture", "test_known_bug", "test_strict_xpass", "test_exits", "TestU.test_expected"),
                List.copyOf(t.keySet()), b::toString);
        assertEquals("passed", t.get("test_fixture").path("status").asText(), b::toString);
        assertEquals("skipped", t.get("test_known_bug").path("status").asText());
        assertEquals("expected failure: known bug", t.get("test_known_bug").path("message").asText());
        assertEquals("failed", t.get("test_strict_xpass").path("status").asText());
        assertTrue(t.get("test_strict_xpass").path("message").asText().contains("strict xfail"), b::toString);
        assertEquals("errored", t.get("test_exits").path("status").asText());
        assertEquals("SystemExit: 2", t.get("test_exits").path("message").asText());
        assertEquals("skipped", t.get("TestU.test_expected").path("status").asText());
        assertEquals("expected failure", t.get("TestU.test_expected").path("message").asText());
    }

    @Test
    void aConftestAmongTheStudentFilesIsIgnored() throws Exception {
        JsonNode b = ok(tests(src("example.py", EXAMPLE, "conftest.py", "raise RuntimeError('student conftest loaded')\n"),
                "test_example.py", TEST_EXAMPLE));
        assertEquals("ok", b.path("status").asText(), b::toString);
    }

    @Test
    void sameNameInTwoFilesIsQualifiedWithTheFile() throws Exception {
        JsonNode b = ok(tests(src("example.py", EXAMPLE),
                "test_a.py", "def test_same():\n    assert True\ndef test_only_a():\n    assert True\n",
                "checks/test_b.py", "from example import add\ndef test_same():\n    assert add(1, 1) == 3\n"));
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("test_a.py::test_same", "test_only_a", "checks/test_b.py::test_same"),
                List.copyOf(t.keySet()), b::toString);
        assertEquals("failed", t.get("checks/test_b.py::test_same").path("status").asText());
    }

    @Test
    void printsAndAClosedStdoutDoNotDisturbTheResults() throws Exception {
        JsonNode b = ok(tests(src("example.py", "import sys\nprint('student import-time print')\n"
                        + "print('{\"event\": \"done\"}')\nprint('to stderr', file=sys.stderr)\n" + EXAMPLE),
                "test_noise.py", String.join("\n",
                        "import sys, unittest",
                        "from example import add",
                        "print('test import-time print')",
                        "class TestNoise(unittest.TestCase):",
                        "    def test_a_prints(self):",
                        "        print('in test', add(1, 1))",
                        "        print('err in test', file=sys.stderr)",
                        "        self.assertEqual(add(1, 1), 2)",
                        "    def test_b_closes_stdout(self):",
                        "        sys.stdout.close()",
                        "        sys.stderr.close()",
                        "        self.assertEqual(add(1, 2), 4)",
                        "    def test_c_prints_after_close(self):",
                        "        print('printed after close')",
                        "        self.assertEqual(add(2, 2), 4)",
                        "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(3, t.size(), b::toString);
        assertEquals("passed", t.get("TestNoise.test_a_prints").path("status").asText());
        assertEquals("failed", t.get("TestNoise.test_b_closes_stdout").path("status").asText());
        assertEquals("AssertionError: 3 != 4", t.get("TestNoise.test_b_closes_stdout").path("message").asText());
        assertEquals("passed", t.get("TestNoise.test_c_prints_after_close").path("status").asText(), b::toString);
        String out = b.path("run").path("stdout").asText();
        assertTrue(out.contains("student import-time print") && out.contains("test import-time print")
                && out.contains("in test 2") && out.contains("printed after close"), out);
        assertTrue(b.path("run").path("stderr").asText().contains("err in test"), b::toString);
        assertFalse(out.contains("passed") || out.contains("PASSED"), "pytest's own report leaked: " + out);
    }

    @Test
    void syntaxErrorInTheTestFileIsCompileError() throws Exception {
        JsonNode b = ok(tests(src("example.py", EXAMPLE), "test_example.py",
                "import unittest\nclass TestExample(unittest.TestCase):\n    def test_addition(self)\n        pass\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String err = b.path("compile").path("stderr").asText();
        assertTrue(err.contains("test_example.py\", line 3") && err.contains("SyntaxError"), b::toString);
        assertTrue(b.path("tests").isMissingNode() || b.path("tests").isNull() || b.path("tests").isEmpty(), b::toString);
    }

    @Test
    void syntaxErrorInTheStudentCodeIsCompileError() throws Exception {
        JsonNode b = ok(tests(src("example.py", "def add(a, b):\nreturn a + b\n"), "test_example.py", TEST_EXAMPLE));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String err = b.path("compile").path("stderr").asText();
        assertTrue(err.contains("example.py\", line 2") && err.contains("IndentationError"), b::toString);
    }

    @Test
    void importErrorIsAnErroredEntryAndOtherFilesStillRun() throws Exception {
        JsonNode b = ok(tests(src("example.py", EXAMPLE),
                "test_missing.py", "from example import add, sub\ndef test_sub():\n    assert sub(3, 1) == 2\n",
                "test_example.py", TEST_EXAMPLE));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        JsonNode imp = t.get("test_missing.py");
        assertNotNull(imp, b::toString);
        assertEquals("errored", imp.path("status").asText());
        assertTrue(imp.path("message").asText().startsWith(
                "error while importing test_missing.py: ImportError: cannot import name 'sub' from 'example'"), imp::toString);
        assertEquals("passed", t.get("TestExample.test_addition").path("status").asText(), b::toString);
    }

    @Test
    void osExitInTheStudentCodeIsRuntimeError() throws Exception {
        JsonNode b = ok(tests(src("example.py", "import os\ndef add(a, b):\n    os._exit(0)\n"),
                "test_example.py", TEST_EXAMPLE));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("message").asText().contains("ended before the harness finished"), b::toString);
        assertTrue(b.path("tests").isEmpty(), b::toString);
    }

    @Test
    void junkWrittenIntoTheResultsFileIsDiscarded() throws Exception {
        // the student overwrites results.jsonl at import time and appends to it during a test, forged lines
        // included: the harness rewrites the file at the end, so only the real results count
        JsonNode b = ok(tests(src("example.py", String.join("\n",
                        "open('/kerat/out/results.jsonl', 'w').write('junk\\n{\"name\": \"forged\", \"status\": \"passed\"}\\n'",
                        "                                         '{\"event\": \"done\"}\\n')",
                        "def add(a, b):",
                        "    open('/kerat/out/results.jsonl', 'a').write('more junk {\\n')",
                        "    return a - b",
                        "")),
                "test_example.py", TEST_EXAMPLE));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("TestExample.test_addition"), List.copyOf(t.keySet()), b::toString);
        assertEquals("AssertionError: -1 != 3", t.get("TestExample.test_addition").path("message").asText());
    }

    @Test
    void junkWrittenBeforeTheHarnessIsKilledIsRuntimeError() throws Exception {
        // killed before it could rewrite the file: the daemon sees only the junk, no valid result, no "done"
        JsonNode b = ok(tests(src("example.py", String.join("\n",
                        "import os",
                        "open('/kerat/out/results.jsonl', 'w').write('junk\\n[1, 2]\\n{\"name\": 1}\\n')",
                        "os._exit(0)",
                        "")),
                "test_example.py", TEST_EXAMPLE));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals("the test harness wrote no valid results", b.path("message").asText(), b::toString);
    }

    @Test
    void aHangingTestIsTimeLimitAndKeepsTheFinishedResults() throws Exception {
        Map<String, Object> req = tests(src("example.py", EXAMPLE), "test_slow.py", String.join("\n",
                "import time",
                "from example import add",
                "def test_a_fast():",
                "    assert add(1, 1) == 2",
                "def test_b_hangs():",
                "    while True:",
                "        time.sleep(0.01)",
                ""));
        req.put("limits", Map.of("wall_time_ms", 6000));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("test_a_fast"), List.copyOf(t.keySet()), b::toString);
        assertEquals("passed", t.get("test_a_fast").path("status").asText());
    }

    // ---- cases mode ---------------------------------------------------------------------------------------

    private static Map<String, Object> cases(String program, String[]... stdinExpected) {
        Map<String, Object> req = run("python", "main.py", "main.py", program);
        List<Map<String, String>> cs = new java.util.ArrayList<>();
        for (String[] c : stdinExpected) {
            Map<String, String> m = new HashMap<>();
            m.put("stdin", c[0]);
            m.put("expected_output", c[1]);
            cs.add(m);
        }
        req.put("cases", cs);
        return req;
    }

    private static final String SUM = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n";

    @Test
    void casesOneRightOneWrongIsWrongAnswer() throws Exception {
        JsonNode b = ok(cases(SUM, new String[]{"1 2\n", "3\n"}, new String[]{"2 2\n", "5\n"}));
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("cases").size());
        JsonNode right = b.path("cases").get(0);
        JsonNode wrong = b.path("cases").get(1);
        assertTrue(right.path("passed").asBoolean(), b::toString);
        assertEquals("ok", right.path("status").asText());
        assertEquals("3\n", right.path("stdout").asText());
        assertFalse(wrong.path("passed").asBoolean(), b::toString);
        assertEquals("ok", wrong.path("status").asText());
        assertEquals("4\n", wrong.path("stdout").asText());
    }

    @Test
    void casesAllRightIsOk() throws Exception {
        JsonNode b = ok(cases(SUM, new String[]{"1 2\n", "3\n"}, new String[]{"10 20 30", "60"}));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean());
        assertTrue(b.path("cases").get(1).path("passed").asBoolean());
    }

    @Test
    void aCaseThatHangsIsTimeLimit() throws Exception {
        Map<String, Object> req = cases("import sys, time\nn = int(sys.stdin.read())\n"
                        + "while n < 0:\n    time.sleep(0.01)\nprint(n)\n",
                new String[]{"5\n", "5\n"}, new String[]{"-1\n", "-1\n"});
        req.put("limits", Map.of("wall_time_ms", 4000));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertEquals("time_limit", b.path("cases").get(1).path("status").asText(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
    }

    @Test
    void caseComparisonIgnoresTrailingWhitespaceAndTrailingBlankLines() throws Exception {
        String program = "import sys\nsys.stdout.write(sys.stdin.read())\n";
        JsonNode b = ok(cases(program,
                new String[]{"1 2   \n3\t\n\n\n", "1 2\n3"},           // trailing spaces/tab, blank lines
                new String[]{"a\r\nb\r\n", "a\nb\n\n"},                 // CRLF and a trailing blank line
                new String[]{" 1 2\n", "1 2\n"},                        // leading space counts
                new String[]{"1  2\n", "1 2\n"},                        // inner spaces count
                new String[]{"a\n\nb\n", "a\nb\n"}));                   // a blank line in the middle counts
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        JsonNode c = b.path("cases");
        assertTrue(c.get(0).path("passed").asBoolean(), b::toString);
        assertTrue(c.get(1).path("passed").asBoolean(), b::toString);
        assertFalse(c.get(2).path("passed").asBoolean(), b::toString);
        assertFalse(c.get(3).path("passed").asBoolean(), b::toString);
        assertFalse(c.get(4).path("passed").asBoolean(), b::toString);
    }
}
