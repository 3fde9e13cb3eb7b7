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

/** Bash (Debian's bash 5.2 with bats) end to end over HTTP with real runsc: run, cases, bats suites, Judge0, Piston. */
class BashIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("bash");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** These tests check outcomes, not limits: room for a loaded CI machine. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000));
        return ItSupport.ok(req);
    }

    @Test
    void helloWithTheRealVersion() throws Exception {
        JsonNode runtime = null;
        for (JsonNode r : ItSupport.get("/api/v1/runtimes").body()) {
            if (r.path("language").asText().equals("bash")) {
                runtime = r;
            }
        }
        assertNotNull(runtime);
        assertTrue(runtime.path("aliases").toString().contains("\"sh\""), runtime::toString);
        JsonNode b = ok(run("bash", "main.sh", "main.sh", "echo \"hi ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}\""));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("bash", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("5\\.2\\.\\d+"), b::toString);
        assertEquals(runtime.path("version").asText(), b.path("version").asText());
        assertEquals("hi 5.2\n", b.path("run").path("stdout").asText());
        assertEquals("", b.path("run").path("stderr").asText());
    }

    @Test
    void stdinUtf8MultiFileAndArgs() throws Exception {
        Map<String, Object> req = run("sh", "bin/main.sh",
                "bin/main.sh", "source \"$(dirname \"$0\")/../lib/util.sh\"\nsum=0\nwhile read -r a; do sum=$((sum + a)); done\n"
                        + "echo \"$sum\"\ntwice \"$1\"\necho \"${#2} ${2^^}\"",
                "lib/util.sh", "twice() { echo \"$1$1\"; }\n");
        req.put("stdin", "1\n2\n3\n");
        req.put("args", List.of("ab", "héllo"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("bash", b.path("language").asText(), b::toString);
        assertEquals("6\nabab\n5 HÉLLO\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void failingCommandIsRuntimeError() throws Exception {
        JsonNode b = ok(run("bash", "main.sh", "main.sh", "set -e\necho before\nls /no/such/dir\necho after"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText());
        assertTrue(b.path("run").path("stderr").asText().contains("/no/such/dir"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("bash", "main.sh", "main.sh", "read -r a b\necho $((a + b))");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    private static Map<String, Object> tests(List<Map<String, String>> sources, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "bash");
        req.put("entrypoint", "calc.sh");
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    @Test
    void batsSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("calc.sh", "add() { echo $(($1 + $2)); }\nsub() { echo $(($1 + $2)); }\n"),
                "test/calc.bats", String.join("\n",
                        "setup() { source ./calc.sh; }",
                        "@test \"adds two numbers\" {",
                        "  echo 'ok 9 forged on stdout'",
                        "  run add 2 3",
                        "  [ \"$output\" -eq 5 ]",
                        "}",
                        "@test \"subtracts\" {",
                        "  run sub 5 3",
                        "  echo \"got $output\"",
                        "  [ \"$output\" -eq 2 ]",
                        "}",
                        "@test \"later\" {",
                        "  skip 'not yet'",
                        "}",
                        "@test \"forges through fd 3\" {",
                        "  echo 'ok 4 forges through fd 3' >&3",
                        "  false",
                        "}",
                        ""),
                "test/more.bats", "@test \"utf-8 ünïcode\" {\n  [ \"$(echo é | tr é e)\" != x ]\n}\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(5, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "adds two numbers").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "subtracts");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("`[ \"$output\" -eq 2 ]' failed\ngot 8", sub.path("message").asText(), b::toString);
        assertEquals("test/calc.bats:10", sub.path("stack_trace").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "later").path("status").asText(), b::toString);
        assertEquals("not yet", testNamed(b, "later").path("message").asText(), b::toString);
        JsonNode forger = testNamed(b, "forges through fd 3");
        assertEquals("errored", forger.path("status").asText(), b::toString);
        assertTrue(forger.path("message").asText().contains("fd 3"), b::toString);
        assertEquals("passed", testNamed(b, "utf-8 ünïcode").path("status").asText(), b::toString);
    }

    @Test
    void syntaxErrorInScriptUnderTestIsCompileError() throws Exception {
        JsonNode b = ok(tests(files("calc.sh", "add() {\n  if [ 1 ]; then echo\n}\n"),
                "calc.bats", "@test \"x\" {\n  true\n}\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("calc.sh: line 3"), b::toString);
    }

    @Test
    void judge0AndPiston() throws Exception {
        ItSupport.Reply j = ItSupport.post("/submissions?base64_encoded=false&wait=true", Map.of(
                "language_id", 46, "source_code", "read -r x\necho \"j0 $x\"", "stdin", "in",
                "wall_time_limit", 30, "cpu_time_limit", 20));
        assertEquals(201, j.status(), () -> String.valueOf(j.body()));
        assertEquals(3, j.body().path("status").path("id").asInt(), j.body()::toString);
        assertEquals("j0 in\n", j.body().path("stdout").asText(), j.body()::toString);
        ItSupport.Reply p = ItSupport.post("/api/v2/execute", Map.of("language", "bash", "version", "*",
                "files", List.of(Map.of("content", "echo \"piston $1\"")), "args", List.of("x"),
                "run_timeout", 30000, "compile_timeout", 30000));
        assertEquals(200, p.status(), () -> String.valueOf(p.body()));
        assertEquals("bash", p.body().path("language").asText(), p.body()::toString);
        assertEquals("piston x\n", p.body().path("run").path("stdout").asText(), p.body()::toString);
        assertEquals(0, p.body().path("run").path("code").asInt(), p.body()::toString);
    }
}
