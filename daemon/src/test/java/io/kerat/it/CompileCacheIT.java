package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.execution.CompileCache;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.Executor;
import io.kerat.execution.LimitsRequest;
import io.kerat.execution.SourceFile;
import io.kerat.execution.Status;
import io.kerat.execution.TestCase;
import io.kerat.image.ImageStore;
import io.kerat.oci.SpecBuilder;
import io.kerat.runner.RunnerCatalog;
import io.kerat.sandbox.CancelToken;
import io.kerat.sandbox.SandboxRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compile cache with real runsc: hits and misses over HTTP (C and Go, run, cases and tests modes), eviction
 * under a small bound, and a hostile compile step that plants links and a FIFO in /kerat/build. Every source carries
 * a fresh nonce, so a cache kept from an earlier run of the suite cannot turn a first request into a hit.
 */
class CompileCacheIT {
    private static Kerat kerat;
    private static Path scratch;
    private static SandboxRunner sandboxes;

    @BeforeAll
    static void start() throws Exception {
        kerat = ItSupport.daemon("c", "go");
        scratch = ItSupport.DATA_DIR.resolve("compile-cache-it");
        ImageStore.deleteTree(scratch);
        Files.createDirectories(scratch);
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        if (sandboxes != null) {
            sandboxes.close();
        }
        ImageStore.deleteTree(scratch);
        ItSupport.assertNothingLeft();
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    private static String cProgram(String nonce, String greeting) {
        return "#include <stdio.h>\n#warning \"cache " + nonce + "\"\n"
                + "int main(void) { printf(\"" + greeting + "\\n\"); return 0; }\n";
    }

    @Test
    void repeatedCCompileIsAHitWithTheSameOutput() throws Exception {
        String n = nonce();
        Map<String, Object> req = run("c", "main.c", "main.c", cProgram(n, "hello cache"));
        long t0 = System.nanoTime();
        JsonNode first = ok(req);
        long t1 = System.nanoTime();
        assertEquals("ok", first.path("status").asText(), first::toString);
        assertFalse(first.path("compile_cached").asBoolean(true), first::toString);
        assertTrue(first.path("compile").path("stderr").asText().contains("cache " + n), first::toString);
        assertTrue(first.path("compile").path("wall_time_ms").asLong() > 0, first::toString);

        JsonNode second = ok(req);
        long t2 = System.nanoTime();
        System.out.printf("COMPILE-CACHE-TIMING c: miss %.0f ms (compile %d ms), hit %.0f ms, ratio %.3f%n",
                (t1 - t0) / 1e6, first.path("compile").path("wall_time_ms").asLong(), (t2 - t1) / 1e6,
                (double) (t2 - t1) / (t1 - t0));
        assertEquals("ok", second.path("status").asText(), second::toString);
        assertTrue(second.path("compile_cached").asBoolean(false), second::toString);
        assertEquals("hello cache\n", second.path("run").path("stdout").asText(), second::toString);
        assertEquals(first.path("run").path("stdout"), second.path("run").path("stdout"));
        JsonNode c = second.path("compile");
        assertEquals("ok", c.path("status").asText(), second::toString);
        assertEquals("cached", c.path("message").asText(), second::toString);
        assertEquals(0, c.path("wall_time_ms").asLong(), second::toString);
        assertEquals(0, c.path("cpu_time_ms").asLong(), second::toString);
        assertEquals(first.path("compile").path("stderr"), c.path("stderr"), "the cached compiler output");
    }

    @Test
    void aOneByteChangeIsAMiss() throws Exception {
        String n = nonce();
        JsonNode a = ok(run("c", "main.c", "main.c", cProgram(n, "variant A")));
        JsonNode a2 = ok(run("c", "main.c", "main.c", cProgram(n, "variant A")));
        JsonNode b = ok(run("c", "main.c", "main.c", cProgram(n, "variant B")));
        assertFalse(a.path("compile_cached").asBoolean(true), a::toString);
        assertTrue(a2.path("compile_cached").asBoolean(false), a2::toString);
        assertFalse(b.path("compile_cached").asBoolean(true), b::toString);
        assertEquals("variant B\n", b.path("run").path("stdout").asText(), b::toString);
        // a different file name with the same bytes is a different compile too
        JsonNode renamed = ok(run("c", "prog.c", "prog.c", cProgram(n, "variant A")));
        assertFalse(renamed.path("compile_cached").asBoolean(true), renamed::toString);
        // so are different compile limits
        Map<String, Object> limited = run("c", "main.c", "main.c", cProgram(n, "variant A"));
        limited.put("compile_limits", Map.of("wall_time_ms", 29_000));
        JsonNode l = ok(limited);
        assertFalse(l.path("compile_cached").asBoolean(true), l::toString);
    }

    @Test
    void failedCompilesAreNotCached() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c", "int main(void) { return nope_" + nonce().replace('-', '_') + "; }\n");
        JsonNode first = ok(req);
        JsonNode second = ok(req);
        assertEquals("compile_error", first.path("status").asText(), first::toString);
        assertEquals("compile_error", second.path("status").asText(), second::toString);
        assertFalse(first.path("compile_cached").asBoolean(true), first::toString);
        assertFalse(second.path("compile_cached").asBoolean(true), second::toString);
        assertTrue(second.path("compile").path("wall_time_ms").asLong() > 0, second::toString);
    }

