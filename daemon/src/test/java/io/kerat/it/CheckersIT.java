package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.post;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, online-judge grading over HTTP with real runsc: built-in checkers, a testlib-style checker program in
 * C++ (with a tiny testlib-compatible header of our own), case files and output files, groups with points.
 */
class CheckersIT {
    /** A Python solution that echoes its stdin: each case's stdin is the "output" to judge. */
    private static final String ECHO = "import sys\nsys.stdout.write(sys.stdin.read())\n";

    /** The few bits of testlib's API the checker below uses, with testlib's exit codes and report format. */
    static final String MINI_TESTLIB = String.join("\n",
            "#pragma once",
            "#include <cstdio>",
            "#include <cstdlib>",
            "#include <cstdarg>",
            "enum TResult { _ok = 0, _wa = 1, _pe = 2, _fail = 3, _points = 7 };",
            "struct InStream {",
            "  FILE *f = nullptr;",
            "  long long readLong() { long long v; if (!f || fscanf(f, \"%lld\", &v) != 1) { fprintf(stderr, \"expected an integer\\n\"); exit(_pe); } return v; }",
            "  int readInt() { return (int) readLong(); }",
            "};",
            "static InStream inf, ouf, ans;",
            "inline void registerTestlibCmd(int argc, char **argv) {",
            "  if (argc < 4) { fprintf(stderr, \"usage: checker input output answer\\n\"); exit(_fail); }",
            "  inf.f = fopen(argv[1], \"r\"); ouf.f = fopen(argv[2], \"r\"); ans.f = fopen(argv[3], \"r\");",
            "  if (!inf.f || !ouf.f || !ans.f) { fprintf(stderr, \"cannot open the files\\n\"); exit(_fail); }",
            "}",
            "inline void quitf(TResult r, const char *fmt, ...) {",
            "  static const char *names[] = {\"ok\", \"wrong answer\", \"wrong output format\", \"FAIL\"};",
            "  fprintf(stderr, \"%s \", r <= _fail ? names[r] : \"?\");",
            "  va_list ap; va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap);",
            "  fprintf(stderr, \"\\n\"); exit(r);",
            "}",
            "inline void quitp(double points, const char *fmt, ...) {",
            "  fprintf(stderr, \"points %.6f \", points);",
            "  va_list ap; va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap);",
            "  fprintf(stderr, \"\\n\"); exit(_points);",
            "}",
            "");

