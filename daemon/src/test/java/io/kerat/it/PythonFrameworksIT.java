package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.byName;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Python's two test frameworks (issue 10): unittest (run on unittest itself when the suite needs nothing of pytest)
 * and pytest; the `framework` override; a test file skipped at import; unsupported frameworks named; hypothesis.
 */
class PythonFrameworksIT {
    private static final String CALC = "def add(a, b):\n    return a + b\n\ndef div(a, b):\n    return a / b\n";

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    private static Map<String, Object> tests(String framework, Object... tests) {
        Map<String, Object> req = run("python", "calc.py", "calc.py", CALC);
        req.put("tests", files(tests));
        // these tests check results, not limits: room for a loaded CI machine (a hanging test sets its own)
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        if (framework != null) {
            req.put("framework", framework);
        }
        return req;
    }

    private static final String UNITTEST_SUITE = String.join("\n",
            "import unittest",
            "import pytest",
            "from calc import add, div",
            "",
            "class CalcTest(unittest.TestCase):",
            "    @pytest.mark.task(taskno=1)",
            "    def test_add(self):",
            "        print('student says hi')",
            "        self.assertEqual(add(2, 3), 5)",
            "",
            "    @pytest.mark.task(taskno=2)",
            "    def test_add_wrong(self):",
            "        self.assertEqual(add(2, 2), 5, msg='two and two')",
            "",
            "    @unittest.skip('later')",
            "    def test_later(self):",
            "        self.fail('must not run')",
            "",
            "    def test_div_by_zero(self):",
            "        div(1, 0)",
            "");

    private static void checkFourStatuses(JsonNode b, String pass, String fail, String skip, String error) {
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(4, t.size(), b::toString);
        assertEquals("passed", t.get(pass).path("status").asText(), b::toString);
        assertEquals("failed", t.get(fail).path("status").asText(), b::toString);
        assertEquals("skipped", t.get(skip).path("status").asText(), b::toString);
        assertEquals("later", t.get(skip).path("message").asText(), b::toString);
        assertEquals("errored", t.get(error).path("status").asText(), b::toString);
        assertEquals("ZeroDivisionError: division by zero", t.get(error).path("message").asText(), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("student says hi"), b::toString);
    }

    @Test
    void unittestPassFailSkipErrorAndOutput() throws Exception {
        JsonNode b = ok(tests(null, "calc_test.py", UNITTEST_SUITE));
        checkFourStatuses(b, "CalcTest.test_add", "CalcTest.test_add_wrong", "CalcTest.test_later",
                "CalcTest.test_div_by_zero");
        assertEquals("AssertionError: 4 != 5 : two and two",
                byName(b).get("CalcTest.test_add_wrong").path("message").asText(), b::toString);
        assertTrue(byName(b).get("CalcTest.test_add_wrong").path("stack_trace").asText().contains("calc_test.py:13"),
                b::toString);
    }

    @Test
    void theSameSuiteUnderPytestGivesTheSameResults() throws Exception {
        JsonNode plain = ok(tests("unittest", "calc_test.py", UNITTEST_SUITE));
        JsonNode py = ok(tests("pytest", "calc_test.py", UNITTEST_SUITE));
        checkFourStatuses(py, "CalcTest.test_add", "CalcTest.test_add_wrong", "CalcTest.test_later",
                "CalcTest.test_div_by_zero");
        for (String name : byName(plain).keySet()) {
            JsonNode a = byName(plain).get(name);
            JsonNode c = byName(py).get(name);
            assertEquals(a.path("status"), c.path("status"), name);
            assertEquals(a.path("message"), c.path("message"), name);
        }
    }

    @Test
    void pytestPassFailSkipErrorAndOutput() throws Exception {
        JsonNode b = ok(tests(null, "test_calc.py", String.join("\n",
                "import pytest",
                "from calc import add, div",
                "",
                "def test_add():",
                "    print('student says hi')",
                "    assert add(2, 3) == 5",
                "",
                "def test_add_wrong():",
                "    assert add(2, 2) == 5",
                "",
                "@pytest.mark.skip(reason='later')",
                "def test_later():",
                "    assert False",
                "",
                "def test_div_by_zero():",
                "    with pytest.raises(ValueError):",
                "        div(1, 0)",
                "")));
        checkFourStatuses(b, "test_add", "test_add_wrong", "test_later", "test_div_by_zero");
        assertTrue(byName(b).get("test_add_wrong").path("message").asText().startsWith("AssertionError: assert 4 == 5"),
                b::toString);
    }

    @Test
    void frameworkUnittestRunsOnlyTestCaseClasses() throws Exception {
        String mixed = "import unittest\nfrom calc import add\n\ndef test_plain():\n    assert add(1, 1) == 2\n\n"
                + "class AddTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(1, 1), 2)\n";
        JsonNode detected = ok(tests(null, "test_mixed.py", mixed));
        assertEquals(List.of("test_plain", "AddTest.test_add"), List.copyOf(byName(detected).keySet()), detected::toString);
        JsonNode unittest = ok(tests("unittest", "test_mixed.py", mixed));
        assertEquals("ok", unittest.path("status").asText(), unittest::toString);
        assertEquals(List.of("AddTest.test_add"), List.copyOf(byName(unittest).keySet()), unittest::toString);
    }

