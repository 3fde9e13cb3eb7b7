package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.kerat.it.ItSupport.byName;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.post;
import static io.kerat.it.ItSupport.testNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jest (Debian's jest 29 on Node 20) in the node runner, end to end over HTTP with real runsc: statuses per test,
 * ES modules with the exercise's own babel.config.js and package.json sent along, mocks, a hanging test, the
 * framework override and detection, and exercism-style suites sent unchanged.
 */
class JestIT {
    private static final String BABEL = "module.exports = {\n"
            + "  presets: [['@exercism/babel-preset-javascript', { corejs: '3.38' }]],\n  plugins: [],\n};\n";
    private static final String PACKAGE = "{\"name\": \"@exercism/javascript-calc\", \"private\": true,\n"
            + " \"devDependencies\": {\"@exercism/babel-preset-javascript\": \"^0.5.1\", \"jest\": \"^29.7.0\"},\n"
            + " \"scripts\": {\"test\": \"corepack pnpm jest\"}}\n";

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("node");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    private static Map<String, Object> tests(List<Map<String, String>> sources, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "javascript");
        req.put("entrypoint", sources.get(0).get("name"));
        req.put("files", sources);
        req.put("tests", files(tests));
        // Jest starts in about 2-3 s of CPU under runsc ptrace (about 1.3 s natively): generous limits, so that a
        // loaded machine (CI, other builds) does not turn these checks into time_limit
        req.put("limits", new HashMap<>(Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000)));
        return req;
    }

    private static Map<String, String> statuses(JsonNode b) {
        Map<String, String> got = new TreeMap<>();
        byName(b).forEach((name, t) -> got.put(name, t.path("status").asText()));
        return got;
    }

    @Test
    void esModuleSuiteReportsEachTestAndKeepsStdoutApart() throws Exception {
        JsonNode b = ok(tests(files("calc.js", String.join("\n",
                        "console.log('ok 1 - loading calc');",
                        "export const add = (a, b) => a + b;",
                        "export const div = (a, b) => { if (b === 0) throw new RangeError('by zero'); return a / b; };",
                        "export default { name: 'calc' };", "")),
                "calc.spec.js", String.join("\n",
                        "import { describe, expect, test, xtest } from '@jest/globals';",
                        "import calc, { add, div } from './calc';",
                        "describe('calc', () => {",
                        "  test('adds', () => { console.log('{\"name\": \"fake\", \"status\": \"passed\"}'); expect(add(2, 3)).toBe(5); });",
                        "  test('adds wrong', () => {",
                        "    expect(add(2, 2)).toEqual(5);",
                        "  });",
                        "  test('divides by zero', () => { expect(div(1, 0)).toBe(Infinity); });",
                        "  xtest('later', () => { expect(add(1, 1)).toBe(2); });",
                        "  test.skip('skipped too', () => {});",
                        "  test.todo('some day');",
                        "  test('default export', () => expect(calc.name).toBe('calc'));",
                        "});", ""),
                "babel.config.js", BABEL, "package.json", PACKAGE));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(Map.of("calc > adds", "passed", "calc > adds wrong", "failed", "calc > divides by zero", "errored",
                "calc > later", "skipped", "calc > skipped too", "skipped", "calc > some day", "skipped",
                "calc > default export", "passed"), statuses(b), b::toString);
        JsonNode wrong = testNamed(b, "calc > adds wrong");
        assertFalse(wrong.path("passed").asBoolean());
        assertTrue(wrong.path("message").asText().contains("Expected: 5"), b::toString);
        assertTrue(wrong.path("message").asText().contains("Received: 4"), b::toString);
        assertFalse(wrong.path("message").asText().contains("\u001b["), b::toString);
        assertTrue(wrong.path("stack_trace").asText().contains("calc.spec.js:6"), b::toString);
        JsonNode zero = testNamed(b, "calc > divides by zero");
        assertEquals("RangeError: by zero", zero.path("message").asText(), b::toString);
        assertTrue(zero.path("stack_trace").asText().contains("calc.js:3"), b::toString);
        String out = b.path("run").path("stdout").asText();
        assertTrue(out.contains("ok 1 - loading calc") && out.contains("\"name\": \"fake\""), b::toString);
    }

    @Test
    void commonJsSuiteWithMocksEachAndHoistedModuleMock() throws Exception {
        JsonNode b = ok(tests(files("shop.js", String.join("\n",
                        "const prices = require('./prices');",
                        "exports.total = (items) => items.reduce((s, i) => s + prices.of(i), 0);",
                        "exports.notify = (send, who) => { send(who, 'ready'); return true; };", ""),
                        "prices.js", "exports.of = (item) => ({ tea: 2, cake: 3 })[item];\n"),
                "shop.test.js", String.join("\n",
                        "const shop = require('./shop');",
                        "const prices = require('./prices');",
                        "jest.mock('./prices');",
                        "beforeEach(() => prices.of.mockImplementation((i) => (i === 'tea' ? 10 : 1)));",
                        "it('uses the mocked prices', () => { expect(shop.total(['tea', 'cake'])).toBe(11); });",
                        "it('calls back', () => { const send = jest.fn(); shop.notify(send, 'ann');",
                        "  expect(send).toHaveBeenCalledWith('ann', 'ready'); });",
                        "it('spies', () => { const spy = jest.spyOn(Math, 'max').mockReturnValue(7);",
                        "  expect(Math.max(1, 2)).toBe(7); spy.mockRestore(); expect(Math.max(1, 2)).toBe(2); });",
                        "it.each([[1, 1, 2], [2, 3, 5]])('adds %i + %i', (a, b, c) => { expect(a + b).toBe(c); });",
                        "describe.each([[1, 2]])('table %i', (a, b) => { it('is smaller', () => expect(a).toBeLessThan(b)); });",
                        "it('fake timers', () => { jest.useFakeTimers(); const f = jest.fn(); setTimeout(f, 1000);",
                        "  jest.advanceTimersByTime(1000); expect(f).toHaveBeenCalled(); jest.useRealTimers(); });",
                        "it('after fake timers', async () => { await new Promise((r) => setTimeout(r, 5)); });",
                        "it('snapshot inline', () => { expect({ a: 1 }).toEqual(expect.objectContaining({ a: 1 })); });", "")));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(Map.of("uses the mocked prices", "passed", "calls back", "passed", "spies", "passed",
                "adds 1 + 1", "passed", "adds 2 + 3", "passed", "table 1 > is smaller", "passed",
                "fake timers", "passed", "after fake timers", "passed", "snapshot inline", "passed"), statuses(b), b::toString);
    }

    @Test
    void hangingTestIsTimeLimitKeepingFinishedResults() throws Exception {
        Map<String, Object> req = tests(files("calc.js", "export const add = (a, b) => a + b;\n"),
                "calc.spec.js", String.join("\n",
                        "import { add } from './calc';",
                        "test('a fast', () => { expect(add(1, 1)).toBe(2); });",
                        "test('b fails', () => { expect(add(1, 1)).toBe(3); });",
                        "test('c hangs', () => { for (;;) {} });",
                        "test('d never runs', () => {});", ""));
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 15000));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        assertEquals(Map.of("a fast", "passed", "b fails", "failed"), statuses(b), b::toString);
    }

    /**
     * The image's build made both caches a Jest run reads (make-code-cache.sh): V8's code cache and fscache.js's
     * answers about Debian's modules (resolutions, sources, jest-resolve's stats). Without them Jest still runs, only
     * slower, so this is where a broken build hook shows.
     */
    @Test
    void theImageCarriesJestsCodeAndFileSystemCaches() throws Exception {
        Path lib = ItSupport.daemon("node").images().resolve("node").rootfs().resolve("usr/local/lib/kerat/node");
        for (String made : List.of("jest-code-cache.bin", "jest-fs-cache.bin")) {
            assertTrue(Files.isRegularFile(lib.resolve(made)) && Files.size(lib.resolve(made)) > 100_000,
                    () -> lib.resolve(made).toString());
        }
    }

    /**
     * fscache.js answers only for paths under /usr: a module the suite ships in its own node_modules shadows the
     * image's package of the same name, as in a cold Jest, and a package only the image has still resolves.
     */
    @Test
    void aSuitesOwnNodeModulesShadowTheImagesPackages() throws Exception {
        Map<String, Object> req = tests(files("calc.js", "module.exports = { add: (a, b) => a + b };\n",
                        "node_modules/semver/index.js", "module.exports = { kerat: 'own semver' };\n",
                        "node_modules/semver/package.json", "{\"name\": \"semver\", \"main\": \"index.js\"}\n"),
                "calc.test.js", "const semver = require('semver');\nconst ms = require('ms');\n"
                        + "const { add } = require('./calc');\n"
                        + "test('own module', () => expect(semver.kerat).toBe('own semver'));\n"
                        + "test('image module', () => expect(ms('2s')).toBe(2000));\n"
                        + "test('adds', () => expect(add(1, 2)).toBe(3));\n");
        JsonNode b = ok(req);
        assertEquals(Map.of("own module", "passed", "image module", "passed", "adds", "passed"), statuses(b),
                b::toString);
    }

    @Test
    void syntaxErrorInSolutionIsCompileErrorWithLocation() throws Exception {
        JsonNode b = ok(tests(files("calc.js", "export const add = (a, b) => {\n  return a +;\n};\n"),
                "calc.spec.js", "import { add } from './calc';\ntest('adds', () => expect(add(1, 2)).toBe(3));\n",
                "babel.config.js", BABEL));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText();
        assertTrue(msg.contains("calc.js:2:") && msg.contains("SyntaxError"), b::toString);
    }

    @Test
    void missingExportIsAnErroredOrFailedTestNotACrash() throws Exception {
        JsonNode b = ok(tests(files("calc.js", "export const sub = (a, b) => a - b;\n"),
                "calc.spec.js", "import { add } from './calc';\ntest('adds', () => expect(add(1, 2)).toBe(3));\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals("errored", testNamed(b, "adds").path("status").asText(), b::toString);
        assertTrue(testNamed(b, "adds").path("message").asText().contains("is not a function"), b::toString);
    }

    @Test
    void frameworkOverrideAndDetection() throws Exception {
        // nothing here looks like Jest (no describe(/test(/it(/expect( call), so detection picks node:test
        String hidden = "const t = globalThis['te' + 'st'];\nt('hidden', () => { globalThis['exp' + 'ect'](1).toBe(1); });\n";
        Map<String, Object> req = tests(files("x.js", "module.exports = 1;\n"), "hidden.test.js", hidden);
        JsonNode detected = ok(req);
        assertEquals("tests_failed", detected.path("status").asText(), detected::toString);
        assertFalse(detected.toString().contains("\"passed\":true"), detected::toString);
        req.put("framework", "jest");
        JsonNode forced = ok(req);
        assertEquals("ok", forced.path("status").asText(), forced::toString);
        assertEquals(Map.of("hidden", "passed"), statuses(forced), forced::toString);
        // node:test by name runs a node:test suite even though it calls test() and it() like Jest
        Map<String, Object> nt = tests(files("x.js", "module.exports = 1;\n"), "x.test.mjs", String.join("\n",
                "import { test, it } from 'node:test';", "import assert from 'node:assert';",
                "test('one', () => assert.equal(1, 1));", "it('two', () => assert.equal(2, 2));", ""));
        nt.put("framework", "node:test");
        JsonNode n = ok(nt);
        assertEquals(Map.of("one", "passed", "two", "passed"), statuses(n), n::toString);
        req.put("framework", "mocha");
        ItSupport.Reply r = post("/api/v1/runs", req);
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("unknown_framework", r.body().path("error").path("code").asText(), () -> String.valueOf(r.body()));
    }

    @Test
    void unsupportedFrameworkIsNamed() throws Exception {
        JsonNode b = ok(tests(files("calc.js", "exports.add = (a, b) => a + b;\n"),
                "calc.test.js", String.join("\n", "const { expect } = require('chai');", "const { add } = require('./calc');",
                        "describe('calc', () => { it('adds', () => { expect(add(1, 2)).to.equal(3); }); });", "")));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("chai"), b::toString);
    }

    /**
     * Exercism-style exercises (src/test/resources/suites/node/SLUG): SLUG.js is the solution, everything else
     * (SLUG.spec.js, package.json, babel.config.js) is sent as tests, unchanged. Every test passes or, for the
     * xtest()s exercism writes for all but the first test, is skipped.
     */
    @Test
    void curriculumSuitesPass() throws Exception {
        Path root = suites();
        List<String> problems = new ArrayList<>();
        int n = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                String slug = dir.getFileName().toString();
                List<Object> sources = new ArrayList<>();
                List<Object> tests = new ArrayList<>();
                try (Stream<Path> fs = Files.list(dir)) {
                    for (Path f : fs.sorted().toList()) {
                        String name = f.getFileName().toString();
                        List<Object> to = name.equals(slug + ".js") ? sources : tests;
                        to.add(name);
                        to.add(Files.readString(f, StandardCharsets.UTF_8));
                    }
                }
                JsonNode b = ok(tests(files(sources.toArray()), tests.toArray()));
                n++;
                int passed = 0;
                for (JsonNode t : b.path("tests")) {
                    String st = t.path("status").asText();
                    if (st.equals("passed")) {
                        passed++;
                    } else if (!st.equals("skipped")) {
                        problems.add(slug + ": " + t);
                    }
                }
                if (!b.path("status").asText().equals("ok") || passed == 0) {
                    problems.add(slug + ": " + b);
                }
            }
        }
        assertTrue(n >= 5, "only " + n + " suites in " + root);
        assertEquals(List.of(), problems);
    }

    private static Path suites() throws URISyntaxException, IOException {
        Path p = Path.of(JestIT.class.getResource("/suites/node").toURI());
        assertTrue(Files.isDirectory(p), p::toString);
        return p;
    }
}
