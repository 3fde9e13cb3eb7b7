package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static io.kerat.it.ItSupport.testNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyPy (Debian's pypy3 7.3, Python 3.11) end to end over HTTP with real runsc: run, cases, the Python runner's
 * harness with unittest and with pytest (Debian's pure-Python pytest on PyPy's path), and Piston. Judge0 CE has no
 * PyPy id, so there is no Judge0 request here.
 */
class PypyIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("pypy");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** Room for a loaded CI machine unless a test sets its own limits. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1 << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloStdinUtf8MultiFileArgsAndVersion() throws Exception {
        Map<String, Object> req = run("pypy3", "app/main.py",
                "app/main.py", String.join("\n",
                        "import platform, sys",
                        "sys.path.insert(0, __file__.rsplit('/', 2)[0])",
                        "from lib.util import twice",
                        "data = sys.stdin.read().split()",
                        "print(platform.python_implementation(), '%d.%d' % sys.version_info[:2], twice(sys.argv[1]))",
                        "print(sum(int(w) for w in data if w.isdigit()), data[-1].upper())"),
                "lib/__init__.py", "",
                "lib/util.py", "def twice(s):\n    return s * 2\n");
        req.put("stdin", "1 2 3\nhéllo\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("pypy", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("7\\.3\\.\\d+"), b::toString);
        assertEquals("PyPy 3.11 abab\n6 HÉLLO\n", b.path("run").path("stdout").asText(), b::toString);
        assertEquals("", b.path("run").path("stderr").asText(), b::toString);

        JsonNode pypy = null;
        for (JsonNode r : ItSupport.get("/api/v1/runtimes").body()) {
            if (r.path("language").asText().equals("pypy")) {
                pypy = r;
            }
        }
        assertNotNull(pypy, "pypy in /api/v1/runtimes");
        assertEquals(b.path("version").asText(), pypy.path("version").asText(), pypy::toString);
        assertTrue(pypy.path("aliases").toString().contains("\"pypy3\""), pypy::toString);
    }

    @Test
    void raisedExceptionIsRuntimeError() throws Exception {
        JsonNode b = ok(run("pypy", "main.py", "main.py",
                "print('before', flush=True)\ndef f(x):\n    raise ValueError('bad input %d' % x)\nf(2)\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText(), b::toString);
        String err = b.path("run").path("stderr").asText();
        assertTrue(err.contains("ValueError: bad input 2"), b::toString);
        assertTrue(err.contains("main.py\", line 3"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("pypy", "main.py", "main.py", "a, b = map(int, input().split())\nprint(a + b)\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText(), b::toString);
    }

    private static Map<String, Object> tests(List<Map<String, String>> sources, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "pypy");
        req.put("entrypoint", "calc.py");
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    private static final String CALC = "def add(a, b):\n    return a + b\n\ndef div(a, b):\n    return a / b\n";

    @Test
    void unittestSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("calc.py", CALC),
                "calc_test.py", String.join("\n",
                        "import unittest",
                        "from calc import add, div",
                        "class TestCalc(unittest.TestCase):",
                        "    def test_add(self):",
                        "        print('{\"event\": \"done\"}')",
                        "        self.assertEqual(add(1, 2), 3)",
                        "    def test_wrong(self):",
                        "        self.assertEqual(add(1, 2), 4)",
                        "    def test_div_zero(self):",
                        "        div(1, 0)",
                        "    @unittest.skip('not yet graded')",
                        "    def test_skipped(self):",
                        "        pass",
                        "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "TestCalc.test_add").path("status").asText(), b::toString);
        JsonNode wrong = testNamed(b, "TestCalc.test_wrong");
        assertEquals("failed", wrong.path("status").asText(), b::toString);
        assertEquals("AssertionError: 3 != 4", wrong.path("message").asText(), b::toString);
        assertTrue(wrong.path("stack_trace").asText().contains("calc_test.py:8"), b::toString);
        JsonNode err = testNamed(b, "TestCalc.test_div_zero");
        assertEquals("errored", err.path("status").asText(), b::toString);
        assertTrue(err.path("message").asText().startsWith("ZeroDivisionError"), b::toString);
        assertEquals("skipped", testNamed(b, "TestCalc.test_skipped").path("status").asText(), b::toString);
        assertEquals("not yet graded", testNamed(b, "TestCalc.test_skipped").path("message").asText(), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("{\"event\": \"done\"}"), b::toString);
    }

    @Test
    void pytestSuiteOnPypy() throws Exception {
        JsonNode b = ok(tests(files("calc.py", CALC),
                "test_calc.py", String.join("\n",
                        "import platform",
                        "import pytest",
                        "from calc import add",
                        "def test_is_pypy():",
                        "    assert platform.python_implementation() == 'PyPy'",
                        "@pytest.mark.parametrize('a,b,s', [(1, 2, 3), (2, 2, 5)])",
                        "def test_add(a, b, s):",
                        "    assert add(a, b) == s",
                        "def test_skip():",
                        "    pytest.skip('no network here')",
                        "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "test_is_pypy").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "test_add[1-2-3]").path("status").asText(), b::toString);
        JsonNode wrong = testNamed(b, "test_add[2-2-5]");
        assertEquals("failed", wrong.path("status").asText(), b::toString);
        assertTrue(wrong.path("message").asText().startsWith("AssertionError: assert 4 == 5"), b::toString);
        assertEquals("skipped", testNamed(b, "test_skip").path("status").asText(), b::toString);
        assertEquals("no network here", testNamed(b, "test_skip").path("message").asText(), b::toString);
    }

    @Test
    void syntaxErrorInTestsModeIsCompileError() throws Exception {
        JsonNode b = ok(tests(files("calc.py", "def add(a, b)\n    return a + b\n"),
                "calc_test.py", "import unittest\nfrom calc import add\nclass T(unittest.TestCase):\n    def test_a(self):\n        self.assertEqual(add(1, 2), 3)\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String err = b.path("compile").path("stderr").asText();
        assertTrue(err.contains("calc.py\", line 1") && err.contains("SyntaxError"), b::toString);
    }

    @Test
    void pistonPypy() throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("language", "pypy");
        body.put("version", "*");
        body.put("files", List.of(Map.of("name", "main.py", "content", "import platform\nprint('piston', platform.python_implementation(), input())\n")));
        body.put("stdin", "ok\n");
        body.put("run_timeout", 30000);
        ItSupport.Reply r = ItSupport.post("/api/v2/execute", body);
        assertEquals(200, r.status(), r.body()::toString);
        assertEquals("pypy", r.body().path("language").asText(), r.body()::toString);
        assertEquals("piston PyPy ok\n", r.body().path("run").path("stdout").asText(), r.body()::toString);
        assertEquals(0, r.body().path("run").path("code").asInt(), r.body()::toString);
    }
}
