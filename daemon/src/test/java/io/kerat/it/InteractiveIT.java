package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.post;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, interactive problems with real runsc: a guessing game (find a secret in 1..n by binary search, at most
 * 20 questions) judged by an interactor in Python and in C++, against solutions in Python and C++ that are right,
 * ask too many questions, never answer, or exit early.
 */
class InteractiveIT {
    /** Case input: "n secret". Replies "<", ">" or "=" to "? x"; "! x" is the final answer. testlib exit codes. */
    static final String PY_INTERACTOR = String.join("\n",
            "import sys",
            "n, secret = map(int, open(sys.argv[1]).read().split())",
            "print(n, flush=True)",
            "asked = 0",
            "while True:",
            "    line = sys.stdin.readline()",
            "    if not line:",
            "        sys.stderr.write('wrong answer: unexpected end of file after %d questions\\n' % asked); sys.exit(1)",
            "    kind, x = line.split()",
            "    x = int(x)",
            "    if kind == '!':",
            "        if x == secret:",
            "            sys.stderr.write('ok: found %d in %d questions\\n' % (x, asked)); sys.exit(0)",
            "        sys.stderr.write('wrong answer: %d is not the secret\\n' % x); sys.exit(1)",
            "    asked += 1",
            "    if asked > 20:",
            "        sys.stderr.write('wrong answer: more than 20 questions\\n'); sys.exit(1)",
            "    print('<' if secret < x else '>' if secret > x else '=', flush=True)",
            "");

    /** The same game in C++; with an answer file (the case's expected output) it checks that it names the secret. */
    static final String CPP_INTERACTOR = String.join("\n",
            "#include <cstdio>",
            "#include <cstring>",
            "int main(int argc, char **argv) {",
            "  FILE *in = fopen(argv[1], \"r\"); long n, secret;",
            "  if (!in || fscanf(in, \"%ld %ld\", &n, &secret) != 2) { fprintf(stderr, \"FAIL bad input\\n\"); return 3; }",
            "  if (argc > 3) { FILE *a = fopen(argv[3], \"r\"); long s = -1;",
            "    if (!a || fscanf(a, \"%ld\", &s) != 1 || s != secret) { fprintf(stderr, \"FAIL answer file\\n\"); return 3; } }",
            "  printf(\"%ld\\n\", n); fflush(stdout);",
            "  int asked = 0; char kind[8]; long x;",
            "  while (scanf(\"%7s %ld\", kind, &x) == 2) {",
            "    if (!strcmp(kind, \"!\")) {",
            "      if (x == secret) { fprintf(stderr, \"ok: found %ld in %d questions\\n\", x, asked); return 0; }",
            "      fprintf(stderr, \"wrong answer: %ld is not the secret\\n\", x); return 1; }",
            "    if (++asked > 20) { fprintf(stderr, \"wrong answer: more than 20 questions\\n\"); return 1; }",
            "    printf(\"%s\\n\", secret < x ? \"<\" : secret > x ? \">\" : \"=\"); fflush(stdout);",
            "  }",
            "  fprintf(stderr, \"wrong answer: unexpected end of file after %d questions\\n\", asked); return 1;",
            "}",
            "");

    static final String PY_SOLUTION = String.join("\n",
            "n = int(input())",
            "lo, hi = 1, n",
            "while True:",
            "    mid = (lo + hi) // 2",
            "    print('?', mid, flush=True)",
            "    r = input().strip()",
            "    if r == '=':",
            "        print('!', mid, flush=True)",
            "        break",
            "    if r == '<': hi = mid - 1",
            "    else: lo = mid + 1",
            "");

    /** Asks 1, 2, 3, ... : more than 20 questions for a secret above 20. */
    static final String PY_LINEAR = String.join("\n",
            "n = int(input())",
            "for x in range(1, n + 1):",
            "    print('?', x, flush=True)",
            "    if input().strip() == '=':",
            "        print('!', x, flush=True)",
            "        break",
            "");

    static final String CPP_SOLUTION = String.join("\n",
            "#include <iostream>",
            "#include <string>",
            "int main() {",
            "  long n; std::cin >> n; long lo = 1, hi = n;",
            "  while (true) {",
            "    long mid = (lo + hi) / 2;",
            "    std::cout << \"? \" << mid << std::endl;",
            "    std::string r; if (!(std::cin >> r)) return 0;",
            "    if (r == \"=\") { std::cout << \"! \" << mid << std::endl; return 0; }",
            "    if (r == \"<\") hi = mid - 1; else lo = mid + 1;",
            "  }",
            "}",
            "");