    @Test
    void anUnknownFrameworkIsRefused() throws Exception {
        ItSupport.Reply r = ItSupport.post("/api/v1/runs", tests("nose", "test_calc.py", "def test_x():\n    pass\n"));
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("unknown_framework", r.body().path("error").path("code").asText(), () -> String.valueOf(r.body()));
        assertTrue(r.body().path("error").path("message").asText().contains("unittest"), () -> String.valueOf(r.body()));
    }

    @Test
    void aTestFileSkippedAtImportIsSkippedNotAFailure() throws Exception {
        JsonNode b = ok(tests(null,
                "test_numpy.py", "import pytest\nnp = pytest.importorskip('numpy')\n\ndef test_array():\n    assert np.zeros(1)[0] == 0\n",
                "test_later.py", "import pytest\npytest.skip('not this week', allow_module_level=True)\n",
                "calc_test.py", "import unittest\nfrom calc import add\n\nclass AddTest(unittest.TestCase):\n"
                        + "    def test_add(self):\n        self.assertEqual(add(1, 1), 2)\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals("skipped", t.get("test_numpy.py").path("status").asText(), b::toString);
        assertTrue(t.get("test_numpy.py").path("message").asText().contains("numpy"), b::toString);
        assertEquals("skipped", t.get("test_later.py").path("status").asText(), b::toString);
        assertEquals("not this week", t.get("test_later.py").path("message").asText(), b::toString);
        assertEquals("passed", t.get("AddTest.test_add").path("status").asText(), b::toString);
    }

    @Test
    void anUnsupportedFrameworkIsNamed() throws Exception {
        JsonNode b = ok(tests(null, "test_calc.py", "from nose.tools import assert_equal\nfrom calc import add\n\n"
                + "def test_add():\n    assert_equal(add(1, 1), 2)\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        String msg = byName(b).get("test_calc.py").path("message").asText();
        assertTrue(msg.contains("written for nose") && msg.contains("pytest, unittest"), b::toString);
    }

    @Test
    void hypothesisPropertyTests() throws Exception {
        JsonNode b = ok(tests(null, "test_props.py", String.join("\n",
                "from hypothesis import given, strategies as st",
                "from calc import add",
                "",
                "@given(st.integers(), st.integers())",
                "def test_add_commutes(a, b):",
                "    assert add(a, b) == add(b, a)",
                "",
                "@given(st.lists(st.integers()))",
                "def test_sum_is_sorted(xs):",
                "    assert sorted(xs) == xs",
                "")));
        Map<String, JsonNode> t = byName(b);
        assertEquals("passed", t.get("test_add_commutes").path("status").asText(), b::toString);
        assertEquals("failed", t.get("test_sum_is_sorted").path("status").asText(), b::toString);
        assertTrue(t.get("test_sum_is_sorted").path("message").asText().contains("Falsifying example"), b::toString);
    }

    @Test
    void aHangingUnittestTestIsTimeLimitAndKeepsTheFinishedResults() throws Exception {
        Map<String, Object> req = tests(null, "calc_test.py", String.join("\n",
                "import time, unittest",
                "from calc import add",
                "",
                "class SlowTest(unittest.TestCase):",
                "    def test_a_fast(self):",
                "        self.assertEqual(add(1, 1), 2)",
                "",
                "    def test_b_fails(self):",
                "        self.assertEqual(add(1, 1), 3)",
                "",
                "    def test_c_hangs(self):",
                "        while True:",
                "            time.sleep(0.01)",
                ""));
        req.put("limits", Map.of("wall_time_ms", 6000));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("SlowTest.test_a_fast", "SlowTest.test_b_fails"), List.copyOf(t.keySet()), b::toString);
        assertEquals("passed", t.get("SlowTest.test_a_fast").path("status").asText());
        assertEquals("failed", t.get("SlowTest.test_b_fails").path("status").asText());
        assertFalse(t.get("SlowTest.test_b_fails").path("passed").asBoolean());
    }

    @Test
    void setUpClassErrorsAndExpectedFailuresOnPlainUnittest() throws Exception {
        JsonNode b = ok(tests(null, "calc_test.py", String.join("\n",
                "import unittest",
                "from calc import add",
                "",
                "class BrokenTest(unittest.TestCase):",
                "    @classmethod",
                "    def setUpClass(cls):",
                "        raise RuntimeError('no database')",
                "",
                "    def test_one(self):",
                "        pass",
                "",
                "class MoreTest(unittest.TestCase):",
                "    @unittest.expectedFailure",
                "    def test_known_bug(self):",
                "        self.assertEqual(add(1, 1), 3)",
                "",
                "    def test_sub(self):",
                "        for i in range(3):",
                "            with self.subTest(i=i):",
                "                self.assertLess(i, 2)",
                "")));
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("BrokenTest.test_one", "MoreTest.test_known_bug", "MoreTest.test_sub"),
                List.copyOf(t.keySet()), b::toString);
        assertEquals("errored", t.get("BrokenTest.test_one").path("status").asText());
        assertEquals("error in test setup: RuntimeError: no database", t.get("BrokenTest.test_one").path("message").asText());
        assertEquals("skipped", t.get("MoreTest.test_known_bug").path("status").asText());
        assertEquals("failed", t.get("MoreTest.test_sub").path("status").asText());
        assertEquals("AssertionError: 2 not less than 2", t.get("MoreTest.test_sub").path("message").asText());
    }
}