    /** Accepts the answer; -1 is a format error, -2 makes the checker fail, -3 earns half the points. */
    static final String CHECKER = String.join("\n",
            "#include \"testlib.h\"",
            "int main(int argc, char **argv) {",
            "  registerTestlibCmd(argc, argv);",
            "  long long n = inf.readLong(), want = ans.readLong(), got = ouf.readLong();",
            "  if (n != got) quitf(_fail, \"input %lld is not the output %lld\", n, got);",
            "  if (got == want) quitf(_ok, \"%lld is right\", got);",
            "  if (got == -1) quitf(_pe, \"minus one\");",
            "  if (got == -2) quitf(_fail, \"the answer file is broken\");",
            "  if (got == -3) quitp(0.5, \"half right\");",
            "  quitf(_wa, \"expected %lld, found %lld\", want, got);",
            "}",
            "");

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python", "cpp");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    private static Map<String, Object> echoCases(Object checker, String... stdinExpected) {
        Map<String, Object> req = run("python", "main.py", "main.py", ECHO);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (int i = 0; i < stdinExpected.length; i += 2) {
            cases.add(Map.of("stdin", stdinExpected[i], "expected_output", stdinExpected[i + 1]));
        }
        req.put("cases", cases);
        if (checker != null) {
            req.put("checker", checker);
        }
        return req;
    }

    @Test
    void builtinCheckersAcceptAndReject() throws Exception {
        Map<Object, String[]> table = new LinkedHashMap<>();
        table.put("exact", new String[]{"a b\n", "a b\n", "a b\n", "a b"});
        table.put(Map.of("name", "lines"), new String[]{"x  \n\n", "x", "x y\n", "x  y\n"});
        table.put("tokens", new String[]{"1   2\n3\n", "1 2 3", "1 2\n", "1 2 3"});
        table.put(Map.of("name", "floats", "abs_tolerance", 0.001), new String[]{"1.001\n", "1.000", "1.0011\n", "1"});
        table.put(Map.of("name", "floats", "rel_tolerance", 0.01), new String[]{"101\n", "100", "101.01\n", "100"});
        table.put(Map.of("name", "unordered_lines", "case_insensitive", true),
                new String[]{"B\na\n", "A\nb\n", "a\na\n", "a\nb\n"});
        for (Map.Entry<Object, String[]> e : table.entrySet()) {
            JsonNode b = ok(echoCases(e.getKey(), e.getValue()));
            assertEquals(List.of("accepted", "wrong_answer"), ItSupport.caseVerdicts(b), () -> e.getKey() + ": " + b);
            assertEquals("wrong_answer", b.path("status").asText(), b::toString);
            assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
            assertFalse(b.path("cases").get(1).path("checker_message").asText().isEmpty(), b::toString);
        }
        // the default is today's line comparison
        JsonNode d = ok(echoCases(null, "7 \n", "7", "7\n", "8"));
        assertEquals(List.of("accepted", "wrong_answer"), ItSupport.caseVerdicts(d), d::toString);
    }

    @Test
    void testlibCheckerInCppGivesEachVerdict() throws Exception {
        Map<String, Object> checker = Map.of("language", "cpp", "protocol", "testlib",
                "files", files("check.cpp", CHECKER, "testlib.h", MINI_TESTLIB),
                "limits", Map.of("wall_time_ms", 5000, "memory_bytes", 1L << 40));
        Map<String, Object> req = echoCases(checker, "5\n", "5", "6\n", "5", "-1\n", "5", "-3\n", "5");
        // partial points inside a group: the group gets points x the case's share; cases 1 and 2 are in no group
        req.put("groups", List.of(Map.of("name", "half", "points", 10, "cases", List.of(3)),
                Map.of("name", "whole", "points", 5, "cases", List.of(0))));
        JsonNode b = ok(req);
        assertEquals(10.0, b.path("score").asDouble(), b::toString);
        assertEquals(15.0, b.path("max_score").asDouble(), b::toString);
        assertEquals(5.0, b.path("groups").get(0).path("score").asDouble(), b::toString);
        assertEquals(List.of("accepted", "wrong_answer", "presentation_error", "accepted"), ItSupport.caseVerdicts(b), b::toString);
        JsonNode cases = b.path("cases");
        assertEquals(1.0, cases.get(0).path("points").asDouble());
        assertTrue(cases.get(0).path("checker_message").asText().contains("5 is right"), b::toString);
        assertTrue(cases.get(1).path("checker_message").asText().contains("expected 5, found 6"), b::toString);
        assertEquals(0.5, cases.get(3).path("points").asDouble(), b::toString);
        assertFalse(cases.get(3).path("passed").asBoolean(), b::toString);
        assertEquals("ok", b.path("checker_compile").path("status").asText(), b::toString);
        assertTrue(b.path("clamped").toString().contains("checker_memory_bytes"), b::toString);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);

        // testlib's "fail" is the problem's fault: checker_error, and the request says so
        JsonNode f = ok(echoCases(checker, "5\n", "5", "-2\n", "5"));
        assertEquals(List.of("accepted", "checker_error"), ItSupport.caseVerdicts(f), f::toString);
        assertEquals("internal_error", f.path("status").asText(), f::toString);
        assertTrue(f.path("message").asText().contains("checker failed on case 1"), f::toString);

        // a checker that does not compile is never the solution's fault either
        Map<String, Object> broken = Map.of("language", "cpp", "files", files("check.cpp", "int main( {"));
        JsonNode c = ok(echoCases(broken, "5\n", "5"));
        assertEquals("internal_error", c.path("status").asText(), c::toString);
        assertTrue(c.path("message").asText().contains("checker did not compile"), c::toString);
        assertTrue(c.path("checker_compile").path("stderr").asText().contains("check.cpp:1"), c::toString);
        assertTrue(c.path("cases").isMissingNode(), c::toString);
    }

    @Test
    void exitcodeProtocolInPython() throws Exception {
        String check = "import sys\nout = open(sys.argv[2]).read().split()\nans = open(sys.argv[3]).read().split()\n"
                + "print('sorted ok' if sorted(out) == sorted(ans) else 'not a permutation', file=sys.stderr)\n"
                + "sys.exit(0 if sorted(out) == sorted(ans) else 1)\n";
        Map<String, Object> checker = Map.of("language", "python", "protocol", "exitcode", "files", files("check.py", check));
        JsonNode b = ok(echoCases(checker, "3 1 2\n", "1 2 3", "3 1\n", "1 2 3"));
        assertEquals(List.of("accepted", "wrong_answer"), ItSupport.caseVerdicts(b), b::toString);
        assertEquals("not a permutation", b.path("cases").get(1).path("checker_message").asText(), b::toString);
    }

    @Test
    void aCheckerOverItsOwnLimitIsACheckerError() throws Exception {
        Map<String, Object> checker = Map.of("language", "python", "files", files("check.py", "while True: pass\n"),
                "limits", Map.of("wall_time_ms", 1000, "cpu_time_ms", 800));
        long t0 = System.nanoTime();
        JsonNode b = ok(echoCases(checker, "1\n", "1"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of("checker_error"), ItSupport.caseVerdicts(b), b::toString);
        assertEquals("internal_error", b.path("status").asText(), b::toString);
        assertEquals("ok", b.path("cases").get(0).path("status").asText(), "the solution itself ran fine: " + b);
        assertTrue(b.path("cases").get(0).path("checker_message").asText().contains("time_limit"), b::toString);
        assertTrue(ms < 15_000, "answered after " + ms + " ms");
    }

    @Test
    void fileInputAndOutput() throws Exception {
        Map<String, Object> req = run("python", "main.py", "main.py", String.join("\n",
                "import os",
                "a, b = map(int, open('problem.in').read().split())",
                "if a == 0: os.symlink('/etc/passwd', 'problem.out')",
                "elif a == 1: open('problem.out', 'w').write('x' * 5000)",
                "elif a == 9: pass",
                "else: open('problem.out', 'w').write(str(a + b) + '\\n')",
                "print('stdout is not judged')", ""));
        List<Map<String, Object>> cases = new ArrayList<>();
        for (String in : List.of("2 3", "0 0", "1 0", "9 0")) {
            cases.add(Map.of("files", files("problem.in", in), "output_file", "problem.out", "expected_output", "5"));
        }
        req.put("cases", cases);
        req.put("limits", Map.of("output_bytes", 4096));
        JsonNode b = ok(req);
        assertEquals(List.of("accepted", "wrong_answer", "output_limit", "wrong_answer"), ItSupport.caseVerdicts(b), b::toString);
        assertTrue(b.path("cases").get(1).path("checker_message").asText().contains("symbolic link"), b::toString);
        assertTrue(b.path("cases").get(3).path("checker_message").asText().contains("wrote no problem.out"), b::toString);
    }

    @Test
    void threeGroupsWithPointsAndADependency() throws Exception {
        Map<String, Object> req = run("python", "main.py", "main.py",
                "import sys\nprint('no' if sys.stdin.read().strip() == 'bad' else 'yes')\n");
        List<Map<String, Object>> cases = new ArrayList<>();
        for (String in : List.of("a", "b", "bad", "c", "d", "e", "f")) {
            cases.add(Map.of("stdin", in, "expected_output", "yes"));
        }
        req.put("cases", cases);
        req.put("groups", List.of(
                Map.of("name", "small", "points", 20, "cases", List.of(0, 1)),
                Map.of("name", "medium", "points", 30, "cases", List.of(2, 3), "depends_on", List.of("small")),
                Map.of("name", "large", "points", 50, "cases", List.of(4, 5), "depends_on", List.of("medium")),
                Map.of("name", "extra", "points", 7, "cases", List.of(6, 2), "run_all", true,
                        "depends_on", List.of("small"))));
        JsonNode b = ok(req);
        assertEquals(List.of("accepted", "accepted", "wrong_answer", "skipped", "skipped", "skipped", "accepted"),
                ItSupport.caseVerdicts(b), b::toString);
        assertEquals(20.0, b.path("score").asDouble(), b::toString);
        assertEquals(107.0, b.path("max_score").asDouble(), b::toString);
        JsonNode g = b.path("groups");
        assertEquals("accepted", g.get(0).path("verdict").asText(), b::toString);
        assertEquals(20.0, g.get(0).path("score").asDouble());
        assertEquals("wrong_answer", g.get(1).path("verdict").asText(), b::toString);
        assertEquals("skipped", g.get(2).path("verdict").asText(), b::toString);
        assertEquals(0.0, g.get(3).path("score").asDouble(), b::toString);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
    }

    @Test
    void badJudgingRequestsAre400() throws Exception {
        assertEquals("invalid_checker", post("/api/v1/runs", echoCases("nope", "1", "1")).body().path("error").path("code").asText());
        assertEquals("invalid_checker", post("/api/v1/runs", echoCases(Map.of("language", "cpp",
                "files", files("input", "x")), "1", "1")).body().path("error").path("code").asText());
        Map<String, Object> req = echoCases(null, "1", "1");
        req.put("groups", List.of(Map.of("points", 1, "cases", List.of(3))));
        ItSupport.Reply r = post("/api/v1/runs", req);
        assertEquals(400, r.status(), r.body()::toString);
        assertEquals("invalid_groups", r.body().path("error").path("code").asText(), r.body()::toString);
        Map<String, Object> cyc = echoCases(null, "1", "1");
        cyc.put("groups", List.of(Map.of("name", "a", "cases", List.of(0), "depends_on", List.of("a"))));
        assertEquals(400, post("/api/v1/runs", cyc).status());
        Map<String, Object> esc = echoCases(null, "1", "1");
        esc.put("cases", List.of(Map.of("output_file", "../x")));
        assertEquals(400, post("/api/v1/runs", esc).status());
    }
}