    /** Asks 1, 2, 3, ... and ignores a failed read: after the interactor's exit it keeps asking into the void. */
    static final String CPP_LINEAR = String.join("\n",
            "#include <iostream>",
            "#include <string>",
            "int main() {",
            "  long n; std::cin >> n;",
            "  for (long x = 1; ; x++) {",
            "    std::cout << \"? \" << x << std::endl;",
            "    std::string r; std::cin >> r;",
            "    if (r == \"=\") { std::cout << \"! \" << x << std::endl; return 0; }",
            "  }",
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

    private static Map<String, Object> interactor(String language, String file, String source) {
        Map<String, Object> m = new HashMap<>();
        m.put("language", language);
        m.put("files", files(file, source));
        return m;
    }

    private static Map<String, Object> game(String language, String file, String source, Map<String, Object> inter,
                                            String... nSecret) {
        Map<String, Object> req = run(language, file, file, source);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (String c : nSecret) {
            cases.add(Map.of("stdin", c + "\n"));
        }
        req.put("cases", cases);
        req.put("interactor", inter);
        return req;
    }

    @Test
    void pythonGameWithAPythonInteractor() throws Exception {
        Map<String, Object> inter = interactor("python", "interactor.py", PY_INTERACTOR);
        Map<String, Object> req = game("python", "main.py", PY_SOLUTION, inter, "1000 700", "1 1", "1000000 1");
        req.put("groups", List.of(Map.of("name", "all", "points", 10, "cases", List.of(0, 1, 2))));
        JsonNode b = ok(req);
        assertEquals(List.of("accepted", "accepted", "accepted"), ItSupport.caseVerdicts(b), b::toString);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(10.0, b.path("score").asDouble(), b::toString);
        JsonNode c0 = b.path("cases").get(0);
        assertTrue(c0.path("checker_message").asText().startsWith("ok: found 700 in"), b::toString);
        assertTrue(c0.path("wall_time_ms").asLong() > 0 && c0.path("memory_bytes").asLong() > 0, b::toString);

        // linear search: the interactor stops it after 20 questions; the solution then reads end of file and
        // crashes (EOFError), but the interactor had already decided: wrong_answer, not runtime_error
        JsonNode w = ok(game("python", "main.py", PY_LINEAR, inter, "1000 700", "1000 5"));
        assertEquals(List.of("wrong_answer", "accepted"), ItSupport.caseVerdicts(w), w::toString);
        assertTrue(w.path("cases").get(0).path("checker_message").asText().contains("more than 20"), w::toString);
        assertEquals("wrong_answer", w.path("status").asText(), w::toString);
    }

    @Test
    void aPooledSolutionTalksToItsInteractor() throws Exception {
        // the solution (default limits) takes a pre-started sandbox: its stdin is pumped after the release line
        long before = ItSupport.enablePool("python", 2);
        try {
            JsonNode b = ok(game("python", "main.py", PY_SOLUTION, interactor("python", "interactor.py", PY_INTERACTOR),
                    "1000 700", "1000 1"));
            assertEquals(List.of("accepted", "accepted"), ItSupport.caseVerdicts(b), b::toString);
        } finally {
            ItSupport.disablePool("python", before, 1);
        }
    }

    @Test
    void cppSolutionAgainstBothInteractors() throws Exception {
        JsonNode b = ok(game("cpp", "main.cpp", CPP_SOLUTION, interactor("python", "interactor.py", PY_INTERACTOR),
                "1000 700", "2 2"));
        assertEquals(List.of("accepted", "accepted"), ItSupport.caseVerdicts(b), b::toString);

        Map<String, Object> cppInter = interactor("cpp", "interactor.cpp", CPP_INTERACTOR);
        Map<String, Object> req = game("cpp", "main.cpp", CPP_SOLUTION, cppInter, "1000 700", "2 2");
        // the answer file reaches the interactor: a wrong one makes it fail (the problem's fault)
        req.put("cases", List.of(Map.of("stdin", "1000 700\n", "expected_output", "700\n"),
                Map.of("stdin", "2 2\n", "expected_output", "1\n")));
        JsonNode c = ok(req);
        assertEquals(List.of("accepted", "checker_error"), ItSupport.caseVerdicts(c), c::toString);
        assertEquals("internal_error", c.path("status").asText(), c::toString);
        assertTrue(c.path("message").asText().contains("interactor failed on case 1"), c::toString);
        assertEquals("ok", c.path("interactor_compile").path("status").asText(), c::toString);

        // C++ linear search against the C++ interactor: it keeps asking after the interactor's exit and is stopped
        // a second later; the interactor's wrong_answer stands
        JsonNode w = ok(game("cpp", "main.cpp", CPP_LINEAR, cppInter, "1000 700"));
        assertEquals(List.of("wrong_answer"), ItSupport.caseVerdicts(w), w::toString);
        assertTrue(w.path("cases").get(0).path("checker_message").asText().contains("more than 20"), w::toString);
    }

    @Test
    void aSolutionThatNeverAnswersIsIdleAtTheWallLimit() throws Exception {
        // reads n, then waits for a reply to a question it never asked; the interactor waits for a question
        Map<String, Object> req = game("python", "main.py", "import sys\nn = input()\nsys.stdin.read()\n",
                interactor("python", "interactor.py", PY_INTERACTOR), "1000 700");
        req.put("limits", Map.of("wall_time_ms", 2000));
        long t0 = System.nanoTime();
        JsonNode b = ok(req);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of("time_limit"), ItSupport.caseVerdicts(b), b::toString);
        JsonNode c = b.path("cases").get(0);
        assertEquals("time_limit", c.path("status").asText(), b::toString);
        assertTrue(c.path("message").asText().startsWith("idle"), b::toString);
        assertTrue(c.path("wall_time_ms").asLong() >= 2000 && c.path("wall_time_ms").asLong() < 4000, b::toString);
        assertTrue(ms < 10_000, "answered after " + ms + " ms");
    }

