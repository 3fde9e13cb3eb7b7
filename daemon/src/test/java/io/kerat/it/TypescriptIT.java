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
 * TypeScript (Debian's node-typescript 4.9 on Node 20) end to end over HTTP with real runsc: tsc's compile stage
 * (type errors are compile_error), run, cases, node:test and Jest suites on the compiled tests, Judge0 and Piston.
 */
class TypescriptIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("typescript");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** Room for a loaded CI machine: tsc type-checks against @types/node in the compile stage. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1 << 30));
        req.putIfAbsent("compile_limits", Map.of("wall_time_ms", 60000, "cpu_time_ms", 40000, "memory_bytes", 1 << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloStdinUtf8MultiFileArgsAndVersion() throws Exception {
        Map<String, Object> req = run("ts", "app/main.ts",
                "app/main.ts", String.join("\n",
                        "import { twice, Pair } from '../lib/util';",
                        "import * as fs from 'fs';",
                        "const text: string = fs.readFileSync(0, 'utf8');",
                        "const nums: number[] = text.split(/\\s+/).filter((w) => /^\\d+$/.test(w)).map(Number);",
                        "const p: Pair<string> = { left: twice(process.argv[2]), right: text.trim().split('\\n')[1].toUpperCase() };",
                        "console.log(`hi ${nums.reduce((a, b) => a + b, 0)} ${p.left} ${p.right}`);"),
                "lib/util.ts", "export interface Pair<T> { left: T; right: T }\nexport const twice = (s: string): string => s + s;\n");
        req.put("stdin", "1 2 3\nhéllo\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("typescript", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("4\\.9\\.\\d+"), b::toString);
        assertEquals("ok", b.path("compile").path("status").asText(), b::toString);
        assertEquals("hi 6 abab HÉLLO\n", b.path("run").path("stdout").asText(), b::toString);
        assertEquals("", b.path("run").path("stderr").asText(), b::toString);

        JsonNode ts = null;
        for (JsonNode r : ItSupport.get("/api/v1/runtimes").body()) {
            if (r.path("language").asText().equals("typescript")) {
                ts = r;
            }
        }
        assertNotNull(ts, "typescript in /api/v1/runtimes");
        assertEquals(b.path("version").asText(), ts.path("version").asText(), ts::toString);
        assertTrue(ts.path("aliases").toString().contains("\"ts\""), ts::toString);
    }

    @Test
    void thrownErrorIsRuntimeErrorWithTheTypeScriptLine() throws Exception {
        JsonNode b = ok(run("typescript", "main.ts", "main.ts",
                "console.log('before');\nfunction check(n: number): void {\n  if (n > 1) throw new RangeError('bad input ' + n);\n}\ncheck(2);\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText(), b::toString);
        String err = b.path("run").path("stderr").asText();
        assertTrue(err.contains("RangeError: bad input 2"), b::toString);
        // source maps: the stack names the submitted .ts file and line
        assertTrue(err.contains("/workspace/main.ts:3"), b::toString);
    }

    @Test
    void typeErrorIsCompileErrorWithTscMessage() throws Exception {
        JsonNode b = ok(run("ts", "main.ts", "main.ts",
                "import { half } from './util';\nconst n: number = half(4);\nconsole.log(n);\n",
                "util.ts", "export function half(x: number): string {\n  return String(x / 2);\n}\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String err = b.path("compile").path("stderr").asText();
        assertTrue(err.contains("main.ts(2,7): error TS2322: Type 'string' is not assignable to type 'number'."), b::toString);
        assertTrue(b.path("run").isMissingNode() || b.path("run").isNull(), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("ts", "main.ts", "main.ts",
                "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number) as number[];\nconsole.log(a + b);\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText(), b::toString);
    }

    private static Map<String, Object> tests(List<Map<String, String>> sources, String entry, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "typescript");
        req.put("entrypoint", entry);
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    private static final String CALC = String.join("\n",
            "export function add(a: number, b: number): number { return a + b; }",
            "export function sub(a: number, b: number): number { return a + b; }",
            "");

    @Test
    void nodeTestSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("calc.ts", CALC), "calc.ts",
                "calc.test.ts", String.join("\n",
                        "import { describe, it } from 'node:test';",
                        "import assert from 'node:assert/strict';",
                        "import { add, sub } from './calc';",
                        "describe('calc', () => {",
                        "  it('adds', () => { console.log('{\"event\":\"done\"}'); assert.equal(add(2, 3), 5); });",
                        "  it('subtracts', () => { assert.equal(sub(5, 3), 2); });",
                        "  it('later', { skip: 'not yet' }, () => {});",
                        "  it('breaks', () => { const o: any = null; return o.x; });",
                        "});")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "calc > adds").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "calc > subtracts");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertTrue(sub.path("message").asText().contains("8 !== 2"), b::toString);
        assertTrue(sub.path("stack_trace").asText().contains("calc.test.ts:6"), b::toString);
        assertEquals("skipped", testNamed(b, "calc > later").path("status").asText(), b::toString);
        assertEquals("not yet", testNamed(b, "calc > later").path("message").asText(), b::toString);
        assertEquals("errored", testNamed(b, "calc > breaks").path("status").asText(), b::toString);
        assertTrue(testNamed(b, "calc > breaks").path("message").asText().contains("Cannot read properties of null"), b::toString);
        // the student's print went to stdout, where it cannot pass for a result line
        assertTrue(b.path("run").path("stdout").asText().contains("{\"event\":\"done\"}"), b::toString);
    }

    @Test
    void jestSuiteOnTheCompiledTests() throws Exception {
        JsonNode b = ok(tests(files("calc.ts", CALC), "calc.ts",
                "calc.spec.ts", String.join("\n",
                        "import { add, sub } from './calc';",
                        "import * as dep from './dep';",
                        "jest.mock('./dep');",
                        "describe('calc', () => {",
                        "  test('adds', () => { expect(add(2, 3)).toBe(5); });",
                        "  test('subtracts', () => { expect(sub(5, 3)).toBe(2); });",
                        "  test.skip('later', () => { expect(1).toBe(1); });",
                        "  test.each([[1, 2], [2, 4]])('twice %i', (x: number, y: number) => { expect(add(x, x)).toBe(y); });",
                        "  test('mocked', () => { (dep.value as jest.Mock).mockReturnValue(7); expect(dep.value()).toBe(7); });",
                        "});"),
                "dep.ts", "export function value(): number { return 1; }\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(6, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "calc > adds").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "calc > subtracts");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertTrue(sub.path("message").asText().contains("Expected: 2"), b::toString);
        assertTrue(sub.path("message").asText().contains("Received: 8"), b::toString);
        assertEquals("skipped", testNamed(b, "calc > later").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "calc > twice 2").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "calc > mocked").path("status").asText(), b::toString);
    }

    @Test
    void typeErrorInATestIsCompileError() throws Exception {
        JsonNode b = ok(tests(files("calc.ts", CALC), "calc.ts",
                "calc.test.ts", "import { add } from './calc';\ntest('adds', () => { expect(add('2', 3)).toBe(5); });\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("calc.test.ts(2,33): error TS2345"), b::toString);
    }

    @Test
    void judge0TypeScript() throws Exception {
        Map<String, Object> sub = new HashMap<>();
        sub.put("language_id", 74);
        sub.put("source_code", "const name: string = require('fs').readFileSync(0, 'utf8').trim();\nconsole.log(`hello, ${name}`);\n");
        sub.put("stdin", "judge");
        sub.put("cpu_time_limit", 15);
        sub.put("wall_time_limit", 30);
        ItSupport.Reply r = ItSupport.post("/submissions?base64_encoded=false&wait=true", sub);
        assertEquals(201, r.status(), () -> String.valueOf(r.body()));
        assertEquals(3, r.body().path("status").path("id").asInt(), r.body()::toString);
        assertEquals("hello, judge\n", r.body().path("stdout").asText(), r.body()::toString);
    }

    @Test
    void pistonTypeScript() throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("language", "typescript");
        body.put("version", "*");
        body.put("files", List.of(Map.of("name", "main.ts", "content", "const n: number = 6 * 7;\nconsole.log(`piston ${n}`);\n")));
        body.put("run_timeout", 30000);
        ItSupport.Reply r = ItSupport.post("/api/v2/execute", body);
        assertEquals(200, r.status(), r.body()::toString);
        assertEquals("typescript", r.body().path("language").asText(), r.body()::toString);
        assertEquals(0, r.body().path("compile").path("code").asInt(), r.body()::toString);
        assertEquals("piston 42\n", r.body().path("run").path("stdout").asText(), r.body()::toString);
    }
}
