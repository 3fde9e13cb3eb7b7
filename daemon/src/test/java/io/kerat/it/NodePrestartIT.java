package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a pooled Node sandbox whose init is {@code node} itself, started ahead with the bootstrap preloaded, runs
 * the program as a cold {@code node main.js} would. Each probe runs cold (no pool), then warm in a pooled sandbox with
 * node started; stdout, stderr, exit code, signal and status must be identical, and each warm run must have been
 * handed to the started node (its counter, and {@code /proc/self/cmdline} naming the bootstrap).
 */
class NodePrestartIT {
    private static final String INFO = """
            const fs = require('fs');
            const Module = require('module');
            console.log(JSON.stringify(process.argv), JSON.stringify(process.execArgv), process.argv0, process.title);
            console.log(__filename, __dirname, require.main === module, module.id, module.parent, module.loaded);
            console.log(JSON.stringify(module.paths), JSON.stringify(module.children.length));
            console.log(JSON.stringify(Object.keys(require.cache)), JSON.stringify(Module._pathCache));
            console.log(JSON.stringify(process._preload_modules), process.execPath, process.pid, process.ppid);
            console.log(process.cwd(), fs.readdirSync('/kerat/out'), fs.readdirSync('/workspace').sort());
            console.log(JSON.stringify(Object.entries(process.env).sort()));  // (runsc: no fixed order)
            console.log(JSON.stringify(Object.keys(globalThis)), typeof kerat, typeof require('worker_threads').isMainThread);
            console.log(JSON.stringify(process.listenerCount('exit')), process.listenerCount('SIGPIPE'), process.exitCode);
            console.log(fs.readFileSync('/proc/self/limits', 'latin1').split('\\n').filter(l => /processes|open files|file size/.test(l)).join('\\n'));
            const helper = require('./helper');
            console.log(helper.where(), helper.main === require.main, JSON.stringify(Object.keys(require.cache)));
            console.log(JSON.stringify(Module._pathCache));
            console.log(new Error('where').stack);
            """;
    private static final String HELPER = "exports.where = () => __dirname;\nexports.main = require.main;\n";

    /** The named probes (see {@link PrestartProbes}). */
    private static final PrestartProbes PROBES = new PrestartProbes("node");