    @Test
    void aSolutionThatExitsEarly() throws Exception {
        Map<String, Object> inter = interactor("cpp", "interactor.cpp", CPP_INTERACTOR);
        // exit 0 without an answer: a normal end; the interactor reads end of file and rejects: wrong_answer
        JsonNode w = ok(game("python", "main.py", "n = input()\n", inter, "1000 700"));
        assertEquals(List.of("wrong_answer"), ItSupport.caseVerdicts(w), w::toString);
        assertTrue(w.path("cases").get(0).path("checker_message").asText().contains("end of file"), w::toString);
        // a crash before the interactor decided: the solution's verdict wins, runtime_error
        JsonNode r = ok(game("python", "main.py", "import sys\nn = input()\nsys.exit(3)\n", inter, "1000 700"));
        assertEquals(List.of("runtime_error"), ItSupport.caseVerdicts(r), r::toString);
        assertEquals(3, r.path("cases").get(0).path("exit_code").asInt(), r::toString);
    }

    @Test
    void theSolutionsLimitsHoldAndWin() throws Exception {
        Map<String, Object> inter = interactor("python", "interactor.py", PY_INTERACTOR);
        // asks one question, then computes forever: a CPU time limit, not idle, though the interactor waits too
        Map<String, Object> busy = game("python", "main.py", "n = input()\nprint('? 1', flush=True)\nwhile True: pass\n",
                inter, "1000 700");
        busy.put("limits", Map.of("cpu_time_ms", 1000, "wall_time_ms", 4000));
        JsonNode t = ok(busy);
        assertEquals(List.of("time_limit"), ItSupport.caseVerdicts(t), t::toString);
        assertTrue(t.path("cases").get(0).path("message").asText().startsWith("CPU time limit"), t::toString);
        // floods the interactor: its own output cap ends it (output_limit), whatever the interactor makes of it
        Map<String, Object> flood = game("python", "main.py",
                "import sys\nn = input()\nwhile True: sys.stdout.write('? 1\\n' * 10000)\n", inter, "1000 700");
        flood.put("limits", Map.of("output_bytes", 65536));
        JsonNode f = ok(flood);
        assertEquals(List.of("output_limit"), ItSupport.caseVerdicts(f), f::toString);
        assertEquals("output_limit", f.path("status").asText(), f::toString);
        // an interactor over its own limits is the problem's fault
        Map<String, Object> slow = interactor("python", "interactor.py", "import time\nwhile True: pass\n");
        slow.put("limits", Map.of("cpu_time_ms", 500));
        JsonNode s = ok(game("python", "main.py", PY_SOLUTION, slow, "1000 700"));
        assertEquals(List.of("checker_error"), ItSupport.caseVerdicts(s), s::toString);
        assertTrue(s.path("cases").get(0).path("checker_message").asText().contains("time_limit"), s::toString);
        assertTrue(s.path("clamped").isMissingNode() || !s.path("clamped").toString().contains("checker_"), s::toString);
    }

    @Test
    void anInteractorWithACheckerIsRefused() throws Exception {
        Map<String, Object> req = game("python", "main.py", PY_SOLUTION,
                interactor("python", "interactor.py", PY_INTERACTOR), "10 3");
        req.put("checker", "tokens");
        ItSupport.Reply r = post("/api/v1/runs", req);
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("invalid_interactor", r.body().path("error").path("code").asText(), () -> String.valueOf(r.body()));

        Map<String, Object> bad = game("python", "main.py", PY_SOLUTION,
                interactor("python", "input", PY_INTERACTOR), "10 3");
        ItSupport.Reply b = post("/api/v1/runs", bad);
        assertEquals(400, b.status(), () -> String.valueOf(b.body()));

        Map<String, Object> out = game("python", "main.py", PY_SOLUTION,
                interactor("python", "interactor.py", PY_INTERACTOR), "10 3");
        out.put("cases", List.of(Map.of("stdin", "10 3\n", "output_file", "x.out")));
        ItSupport.Reply o = post("/api/v1/runs", out);
        assertEquals(400, o.status(), () -> String.valueOf(o.body()));
        assertEquals("invalid_interactor", o.body().path("error").path("code").asText(), () -> String.valueOf(o.body()));
    }
}