    @Test
    void casesModeUsesTheCacheForItsOneCompile() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c", "#include <stdio.h>\n/* " + nonce() + " */\n"
                + "int main(void) { int a, b; if (scanf(\"%d %d\", &a, &b) != 2) return 1; printf(\"%d\\n\", a + b); return 0; }\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode first = ok(req);
        JsonNode second = ok(req);
        assertFalse(first.path("compile_cached").asBoolean(true), first::toString);
        assertTrue(second.path("compile_cached").asBoolean(false), second::toString);
        for (JsonNode b : List.of(first, second)) {
            assertEquals("wrong_answer", b.path("status").asText(), b::toString);
            assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
            assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        }
    }

    @Test
    void testsModeCompileStepIsCached() throws Exception {
        Map<String, Object> req = run("c", "calc.c", "calc.c", "/* " + nonce() + " */\nint add(int a, int b) { return a + b; }\n");
        req.put("tests", files("test_calc.c", String.join("\n",
                "#include <criterion/criterion.h>",
                "int add(int a, int b);",
                "Test(calc, add) { cr_assert_eq(add(2, 3), 5); }",
                "Test(calc, wrong) { cr_assert_eq(add(2, 2), 5, \"add(2, 2) is not 5\"); }",
                "")));
        // Criterion forks a process per test: on a loaded host its run took 3.2 s of CPU, past the default 3 s;
        // this test is about the cache, not that limit
        req.put("limits", Map.of("cpu_time_ms", 15000, "wall_time_ms", 30000));
        JsonNode first = ok(req);
        JsonNode second = ok(req);
        assertFalse(first.path("compile_cached").asBoolean(true), first::toString);
        assertTrue(second.path("compile_cached").asBoolean(false), second::toString);
        for (JsonNode b : List.of(first, second)) {
            assertEquals("tests_failed", b.path("status").asText(), b::toString);
            assertEquals(2, b.path("tests").size(), b::toString);
        }
        assertEquals(first.path("tests").toString().replaceAll("\"duration_ms\":\\d+", ""),
                second.path("tests").toString().replaceAll("\"duration_ms\":\\d+", ""));
    }

    /** A repeated Go compile is a hit that runs no compiler; both wall times are printed (the benchmark measures them). */
    @Test
    void repeatedGoCompileIsAHit() throws Exception {
        Map<String, Object> req = run("go", "main.go", "main.go", String.join("\n",
                "package main",
                "import (\"fmt\"; \"strings\")",
                "// " + nonce(),
                "func main() { fmt.Println(strings.Repeat(\"go\", 2)) }",
                ""));
        long t0 = System.nanoTime();
        JsonNode miss = ok(req);
        long t1 = System.nanoTime();
        JsonNode hit = ok(req);
        long t2 = System.nanoTime();
        assertFalse(miss.path("compile_cached").asBoolean(true), miss::toString);
        assertTrue(hit.path("compile_cached").asBoolean(false), hit::toString);
        assertEquals("gogo\n", miss.path("run").path("stdout").asText(), miss::toString);
        assertEquals("gogo\n", hit.path("run").path("stdout").asText(), hit::toString);
        double missMs = (t1 - t0) / 1e6;
        double hitMs = (t2 - t1) / 1e6;
        System.out.printf("COMPILE-CACHE-TIMING go: miss %.0f ms (compile %d ms), hit %.0f ms, ratio %.3f%n",
                missMs, miss.path("compile").path("wall_time_ms").asLong(), hitMs, hitMs / missMs);
        // no timed assertion (speed is the benchmark's): the hit ran no compiler, which its compile stage shows
        assertEquals(0, hit.path("compile").path("cpu_time_ms").asLong(-1), hit::toString);
    }

    // ---- a private executor over the same images and sandboxes, with its own runners and cache ----

    private static Executor executor(Path home, CompileCache cache) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KERAT_HOME", home.toString());
        env.put("KERAT_DATA_DIR", ItSupport.DATA_DIR.toString());
        env.put("KERAT_CGROUP_PARENT", ItSupport.CGROUP_PARENT);
        Settings s = Settings.fromEnvironment(env);
        synchronized (CompileCacheIT.class) {
            if (sandboxes == null) {
                sandboxes = new SandboxRunner(s, kerat.runsc(), kerat.cgroups(), new SpecBuilder(
                        SpecBuilder.loadSeccomp(kerat.layout().seccompProfile("nosocket"))));
            }
        }
        // the shared daemon's owner: its run directories, removed with it
        return new Executor(s, new Layout(s, kerat.layout().owner()), RunnerCatalog.load(home.resolve("runners")), kerat.images(), sandboxes,
                cache);
    }

    /** A home whose runners/ holds the real C runner and "evil": a C-image runner whose compile step runs build.sh. */
    private static Path home(String name) throws IOException {
        Path home = scratch.resolve(name);
        Path evil = home.resolve("runners/evil");
        Files.createDirectories(evil);
        Files.writeString(evil.resolve("runner.json"), """
                {"language": "evil", "aliases": [], "image": "c", "extensions": [".sh"], "env": {},
                 "compile": {"argv": ["/bin/sh", "/workspace/build.sh"], "env": {}},
                 "run": {"argv": ["/bin/sh", "/workspace/run.sh"], "env": {}},
                 "test": null}
                """);
        Path c = home.resolve("runners/c");
        Files.createDirectories(c);
        try (Stream<Path> s = Files.list(kerat.layout().runnerDir("c"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, c.resolve(p.getFileName()));
            }
        }
        return home;
    }

    private static ExecutionRequest request(String language, String entry, String... nameContent) {
        List<SourceFile> files = new java.util.ArrayList<>();
        for (int i = 0; i < nameContent.length; i += 2) {
            files.add(new SourceFile(nameContent[i], nameContent[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return new ExecutionRequest(language, files, entry, null, List.of(), LimitsRequest.NONE, LimitsRequest.NONE,
                null, null);
    }

    @Test
    void evictionKeepsTheCacheWithinItsBound() throws Exception {
        String n = nonce();
        Path home = home("evict");
        // measure one entry with a roomy cache
        CompileCache roomy = CompileCache.open(scratch.resolve("roomy"), 1L << 30);
        Executor probe = executor(home, roomy);
        ExecutionResult r0 = probe.execute(request("c", "main.c", "main.c", cProgram(n, "probe")), new CancelToken());
        assertEquals(Status.OK, r0.status());
        long entry = roomy.stats().bytes();
        assertTrue(entry > 8 * 1024, "a C binary entry: " + entry);

        long bound = entry * 5 / 2; // two entries fit, not three
        CompileCache cache = CompileCache.open(scratch.resolve("small"), bound);
        Executor ex = executor(home, cache);
        ExecutionRequest a = request("c", "main.c", "main.c", cProgram(n, "AAAAA"));
        ExecutionRequest b = request("c", "main.c", "main.c", cProgram(n, "BBBBB"));
        ExecutionRequest c = request("c", "main.c", "main.c", cProgram(n, "CCCCC"));
        assertEquals(false, ex.execute(a, new CancelToken()).compileCached());
        assertEquals(false, ex.execute(b, new CancelToken()).compileCached());
        assertEquals(true, ex.execute(a, new CancelToken()).compileCached(), "a is now the most recently used");
        assertEquals(2, cache.stats().entries());
        ExecutionResult rc = ex.execute(c, new CancelToken());
        assertEquals(false, rc.compileCached());
        assertEquals("CCCCC\n", rc.run().stdout());
        CompileCache.Stats s = cache.stats();
        assertEquals(2, s.entries(), s::toString);
        assertEquals(1, s.evictions(), s::toString);
        assertTrue(s.bytes() <= bound, s::toString);
        assertEquals(2, Files.list(scratch.resolve("small/entries")).count());
        ExecutionResult ra = ex.execute(a, new CancelToken());
        assertEquals(true, ra.compileCached(), "a survived");
        assertEquals("AAAAA\n", ra.run().stdout());
        assertEquals(true, ex.execute(c, new CancelToken()).compileCached(), "c survived");
        ExecutionResult rb = ex.execute(b, new CancelToken());
        assertEquals(false, rb.compileCached(), "b was the least recently used and was evicted");
        assertEquals("BBBBB\n", rb.run().stdout());
        assertTrue(cache.stats().bytes() <= bound, cache.stats()::toString);
    }

    /**
     * Runs {@code req} while a helper thread watches for the compile stage's build directory on the host (found by
     * the file {@code marker} the compile step writes first) and makes a FIFO named "hostfifo" there. This runsc keeps
     * a FIFO made by mkfifo inside a gofer mount in the sentry (it never reaches the host directory), but other
     * versions may pass it through; planting it from the host side while the sandbox is still running makes the
     * copy meet a real FIFO either way.
     */
    private static ExecutionResult runPlantingFifo(Executor ex, ExecutionRequest req, String marker) throws Exception {
        Path runs = kerat.layout().runsDir();
        boolean[] planted = new boolean[1];
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                try (Stream<Path> jobs = Files.list(runs)) {
                    for (Path job : (Iterable<Path>) jobs::iterator) {
                        Path b = job.resolve("compile/fs/build");
                        if (Files.exists(b.resolve(marker), LinkOption.NOFOLLOW_LINKS)) {
                            Process p = new ProcessBuilder("mkfifo", b.resolve("hostfifo").toString()).start();
                            planted[0] = p.waitFor() == 0;
                            return;
                        }
                    }
                } catch (IOException e) {
                    // a job directory came or went: look again
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.start();
        try {
            ExecutionResult r = ex.execute(req, new CancelToken());
            assertTrue(planted[0], "the host-side FIFO was planted during the compile");
            return r;
        } finally {
            t.interrupt();
            t.join();
        }
    }

    /**
     * A compile step that plants a link to the host's /etc/shadow, a link to /, a link deeper down and a FIFO in
     * /kerat/build (the Judge0 CVE-2024-28185/28189 pattern). The build is not cached, nothing is read through the
     * links, and the daemon does not hang on the FIFO; the program itself still runs against its own build directory.
     */
    @Test
    void aHostileBuildDirectoryIsNeitherFollowedNorCached() throws Exception {
        Path home = home("hostile");
        CompileCache cache = CompileCache.open(scratch.resolve("hostile-cache"), 1L << 30);
        Executor ex = executor(home, cache);
        String marker = "marker-" + nonce();
        String build = String.join("\n",
                "echo binary > /kerat/build/main",
                "ln -s /etc/shadow /kerat/build/shadow && echo link-made",
                "ln -s / /kerat/build/hostroot && echo dirlink-made",
                "mkfifo /kerat/build/fifo && echo fifo-made",
                "mkdir -p /kerat/build/sub && ln -s /etc/shadow /kerat/build/sub/zz && echo deep-link-made",
                ": > /kerat/build/" + marker,
                "sleep 3",
                "exit 0", "");
        String runScript = String.join("\n",
                "[ -L /kerat/build/shadow ] && echo sees-link",
                "cat /kerat/build/main", "");
        ExecutionRequest req = request("evil", "build.sh", "build.sh", build, "run.sh", runScript);
        ExecutionResult[] results = new ExecutionResult[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            results[0] = ex.execute(req, new CancelToken());
            results[1] = ex.execute(req, new CancelToken());
        }, "the daemon hung on the build directory");
        for (ExecutionResult r : results) {
            assertEquals(Status.OK, r.status(), r::toString);
            assertEquals(false, r.compileCached(), "a build holding links or a FIFO is never cached: " + r);
            String made = r.compile().stdout();
            assertTrue(made.contains("link-made") && made.contains("fifo-made") && made.contains("deep-link-made"),
                    "the compile step planted its traps: " + made);
            String seen = r.run().stdout();
            assertTrue(seen.contains("sees-link") && seen.contains("binary"),
                    "the links were in the host directory the cache copied from: " + seen);
        }
        assertNothingFromShadowIn(scratch.resolve("hostile-cache"));

        // a FIFO in the host directory (planted during the compile, see runPlantingFifo): refused, no hang. (The
        // run stage cannot check it: this runsc's gofer does not show a host FIFO inside the sandbox.)
        String fifoOnly = String.join("\n", "echo binary > /kerat/build/main", ": > /kerat/build/" + marker + "-2",
                "sleep 3", "");
        ExecutionRequest req2 = request("evil", "build.sh", "build.sh", fifoOnly, "run.sh", runScript);
        ExecutionResult[] r2 = new ExecutionResult[1];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            r2[0] = runPlantingFifo(ex, req2, marker + "-2");
        }, "the daemon hung on the planted FIFO");
        assertEquals(Status.OK, r2[0].status(), r2[0]::toString);
        assertEquals(false, r2[0].compileCached());

        CompileCache.Stats s = cache.stats();
        assertEquals(0, s.entries(), s::toString);
        assertEquals(0, s.stores(), s::toString);
        assertEquals(3, s.refused(), s::toString);
        assertNothingFromShadowIn(scratch.resolve("hostile-cache"));

        // the same runner with a clean build is cached, so the refusals above came from the traps
        ExecutionRequest clean = request("evil", "build.sh", "build.sh", "echo " + nonce() + "\necho binary > /kerat/build/main\n",
                "run.sh", "cat /kerat/build/main\n");
        assertEquals(false, ex.execute(clean, new CancelToken()).compileCached());
        ExecutionResult again = ex.execute(clean, new CancelToken());
        assertEquals(true, again.compileCached());
        assertEquals("binary\n", again.run().stdout());
        assertEquals("cached", again.compile().message());
    }

    private static void assertNothingFromShadowIn(Path dir) throws IOException {
        byte[] shadow = Files.readAllBytes(Path.of("/etc/shadow"));
        String firstLine = new String(shadow, StandardCharsets.ISO_8859_1).split("\n")[0];
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                assertFalse(Files.isSymbolicLink(p), "link in the cache: " + p);
                assertTrue(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS),
                        "not a file or directory: " + p);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(firstLine),
                            "host /etc/shadow copied into " + p);
                }
            }
        }
    }
}
