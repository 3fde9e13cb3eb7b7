package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.testNamed;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Node.js (Debian's nodejs 20) end to end over HTTP with real runsc: run, cases and node:test suites. */
class NodeIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("node");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void helloWorld() throws Exception {
        JsonNode b = ok(run("node", "main.js", "main.js", "console.log('hi from ' + typeof process.versions.node)"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("node", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("20\\.\\d+\\.\\d+"), b::toString);
        assertEquals("hi from string\n", b.path("run").path("stdout").asText());
        assertEquals("", b.path("run").path("stderr").asText());
        assertEquals(0, b.path("run").path("exit_code").asInt());
    }

    @Test
    void aliasesAndStdin() throws Exception {
        for (String alias : List.of("javascript", "js", "nodejs")) {
            Map<String, Object> req = run(alias, "main.js", "main.js",
                    "const s = require('fs').readFileSync(0, 'utf8');\n"
                            + "console.log(s.split(/\\s+/).filter(Boolean).map(Number).reduce((a, b) => a + b, 0));");
            req.put("stdin", "1 2 3\n4\n");
            JsonNode b = ok(req);
            assertEquals("node", b.path("language").asText(), b::toString);
            assertEquals("10\n", b.path("run").path("stdout").asText(), b::toString);
        }
    }

    @Test
    void multiFileCommonJsWithArgs() throws Exception {
        Map<String, Object> req = run("node", "app/main.js",
                "app/main.js", "const { twice } = require('../lib/util');\nconsole.log(twice(process.argv[2]));",
                "lib/util.js", "exports.twice = (s) => s + s;\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void multiFileEsModules() throws Exception {
        JsonNode b = ok(run("node", "main.mjs",
                "main.mjs", "import { add } from './lib/calc.mjs';\nconsole.log(add(2, 40));",
                "lib/calc.mjs", "export const add = (a, b) => a + b;\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("42\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void uncaughtExceptionIsRuntimeError() throws Exception {
        JsonNode b = ok(run("node", "main.js", "main.js", "console.log('before');\nnull.boom;"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt());
        assertEquals("before\n", b.path("run").path("stdout").asText());
        assertTrue(b.path("run").path("stderr").asText().contains("TypeError"), b::toString);
    }

    @Test
    void syntaxErrorIsRuntimeErrorInRunMode() throws Exception {
        JsonNode b = ok(run("node", "main.js", "main.js", "console.log('x'\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("SyntaxError"), b::toString);
        assertTrue(b.path("compile").isMissingNode() || b.path("compile").isNull(), b::toString);
    }

    @Test
    void childProcessesWork() throws Exception {
        // child_process needs socketpair() for the child's stdio: allowed by the seccomp profile
        JsonNode b = ok(run("node", "main.js", "main.js",
                "const { execFileSync } = require('child_process');\n"
                        + "console.log(execFileSync(process.execPath, ['-e', 'console.log(6 * 7)']).toString().trim());"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("42\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("node", "main.js", "main.js",
                "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("cases").size(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertEquals("3\n", b.path("cases").get(0).path("stdout").asText());
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    private static Map<String, Object> tests(List<Map<String, String>> sources, String entry, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "node");
        req.put("entrypoint", entry);
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    @Test
    void testSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("calc.js",
                        // student output that looks like TAP must not confuse the results
                        "console.log('ok 1 - fake');\nmodule.exports = { add: (a, b) => a + b, sub: (a, b) => a + b };\n"),
                "calc.js",
                "calc.test.js", String.join("\n",
                        "const test = require('node:test');",
                        "const { describe, it } = test;",
                        "const assert = require('node:assert');",
                        "const calc = require('./calc');",
                        "test('add', () => { console.log('not ok 7 - noise'); assert.strictEqual(calc.add(2, 3), 5); });",
                        "test('sub', () => { assert.strictEqual(calc.sub(5, 3), 2, 'five minus three'); });",
                        "test('later', { skip: 'not yet' }, () => {});",
                        "describe('suite', () => {",
                        "  it('inner ok', () => {});",
                        "  it('inner throws', () => { throw new TypeError('boom'); });",
                        "});")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(5, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "add").path("status").asText());
        assertTrue(testNamed(b, "add").path("passed").asBoolean());
        JsonNode sub = testNamed(b, "sub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertFalse(sub.path("passed").asBoolean());
        // Node 20 puts the comparison after the message given ("five minus three\n\n8 !== 2\n")
        assertTrue(sub.path("message").asText().startsWith("five minus three"), b::toString);
        assertTrue(sub.path("stack_trace").asText().contains("calc.test.js:6"), b::toString);
        assertEquals("skipped", testNamed(b, "later").path("status").asText());
        assertEquals("not yet", testNamed(b, "later").path("message").asText());
        assertEquals("passed", testNamed(b, "suite > inner ok").path("status").asText());
        JsonNode boom = testNamed(b, "suite > inner throws");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertEquals("boom", boom.path("message").asText());
        assertTrue(b.path("run").path("stdout").asText().contains("not ok 7 - noise"), b::toString);
    }

    @Test
    void passingEsModuleSuiteIsOk() throws Exception {
        JsonNode b = ok(tests(files("calc.mjs", "export const add = (a, b) => a + b;\n"), "calc.mjs",
                "calc.test.mjs", String.join("\n",
                        "import test from 'node:test';",
                        "import assert from 'node:assert/strict';",
                        "import { add } from './calc.mjs';",
                        "test('add', () => assert.equal(add(1, 2), 3));",
                        "test('async add', async () => { await new Promise((r) => setTimeout(r, 5)); assert.equal(add(2, 2), 4); });")));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "async add").path("status").asText());
    }

    @Test
    void syntaxErrorInCodeUnderTestIsCompileError() throws Exception {
        JsonNode b = ok(tests(files("calc.js", "module.exports = { add: (a, b) => a + };\n"), "calc.js",
                "calc.test.js", "const test = require('node:test');\nconst calc = require('./calc');\ntest('x', () => {});\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText();
        assertTrue(msg.contains("calc.js:1") && msg.contains("SyntaxError"), b::toString);
    }

    @Test
    void syntaxErrorInEsModuleTestIsCompileErrorWithLocation() throws Exception {
        JsonNode b = ok(tests(files("calc.mjs", "export const add = (a, b) => a + b;\n"), "calc.mjs",
                "calc.test.mjs", "import test from 'node:test';\ntest('x', () => { if (1 { } });\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText();
        assertTrue(msg.contains("calc.test.mjs:2") && msg.contains("SyntaxError"), b::toString);
    }

    @Test
    void exitInsideATestIsRuntimeError() throws Exception {
        JsonNode b = ok(tests(files("calc.js", "module.exports = {};\n"), "calc.js",
                "calc.test.js", "const test = require('node:test');\ntest('quits', () => { process.exit(0); });\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertNotNull(b.path("message").asText(null), b::toString);
    }
}
