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

/** Lua (Debian's lua5.4 with busted) end to end over HTTP with real runsc: run, cases, busted suites, Judge0, Piston. */
class LuaIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("lua");
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
            if (r.path("language").asText().equals("lua")) {
                runtime = r;
            }
        }
        assertNotNull(runtime);
        JsonNode b = ok(run("lua", "main.lua", "main.lua", "print('hi ' .. _VERSION)"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("lua", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("5\\.4\\.\\d+"), b::toString);
        assertEquals(runtime.path("version").asText(), b.path("version").asText());
        assertEquals("hi Lua 5.4\n", b.path("run").path("stdout").asText());
        assertEquals("", b.path("run").path("stderr").asText());
    }

    @Test
    void stdinUtf8MultiFileAndArgs() throws Exception {
        Map<String, Object> req = run("lua", "main.lua",
                "main.lua", String.join("\n",
                        "local util = require('lib.util')",
                        "local sum = 0",
                        "for n in io.read('a'):gmatch('%d+') do sum = sum + tonumber(n) end",
                        "print(sum)",
                        "print(util.twice(arg[1]))",
                        "print(utf8.len('héllo'), ('héllo'):upper())"),
                "lib/util.lua", "local M = {}\nfunction M.twice(s) return s .. s end\nreturn M\n");
        req.put("stdin", "1 2 3\n4\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("10\nabab\n5\tHéLLO\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void errorIsRuntimeError() throws Exception {
        JsonNode b = ok(run("lua", "main.lua", "main.lua", "print('before')\nio.stdout:flush()\nerror('bad input')"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText());
        assertTrue(b.path("run").path("stderr").asText().contains("main.lua:3: bad input"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("lua", "main.lua", "main.lua", "local a, b = io.read('n', 'n')\nprint(a + b)");
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
        req.put("language", "lua");
        req.put("entrypoint", "calc.lua");
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    private static final String CALC = "local M = {}\nfunction M.add(a, b) return a + b end\n"
            + "function M.sub(a, b) return a + b end\nreturn M\n";

    @Test
    void bustedSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("calc.lua", CALC),
                "spec/calc_spec.lua", String.join("\n",
                        "local calc = require('calc')",
                        "describe('calc', function()",
                        "  it('adds', function()",
                        "    print('{\"event\":\"done\"}')",
                        "    assert.are.equal(5, calc.add(2, 3))",
                        "  end)",
                        "  it('subtracts', function()",
                        "    assert.are.equal(2, calc.sub(5, 3))",
                        "  end)",
                        "  it('later', function() pending('not yet') end)",
                        "  it('errors', function() error('boom') end)",
                        "  it('ünïcode', function() assert.is_true(true) end)",
                        "end)",
                        ""),
                "spec/load_spec.lua", "local x = require('nosuchmodule')\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(6, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "calc adds").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "calc subtracts");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("Expected objects to be equal.\nPassed in:\n(number) 8\nExpected:\n(number) 2",
                sub.path("message").asText(), b::toString);
        assertEquals("spec/calc_spec.lua:8", sub.path("stack_trace").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "calc later").path("status").asText(), b::toString);
        assertEquals("not yet", testNamed(b, "calc later").path("message").asText(), b::toString);
        JsonNode err = testNamed(b, "calc errors");
        assertEquals("errored", err.path("status").asText(), b::toString);
        assertEquals("boom", err.path("message").asText(), b::toString);
        assertEquals("passed", testNamed(b, "calc ünïcode").path("status").asText(), b::toString);
        JsonNode load = testNamed(b, "spec/load_spec.lua");
        assertEquals("errored", load.path("status").asText(), b::toString);
        assertTrue(load.path("message").asText().startsWith("module 'nosuchmodule' not found"), b::toString);
        // the student's print went to stdout, where it cannot pass for a result line
        assertTrue(b.path("run").path("stdout").asText().contains("{\"event\":\"done\"}"), b::toString);
    }

    @Test
    void syntaxErrorIsCompileErrorAndExitIsRuntimeError() throws Exception {
        JsonNode b = ok(tests(files("calc.lua", "local M = {}\nfunction M.add(a, b) return a + end\nreturn M\n"),
                "calc_spec.lua", "describe('x', function() it('y', function() end) end)\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("calc.lua:2:"), b::toString);
        JsonNode quit = ok(tests(files("calc.lua", CALC),
                "calc_spec.lua", "describe('x', function() it('quits', function() os.exit(0) end) end)\n"));
        assertEquals("runtime_error", quit.path("status").asText(), quit::toString);
    }

    @Test
    void judge0AndPiston() throws Exception {
        ItSupport.Reply j = ItSupport.post("/submissions?base64_encoded=false&wait=true", Map.of(
                "language_id", 64, "source_code", "print('j0 ' .. io.read('l'))", "stdin", "in\n",
                "wall_time_limit", 30, "cpu_time_limit", 20));
        assertEquals(201, j.status(), () -> String.valueOf(j.body()));
        assertEquals(3, j.body().path("status").path("id").asInt(), j.body()::toString);
        assertEquals("j0 in\n", j.body().path("stdout").asText(), j.body()::toString);
        ItSupport.Reply p = ItSupport.post("/api/v2/execute", Map.of("language", "lua", "version", "*",
                "files", List.of(Map.of("content", "print('piston ' .. arg[1])")), "args", List.of("x"),
                "run_timeout", 30000, "compile_timeout", 30000));
        assertEquals(200, p.status(), () -> String.valueOf(p.body()));
        assertEquals("lua", p.body().path("language").asText(), p.body()::toString);
        assertEquals("piston x\n", p.body().path("run").path("stdout").asText(), p.body()::toString);
        assertEquals(0, p.body().path("run").path("code").asInt(), p.body()::toString);
    }
}