    static {
        PROBES.probe("info", "main.js", null, List.of("a", "b c", "\u00fc", "--flag"), "main.js", INFO, "helper.js", HELPER);
        PROBES.probe("info in a subdirectory", "app/main.js", null, List.of(), "app/main.js", INFO, "app/helper.js", HELPER);
        PROBES.probe("stdin byte by byte, binary", "main.js", "GO\n\u0000\r\n\u00e9\u20ac\ud83d\ude00\nx", List.of(),
                "main.js", """
                        const fs = require('fs');
                        const one = Buffer.alloc(1);
                        const first = [];
                        while (fs.readSync(0, one, 0, 1, null) === 1 && one[0] !== 10) first.push(one[0]);
                        const chunks = [];
                        process.stdin.on('data', c => chunks.push(c));
                        process.stdin.on('end', () => {
                          const rest = Buffer.concat(chunks);
                          process.stdout.write(Buffer.concat([Buffer.from(first), Buffer.from('|'), rest]));
                          console.log(JSON.stringify(first), JSON.stringify([...rest]));
                        });
                        """);
        PROBES.probe("process.exit(3)", "main.js", null, List.of(), "main.js",
                "console.log('before');\nprocess.on('exit', c => console.log('exit', c));\nprocess.exit(3);\nconsole.log('no');");
        PROBES.probe("process.exitCode, beforeExit and exit", "main.js", null, List.of(), "main.js", """
                let n = 0;
                process.on('beforeExit', c => { console.log('beforeExit', c, n); if (n++ < 2) setTimeout(() => console.log('again', n), 5); });
                process.on('exit', c => console.log('exit', c));
                process.exitCode = 4;
                setImmediate(() => { console.log('immediate'); setTimeout(() => console.log('timer'), 50); });
                process.nextTick(() => console.log('tick'));
                Promise.resolve().then(() => console.log('microtask'));
                console.log('top');
                """);
        PROBES.probe("uncaught exception", "main.js", null, List.of(), "main.js", """
                function inner() { return null.x; }
                function outer() { try { inner(); } catch (e) { throw new Error('wrapped', { cause: e }); } }
                console.log('start');
                outer();
                """);
        PROBES.probe("uncaught exception in a required module", "main.js", null, List.of(),
                "main.js", "const lib = require('./lib');\nlib.boom();\n", "lib.js", "exports.boom = () => { throw new RangeError('deep'); };\n");
        PROBES.probe("throw a non-error", "main.js", null, List.of(), "main.js", "console.log('x');\nthrow 42;\n");
        PROBES.probe("uncaught in a timer, handler", "main.js", null, List.of(), "main.js", """
                process.on('uncaughtException', (e, origin) => { console.log('caught', e.message, origin); process.exitCode = 7; });
                setTimeout(() => { throw new Error('later'); }, 10);
                """);
        PROBES.probe("unhandled rejection", "main.js", null, List.of(), "main.js",
                "async function f() { throw new TypeError('async'); }\nf();\nsetTimeout(() => console.log('not reached'), 100);\n");
        PROBES.probe("SIGTERM to itself", "main.js", null, List.of(), "main.js",
                "console.log('x');\nprocess.kill(process.pid, 'SIGTERM');\nsetTimeout(() => console.log('not reached'), 3000);\n");
        PROBES.probe("worker thread", "main.js", null, List.of("w"), "main.js", """
                const { Worker, isMainThread } = require('worker_threads');
                const Module = require('module');
                if (isMainThread) {
                  const w = new Worker(__filename, { argv: ['x'] });
                  w.on('exit', c => console.log('worker exit', c, JSON.stringify(Object.keys(require.cache))));
                } else {
                  console.log(JSON.stringify(process.argv), JSON.stringify(process.execArgv), require.main === module);
                  console.log(JSON.stringify(Object.keys(require.cache)), JSON.stringify(Module._pathCache));
                  console.log(new Error('in worker').stack);
                }
                """);
        PROBES.probe("processes and descriptors", "main.js", null, List.of(), "main.js", """
                const fs = require('fs');
                const ps = () => fs.readdirSync('/proc').filter(p => /^[0-9]+$/.test(p))
                  .map(p => fs.readFileSync('/proc/' + p + '/stat', 'latin1').split(' ').slice(0, 3).join(' ')).join(', ');
                // (a /dev/null descriptor comes and goes between cold runs too; the listing's own is not linked)
                const fds = () => fs.readdirSync('/proc/self/fd').map(f => { try { return f + ' ' + fs.readlinkSync('/proc/self/fd/' + f).replace(/[0-9]+/g, 'N'); } catch (e) { return ''; } })
                  .filter(f => f && !f.endsWith('/dev/null')).join(', ');
                console.log(fds());
                // (processes only after the event loop's first turn: see runners/node/README.md, the rlimit helper)
                setTimeout(() => console.log(ps()), 200);
                """);
        PROBES.probe("the stage's own rlimits", "main.js", null, List.of(), "main.js", """
                const fs = require('fs');
                console.log(fs.readFileSync('/proc/self/limits', 'latin1').split('\\n').filter(l => /processes|open files|file size/.test(l)).join('\\n'));
                const opened = [];
                try { for (;;) opened.push(fs.openSync('/workspace/main.js')); } catch (e) { console.log(e.code, opened.length > 200); }
                opened.forEach(fd => fs.closeSync(fd));
                try { require('child_process').execFileSync('/bin/sh', ['-c', 'for i in $(seq 1 24); do sleep 1 & done; wait'], { stdio: 'inherit' }); } catch (e) { console.log('fork refused', e.status !== 0); }
                const fd = fs.openSync('/tmp/big', 'w');
                console.log('written', fs.writeSync(fd, Buffer.alloc(8192)));
                fs.writeSync(fd, Buffer.alloc(1));
                console.log('not reached');
                """);
        PROBES.probes.get("the stage's own rlimits").put("limits", Map.of("processes", 16, "file_size_bytes", 8192));
        PROBES.probe("large output", "main.js", null, List.of(), "main.js",
                "process.stdout.write('y'.repeat(300000) + '\\n');\nconsole.log('end');\n");
        PROBES.probe("syntax error (the cold command runs)", "main.js", null, List.of(), "main.js", "console.log('a');\nlet x = (;\n");
        PROBES.probe("ES module syntax in a .js (the cold command runs)", "main.js", null, List.of("z"), "main.js",
                "import { argv } from 'node:process';\nconsole.log(argv.slice(1), import.meta.url);\n");
        PROBES.probe(".mjs (the cold command runs)", "main.mjs", "in", List.of(), "main.mjs",
                "import fs from 'fs';\nconsole.log(import.meta.url, process.argv.slice(1), fs.readFileSync(0, 'utf8'));\nprocess.exitCode = 2;\n");
        PROBES.probe("type module package (the cold command runs)", "main.js", null, List.of(), "main.js",
                "export const x = 1;\nconsole.log(typeof require, import.meta.url);\n", "package.json", "{\"type\": \"module\"}\n");
        PROBES.probe(".cjs (the cold command runs)", "main.cjs", null, List.of(), "main.cjs",
                "console.log(__filename, require.main === module);\nprocess.kill(process.pid, 'SIGTERM');\n");
    }

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("node");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        Kerat k = ItSupport.daemon();
        k.executor().configurePool(Map.of("node", 0), 1L << 30);
        ItSupport.assertNothingLeft();
    }

    @Test
    void warmRunsAreIdenticalToColdOnes() throws Exception {
        Kerat k = ItSupport.daemon("node");
        Map<String, JsonNode> cold = PROBES.compare(k);
        // the probes did exercise what they name
        assertEquals(3, cold.get("process.exit(3)").path("run").path("exit_code").asInt());
        assertEquals(4, cold.get("process.exitCode, beforeExit and exit").path("run").path("exit_code").asInt());
        assertEquals(7, cold.get("uncaught in a timer, handler").path("run").path("exit_code").asInt());
        assertEquals(2, cold.get(".mjs (the cold command runs)").path("run").path("exit_code").asInt());
        assertTrue(cold.get("uncaught exception").path("run").path("stderr").asText()
                .contains("at node:internal/main/run_main_module"), cold.get("uncaught exception")::toString);
        assertTrue(cold.get("unhandled rejection").path("run").path("stderr").asText().contains("TypeError: async"),
                cold.get("unhandled rejection")::toString);
        assertTrue(cold.get("syntax error (the cold command runs)").path("run").path("stderr").asText()
                .contains("SyntaxError"), cold.get("syntax error (the cold command runs)")::toString);
        assertTrue(cold.get("info").path("run").path("stdout").asText().contains("KERAT_ENTRYPOINT"));
        assertEquals(15, cold.get("SIGTERM to itself").path("run").path("signal").asInt(),
                cold.get("SIGTERM to itself")::toString);
        assertEquals(15, cold.get(".cjs (the cold command runs)").path("run").path("signal").asInt(),
                cold.get(".cjs (the cold command runs)")::toString);
    }

    /** What tells the started node from a cold one: its command line names the bootstrap (README). */
    @Test
    void theStartedInterpreterRunsTheProgramItself() throws Exception {
        Kerat k = ItSupport.daemon("node");
        ItSupport.enablePool("node", 1);
        Map<String, Object> req = ItSupport.run("node", "main.js", "main.js",
                "console.log(JSON.stringify(require('fs').readFileSync('/proc/self/cmdline', 'latin1').split('\\0').slice(0, -1)))");
        long before = k.executor().poolInterpreterRuns();
        JsonNode warm = PrestartProbes.servedWarm(k, req);
        assertEquals("[\"node\",\"-r\",\"/kerat/runner/prestart/boot.js\",\"/kerat/runner/prestart/main.js\"]\n",
                warm.path("run").path("stdout").asText(), warm::toString);
        assertEquals(before + 1, k.executor().poolInterpreterRuns());

        // tests mode runs another command: the bootstrap runs it as the cold command
        Map<String, Object> tests = ItSupport.run("node", "calc.js", "calc.js", "exports.add = (a, b) => a + b;\n");
        tests.put("tests", ItSupport.files("calc.test.js",
                "const test = require('node:test');\nconst assert = require('node:assert');\n"
                        + "const { add } = require('./calc');\ntest('adds', () => assert.strictEqual(add(1, 2), 3));\n"));
        JsonNode t = PrestartProbes.testsServedWarm(k, tests);
        assertEquals("ok", t.path("status").asText(), t::toString);
        assertEquals("passed", ItSupport.testNamed(t, "adds").path("status").asText(), t::toString);
        assertEquals(before + 1, k.executor().poolInterpreterRuns(), "a tests stage must not run in-process");
    }
    /** A Jest suite (tests mode) with the given test file and limits; sources: an ES module calc.js. */
    private static Map<String, Object> jestSuite(String test, Map<String, Object> limits) {
        Map<String, Object> req = ItSupport.run("node", "calc.js", "calc.js",
                "export const add = (a, b) => a + b;\nexport default function twice(x) { return 2 * x; }\n");
        req.put("tests", ItSupport.files("calc.test.js", test));
        if (limits != null) {
            req.put("limits", limits);
        }
        return req;
    }

    /** What must not differ between a cold and a warm tests-mode answer (the durations may). */
    private static String verdict(JsonNode b) {
        StringBuilder sb = new StringBuilder("status " + b.path("status") + "\n");
        for (String f : List.of("status", "exit_code", "signal", "stdout", "stderr")) {
            sb.append("run.").append(f).append(' ').append(b.path("run").path(f)).append('\n');
        }
        for (JsonNode t : b.path("tests")) {
            sb.append(t.path("name")).append(' ').append(t.path("status")).append(' ').append(t.path("message"))
                    .append(' ').append(t.path("stack_trace")).append('\n');
        }
        return sb.toString();
    }

    /**
     * Tests mode with Jest from the pool: the started node runs test-run.sh's pick of the framework, then Jest's
     * run.js itself (README, "Jest in the started node"); results, messages, output and limits as cold.
     */
    @Test
    void jestFromThePoolIsIdenticalToCold() throws Exception {
        Kerat k = ItSupport.daemon("node");
        Map<String, Map<String, Object>> suites = new LinkedHashMap<>();
        suites.put("pass, fail, skip, error, todo, console.log", jestSuite("""
                import twice, { add } from './calc';
                const fs = require('fs');
                console.log('top level');
                describe('calc', () => {
                  test('adds', () => { console.log('in a test', add(1, 2)); expect(add(1, 2)).toBe(3); });
                  test('fails', () => { expect({ a: [1] }).toEqual({ a: [2] }); });
                  test('errors', () => { null.x; });
                  xtest('skipped', () => {});
                  test.todo('todo');
                  test.each([[1, 2], [2, 4]])('twice(%i)', (x, y) => { expect(twice(x)).toBe(y); });
                  test('process', () => {
                    console.error(JSON.stringify(process.argv), JSON.stringify(process.execArgv), process.cwd());
                    console.error(JSON.stringify(Object.entries(process.env).sort()));
                    console.error(fs.readFileSync('/proc/self/limits', 'latin1').split('\\n').filter(l => /processes|open files|file size/.test(l)).join('\\n'));
                  });
                });
                """, null));
        suites.put("framework named, a describe that throws", jestSuite("""
                describe('broken', () => { throw new Error('in describe'); });
                """, null));
        suites.get("framework named, a describe that throws").put("framework", "jest");
        suites.put("a hanging test keeps the finished results", jestSuite("""
                test('first', () => { expect(1).toBe(1); });
                test('hangs', () => { for (;;) {} });
                test('never', () => {});
                """, Map.of("cpu_time_ms", 12000, "wall_time_ms", 45000)));
        suites.put("memory", jestSuite("""
                test('first', () => { expect(1).toBe(1); });
                test('grows', () => { const a = []; for (;;) a.push(Buffer.alloc(1 << 24, 7)); });
                """, Map.of("memory_bytes", 256L << 20)));
        suites.put("chai (a compile_error from the script)", jestSuite("""
                const { expect } = require('chai');
                describe('x', () => { it('y', () => expect(1).to.equal(1)); });
                """, null));
        suites.put("node:test (the script runs it)", jestSuite("""
                const test = require('node:test');
                const assert = require('node:assert');
                test('adds', () => { console.log('node:test out'); assert.strictEqual(1, 2); });
                """, null));

        k.executor().configurePool(Map.of("node", 0), 1L << 30);
        Map<String, JsonNode> cold = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> s : suites.entrySet()) {
            cold.put(s.getKey(), ItSupport.ok(s.getValue()));
        }
        ItSupport.enablePool("node", 1);
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> s : suites.entrySet()) {
            JsonNode warm = PrestartProbes.testsServedWarm(k, s.getValue());
            String c = verdict(cold.get(s.getKey()));
            String w = verdict(warm);
            System.out.println(s.getKey() + ": cold\n" + c + "  warm\n" + w);
            if (!c.equals(w)) {
                differ.add(s.getKey() + "\n  cold: " + c + "\n  warm: " + w);
            }
        }
        assertEquals(List.of(), differ, () -> String.join("\n", differ));
        // the suites did exercise what they name
        JsonNode first = cold.get("pass, fail, skip, error, todo, console.log");
        assertEquals("passed", ItSupport.testNamed(first, "calc > adds").path("status").asText(), first::toString);
        assertEquals("failed", ItSupport.testNamed(first, "calc > fails").path("status").asText(), first::toString);
        assertEquals("errored", ItSupport.testNamed(first, "calc > errors").path("status").asText(), first::toString);
        assertEquals("skipped", ItSupport.testNamed(first, "calc > skipped").path("status").asText(), first::toString);
        assertTrue(first.path("run").path("stdout").asText().contains("in a test 3"), first::toString);
        assertTrue(first.path("run").path("stderr").asText().contains("/kerat/runner/jest/run.js"), first::toString);
        JsonNode hang = cold.get("a hanging test keeps the finished results");
        assertEquals("time_limit", hang.path("status").asText(), hang::toString);
        assertEquals("passed", ItSupport.testNamed(hang, "first").path("status").asText(), hang::toString);
        JsonNode mem = cold.get("memory");
        assertEquals("memory_limit", mem.path("status").asText(), mem::toString);
        assertEquals("compile_error", cold.get("chai (a compile_error from the script)").path("status").asText());
        JsonNode nt = cold.get("node:test (the script runs it)");
        assertEquals("failed", ItSupport.testNamed(nt, "adds").path("status").asText(), nt::toString);
    }
}
