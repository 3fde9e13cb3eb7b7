package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.Kerat;
import io.kerat.api.judge0.Judge0Options;
import io.kerat.http.HttpServer;
import io.kerat.http.Judge0Routes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Pascal (Debian's Free Pascal 3.2.2 with the FCL's fpcunit) end to end over HTTP with real runsc: run, cases,
 * fpcunit and TAP test suites, and one request each through Judge0 and Piston.
 */
class PascalIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer judge0;
    private static URI judge0Base;

    @BeforeAll
    static void start() throws Exception {
        Kerat k = ItSupport.daemon("pascal");
        judge0 = new HttpServer(List.of(new Judge0Routes(k, Judge0Options.defaults(), null)), k.settings().maxRequestBytes());
        InetSocketAddress a = judge0.bind("127.0.0.1", 0, null);
        judge0Base = URI.create("http://127.0.0.1:" + a.getPort());
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        if (judge0 != null) {
            judge0.close();
        }
        ItSupport.assertNothingLeft();
    }

    /** Outcomes, not limits: room for a compiler on a loaded CI machine. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1L << 30));
        req.putIfAbsent("compile_limits", Map.of("wall_time_ms", 90000, "cpu_time_ms", 60000, "memory_bytes", 1L << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloReportsTheRealVersion() throws Exception {
        JsonNode b = ok(run("pascal", "main.pas", "main.pas", "program hello;\nbegin\n  writeln('hello, ', 6 * 7);\nend.\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("pascal", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("3\\.2\\.\\d+"), b::toString);
        assertEquals("hello, 42\n", b.path("run").path("stdout").asText(), b::toString);
        assertEquals("", b.path("run").path("stderr").asText(), b::toString);
        JsonNode pas = null;
        for (JsonNode r : ItSupport.get("/api/v1/runtimes").body()) {
            if (r.path("language").asText().equals("pascal")) {
                pas = r;
            }
        }
        assertNotNull(pas);
        assertEquals(b.path("version").asText(), pas.path("version").asText());
        assertTrue(pas.path("aliases").toString().contains("\"fpc\""), pas::toString);
    }

    @Test
    void stdinAndUtf8() throws Exception {
        Map<String, Object> req = run("fpc", "main.pas", "main.pas", String.join("\n",
                "program sum;",
                "var n, total: longint; s: string;",
                "begin",
                "  readln(s);",
                "  total := 0;",
                "  while not eof do begin read(n); total := total + n; end;",
                "  writeln(total);",
                "  writeln(s, ' ', length(s));",
                "end.", ""));
        req.put("stdin", "héllo wörld\n1 2 3\n4 -5\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("pascal", b.path("language").asText(), b::toString);
        assertEquals("5\nhéllo wörld 13\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void unitsBesideTheProgramAndArgs() throws Exception {
        Map<String, Object> req = run("pas", "main.pas",
                "main.pas", "program main;\n{$mode objfpc}{$H+}\nuses util, strs;\nbegin\n  writeln(Twice(ParamStr(1)), ' ', Shout('x'));\nend.\n",
                "util.pas", "unit util;\n{$mode objfpc}{$H+}\ninterface\nfunction Twice(const s: string): string;\nimplementation\nfunction Twice(const s: string): string;\nbegin\n  Result := s + s;\nend;\nend.\n",
                "lib/strs.pas", "unit strs;\n{$mode objfpc}{$H+}\ninterface\nfunction Shout(const s: string): string;\nimplementation\nuses SysUtils;\nfunction Shout(const s: string): string;\nbegin\n  Result := UpperCase(s) + '!';\nend;\nend.\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab X!\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void runtimeErrorAndCompileError() throws Exception {
        JsonNode b = ok(run("pascal", "main.pas", "main.pas",
                "program boom;\nvar a, b: longint;\nbegin\n  writeln('before');\n  a := 1; b := 0;\n  writeln(a div b);\nend.\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(200, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText().substring(0, 7), b::toString);
        assertTrue((b.path("run").path("stdout").asText() + b.path("run").path("stderr").asText())
                .contains("Runtime error 200"), b::toString);

        JsonNode c = ok(run("pascal", "main.pas", "main.pas", "program bad;\nbegin\n  writeln(undefinedThing);\nend.\n"));
        assertEquals("compile_error", c.path("status").asText(), c::toString);
        String msg = c.path("compile").path("stderr").asText();
        assertTrue(msg.contains("main.pas(3,") && msg.contains("Identifier not found"), c::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("pascal", "main.pas", "main.pas",
                "program add;\nvar a, b: longint;\nbegin\n  readln(a, b);\n  writeln(a + b);\nend.\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    private static Map<String, Object> tests(List<Map<String, String>> sources, String entry, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "pascal");
        req.put("entrypoint", entry);
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    private static final String CALC = String.join("\n",
            "unit calc;",
            "{$mode objfpc}{$H+}",
            "interface",
            "function Add(a, b: integer): integer;",
            "function Sub(a, b: integer): integer;",
            "implementation",
            "function Add(a, b: integer): integer; begin Result := a + b; end;",
            "function Sub(a, b: integer): integer; begin Result := a + b; end;",
            "end.", "");

    @Test
    void fpcunitSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("calc.pas", CALC), "calc.pas",
                "testcalc.pas", String.join("\n",
                        "unit testcalc;",
                        "{$mode objfpc}{$H+}",
                        "interface",
                        "uses SysUtils, fpcunit, testregistry, calc;",
                        "type",
                        "  TCalcTest = class(TTestCase)",
                        "  published",
                        "    procedure TestAdd;",
                        "    procedure TestSub;",
                        "    procedure TestLater;",
                        "    procedure TestBoom;",
                        "  end;",
                        "implementation",
                        "procedure TCalcTest.TestAdd;",
                        "begin",
                        "  writeln('{\"name\":\"TCalcTest.TestSub\",\"status\":\"passed\"}');",
                        "  AssertEquals(5, Add(2, 3));",
                        "end;",
                        "procedure TCalcTest.TestSub;",
                        "begin",
                        "  AssertEquals('5 - 3', 2, Sub(5, 3));",
                        "end;",
                        "procedure TCalcTest.TestLater;",
                        "begin",
                        "  Ignore('not yet');",
                        "end;",
                        "procedure TCalcTest.TestBoom;",
                        "begin",
                        "  raise EConvertError.Create('boom');",
                        "end;",
                        "initialization",
                        "  RegisterTest(TCalcTest);",
                        "end.", ""),
                "tests.lpr", String.join("\n",
                        "program tests;",
                        "{$mode objfpc}{$H+}",
                        "uses consoletestrunner, testcalc;",
                        "var app: TTestRunner;",
                        "begin",
                        "  app := TTestRunner.Create(nil);",
                        "  app.Initialize;",
                        "  app.Run;",
                        "  app.Free;",
                        "end.", "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "TCalcTest.TestAdd").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "TCalcTest.TestSub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertFalse(sub.path("passed").asBoolean());
        assertEquals("\"5 - 3\" expected: <2> but was: <8>", sub.path("message").asText(), b::toString);
        JsonNode later = testNamed(b, "TCalcTest.TestLater");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("not yet", later.path("message").asText(), b::toString);
        JsonNode boom = testNamed(b, "TCalcTest.TestBoom");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertEquals("EConvertError: boom", boom.path("message").asText(), b::toString);
        // the test's output went to stdout, where it cannot pass for a result line
        assertTrue(b.path("run").path("stdout").asText().contains("\"status\":\"passed\""), b::toString);
    }

    @Test
    void tapTestProgram() throws Exception {
        JsonNode b = ok(tests(files("calc.pas", CALC), "calc.pas",
                "test_calc.pas", String.join("\n",
                        "program test_calc;",
                        "uses calc;",
                        "begin",
                        "  writeln('1..3');",
                        "  if Add(2, 2) = 4 then writeln('ok 1 - add') else writeln('not ok 1 - add');",
                        "  if Sub(5, 3) = 2 then writeln('ok 2 - sub') else writeln('not ok 2 - sub');",
                        "  writeln('ok 3 - later # SKIP not yet');",
                        "end.", "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(3, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "add").path("status").asText(), b::toString);
        assertEquals("failed", testNamed(b, "sub").path("status").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "later").path("status").asText(), b::toString);
    }

    @Test
    void judge0AndPistonRequests() throws Exception {
        Map<String, Object> sub = new HashMap<>();
        sub.put("language_id", 67);
        sub.put("source_code", "program j;\nvar s: string;\nbegin\n  readln(s);\n  writeln('hi ', s);\nend.\n");
        sub.put("stdin", "judge0");
        sub.put("wall_time_limit", 30);
        sub.put("cpu_time_limit", 20);
        sub.put("memory_limit", 1048576);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        judge0Base.resolve("/submissions?base64_encoded=false&wait=true")).timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(sub))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r::body);
        JsonNode j = JSON.readTree(r.body());
        assertEquals(3, j.path("status").path("id").asInt(), j::toString);
        assertEquals("hi judge0\n", j.path("stdout").asText(), j::toString);

        Map<String, Object> p = new HashMap<>();
        p.put("language", "pascal");
        p.put("version", "*");
        p.put("files", List.of(Map.of("name", "main.pas", "content", "program p;\nbegin\n  writeln('piston ', ParamStr(1));\nend.\n")));
        p.put("args", List.of("x"));
        for (String limit : List.of("run_timeout", "compile_timeout", "run_cpu_time", "compile_cpu_time",
                "run_memory_limit", "compile_memory_limit")) {
            p.put(limit, -1); // as much as the admin allows: outcomes, not limits
        }
        ItSupport.Reply pr = ItSupport.post("/api/v2/execute", p);
        assertEquals(200, pr.status(), pr.body()::toString);
        assertEquals("piston x\n", pr.body().path("run").path("stdout").asText(), pr.body()::toString);
        assertEquals(0, pr.body().path("compile").path("code").asInt(), pr.body()::toString);
    }
}
