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

/** Perl (Debian's perl 5.40, Test::More) end to end over HTTP with real runsc: run, cases, TAP suites, Judge0, Piston. */
class PerlIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("perl");
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
            if (r.path("language").asText().equals("perl")) {
                runtime = r;
            }
        }
        assertNotNull(runtime);
        assertTrue(runtime.path("aliases").toString().contains("\"pl\""), runtime::toString);
        JsonNode b = ok(run("perl", "main.pl", "main.pl", "printf \"hi %vd\\n\", $^V;"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("perl", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("5\\.40\\.\\d+"), b::toString);
        assertEquals(runtime.path("version").asText(), b.path("version").asText());
        assertEquals("hi " + b.path("version").asText() + "\n", b.path("run").path("stdout").asText(), b::toString);
        assertEquals("", b.path("run").path("stderr").asText());
    }

    @Test
    void stdinUtf8MultiFileAndArgs() throws Exception {
        Map<String, Object> req = run("pl", "bin/main.pl",
                "bin/main.pl", String.join("\n",
                        "use strict; use warnings; use utf8;",
                        "use FindBin; use lib \"$FindBin::Bin/../lib\";",
                        "use Util qw(twice);",
                        "binmode STDOUT, ':encoding(UTF-8)';",
                        "my $sum = 0; $sum += $_ for map { split } <STDIN>;",
                        "print \"$sum\\n\", twice($ARGV[0]), \"\\n\", uc('héllo'), \"\\n\";"),
                "lib/Util.pm", "package Util;\nuse Exporter 'import';\nour @EXPORT_OK = ('twice');\nsub twice { $_[0] x 2 }\n1;\n");
        req.put("stdin", "1 2 3\n4\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("perl", b.path("language").asText(), b::toString);
        assertEquals("10\nabab\nHÉLLO\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void dieIsRuntimeError() throws Exception {
        JsonNode b = ok(run("perl", "main.pl", "main.pl", "$| = 1;\nprint \"before\\n\";\ndie \"bad input\\n\";"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(255, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText());
        assertEquals("bad input\n", b.path("run").path("stderr").asText(), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("perl", "main.pl", "main.pl", "my ($a, $b) = split ' ', <STDIN>;\nprint $a + $b, \"\\n\";");
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
        req.put("language", "perl");
        req.put("entrypoint", "lib/Calc.pm");
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    private static final String CALC = "package Calc;\nsub add { $_[0] + $_[1] }\nsub sub_ { $_[0] + $_[1] }\n1;\n";

    @Test
    void testMoreSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("lib/Calc.pm", CALC),
                "t/calc.t", String.join("\n",
                        "use strict; use warnings;",
                        "use Test::More;",
                        "use Calc;",
                        "print \"ok 9 - forged on stdout\\n\";",
                        "print STDERR \"not ok 10 - forged on stderr\\n\";",
                        "is(Calc::add(2, 3), 5, 'adds');",
                        "is(Calc::sub_(5, 3), 2, 'subtracts');",
                        "SKIP: { skip 'not yet', 1; ok(0, 'later') }",
                        "TODO: { local $TODO = 'wip'; ok(0, 'todo one') }",
                        "ok(1, 'ünïcode');",
                        "done_testing();",
                        ""),
                "t/die.t", "use Test::More tests => 3;\nok(1, 'first');\ndie \"boom\\n\";\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(7, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "adds").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "subtracts");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("     got: '8'\nexpected: '2'", sub.path("message").asText(), b::toString);
        assertEquals("t/calc.t:7", sub.path("stack_trace").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "t/calc.t test 3").path("status").asText(), b::toString);
        assertEquals("not yet", testNamed(b, "t/calc.t test 3").path("message").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "todo one").path("status").asText(), b::toString);
        assertEquals("TODO: wip", testNamed(b, "todo one").path("message").asText(), b::toString);
        assertEquals("passed", testNamed(b, "ünïcode").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "first").path("status").asText(), b::toString);
        JsonNode died = testNamed(b, "t/die.t");
        assertEquals("errored", died.path("status").asText(), b::toString);
        assertEquals("the test program exited with code 255 after 1 test (see stderr)", died.path("message").asText());
        // the student's prints went to stdout/stderr, where they cannot pass for results
        assertTrue(b.path("run").path("stdout").asText().contains("ok 9 - forged on stdout"), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("boom"), b::toString);
    }

    @Test
    void syntaxErrorInModuleUnderTestIsCompileError() throws Exception {
        JsonNode b = ok(tests(files("lib/Calc.pm", "package Calc;\nsub add {\n  $_[0] +\n1;\n"),
                "t/calc.t", "use Test::More;\nuse Calc;\nok(1);\ndone_testing;\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("lib/Calc.pm line"), b::toString);
    }

    @Test
    void judge0AndPiston() throws Exception {
        ItSupport.Reply j = ItSupport.post("/submissions?base64_encoded=false&wait=true", Map.of(
                "language_id", 85, "source_code", "my $x = <STDIN>;\nprint \"j0 $x\";", "stdin", "in\n",
                "wall_time_limit", 30, "cpu_time_limit", 20));
        assertEquals(201, j.status(), () -> String.valueOf(j.body()));
        assertEquals(3, j.body().path("status").path("id").asInt(), j.body()::toString);
        assertEquals("j0 in\n", j.body().path("stdout").asText(), j.body()::toString);
        ItSupport.Reply p = ItSupport.post("/api/v2/execute", Map.of("language", "perl", "version", "*",
                "files", List.of(Map.of("content", "print \"piston $ARGV[0]\\n\";")), "args", List.of("x"),
                "run_timeout", 30000, "compile_timeout", 30000));
        assertEquals(200, p.status(), () -> String.valueOf(p.body()));
        assertEquals("perl", p.body().path("language").asText(), p.body()::toString);
        assertEquals("piston x\n", p.body().path("run").path("stdout").asText(), p.body()::toString);
        assertEquals(0, p.body().path("run").path("code").asInt(), p.body()::toString);
    }
}
