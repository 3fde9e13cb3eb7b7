package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.cgroup.Cgroups;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kerat.it.ItSupport.post;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 6: GET /metrics, the per-run log line, and SIGTERM's graceful stop of a real daemon process. */
class MetricsIT {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    static String scrape(URI base) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(base.resolve("/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().map()::toString);
        return r.body();
    }

    /** The value of one sample, e.g. {@code kerat_runs_total{language="python",status="ok",}}; 0 when absent. */
    static double sample(String text, String name, String... labels) {
        StringBuilder want = new StringBuilder(name);
        if (labels.length > 0) {
            want.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                want.append(labels[i]).append("=\"").append(labels[i + 1]).append("\",");
            }
            want.append('}');
        }
        for (String line : text.split("\n")) {
            if (line.startsWith(want + " ")) {
                return Double.parseDouble(line.substring(want.length() + 1).trim());
            }
        }
        return 0;
    }

    static JsonNode ok200(Map<String, Object> req) throws Exception {
        ItSupport.Reply r = post("/api/v1/runs", req);
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body();
    }

    @Test
    void countersAndHistogramsMoveWithTheRightLabels() throws Exception {
        String before = scrape(ItSupport.base());
        ok200(run("python", "m.py", "m.py", "print('a')"));
        ok200(run("python", "m.py", "m.py", "print('b')"));
        JsonNode err = ok200(run("python", "m.py", "m.py", "raise SystemExit(3)"));
        assertEquals("runtime_error", err.path("status").asText(), err::toString);
        Map<String, Object> cases = run("python", "m.py", "m.py", "print(input())");
        cases.put("cases", List.of(Map.of("stdin", "x\n", "expected_output", "x\n"),
                Map.of("stdin", "y\n", "expected_output", "z\n")));
        JsonNode wa = ok200(cases);
        assertEquals("wrong_answer", wa.path("status").asText(), wa::toString);
        ItSupport.Reply bad = post("/api/v1/runs", Map.of("language", "cobol-85", "files", ItSupport.files("a", "b")));
        assertEquals(400, bad.status());
        String after = scrape(ItSupport.base());

        assertEquals(2, delta(before, after, "kerat_runs_total", "language", "python", "status", "ok"), after);
        assertEquals(1, delta(before, after, "kerat_runs_total", "language", "python", "status", "runtime_error"), after);
        assertEquals(1, delta(before, after, "kerat_runs_total", "language", "python", "status", "wrong_answer"), after);
        assertEquals(4, delta(before, after, "kerat_queue_wait_seconds_count"), after);
        assertEquals(4, delta(before, after, "kerat_preparation_seconds_count", "language", "python"), after);
        assertEquals(4, delta(before, after, "kerat_run_seconds_count", "language", "python"), after);
        assertEquals(3, delta(before, after, "kerat_sandbox_seconds_count", "language", "python", "stage", "run"), after);
        assertEquals(2, delta(before, after, "kerat_sandbox_seconds_count", "language", "python", "stage", "case"), after);
        // sandbox seconds are real durations: each python sandbox takes at least tens of milliseconds
        double sandboxSeconds = delta(before, after, "kerat_sandbox_seconds_sum", "language", "python", "stage", "run");
        assertTrue(sandboxSeconds > 0.03 && sandboxSeconds < 60, "sum " + sandboxSeconds);
        // preparation ends when the first sandbox starts, so it is part of the run's total
        assertTrue(delta(before, after, "kerat_preparation_seconds_sum", "language", "python")
                < delta(before, after, "kerat_run_seconds_sum", "language", "python"), after);
        // a request rejected by validation never reaches admission
        assertFalse(after.contains("language=\"cobol-85\""), after);
        // idle now
        assertTrue(after.contains("\nkerat_active_sandboxes 0.0\n"), after);
        assertTrue(after.contains("\nkerat_queue_depth 0.0\n"), after);
        assertTrue(after.contains("# TYPE kerat_rejections_total counter"), after);
        assertTrue(after.contains("# TYPE kerat_queue_wait_seconds histogram"), after);
    }

    @Test
    void activeAndQueuedGaugesSeeRunningWork() throws Exception {
        // the shared daemon runs 2 at once: three 1.5 s sleeps leave one queued for a while
        Map<String, Object> req = run("python", "m.py", "m.py", "import time\ntime.sleep(1.5)");
        List<CompletableFuture<ItSupport.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return post("/api/v1/runs", req);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        double maxActive = 0;
        double maxQueued = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!calls.stream().allMatch(CompletableFuture::isDone) && System.nanoTime() < deadline) {
            String m = scrape(ItSupport.base());
            maxActive = Math.max(maxActive, sample(m, "kerat_active_sandboxes"));
            maxQueued = Math.max(maxQueued, sample(m, "kerat_queue_depth"));
            Thread.sleep(50);
        }
        for (CompletableFuture<ItSupport.Reply> c : calls) {
            assertEquals("ok", c.get(60, TimeUnit.SECONDS).body().path("status").asText());
        }
        assertEquals(2, maxActive, "two sandboxes at once");
        // the third request waited; for an instant after submission two may sit in the queue before idle
        // workers take them, so the peak may read 2
        assertTrue(maxQueued >= 1 && maxQueued <= 2, "queue depth peaked at " + maxQueued);
    }

    static double delta(String before, String after, String name, String... labels) {
        return sample(after, name, labels) - sample(before, name, labels);
    }

    @Test
    void oneJsonLogLinePerRunWithoutSourceOrOutput() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        JsonNode res;
        JsonNode tle;
        System.setErr(tee);
        try {
            Map<String, Object> req = run("python", "m.py", "m.py",
                    "# SOURCE-MARKER-91c2\nimport sys\nprint('OUTPUT-MARKER-' + '4d7e')\nprint('ERR-MARKER-' + '55aa', file=sys.stderr)");
            req.put("stdin", "STDIN-MARKER-0b3f\n");
            res = ok200(req);
            Map<String, Object> slow = run("python", "m.py", "m.py", "while True: pass");
            slow.put("limits", Map.of("wall_time_ms", 1000, "cpu_time_ms", 500));
            tle = ok200(slow);
        } finally {
            System.setErr(original);
        }
        assertEquals("ok", res.path("status").asText(), res::toString);
        assertEquals("OUTPUT-MARKER-4d7e\n", res.path("run").path("stdout").asText());
        assertEquals("time_limit", tle.path("status").asText(), tle::toString);
        String text = captured.toString(StandardCharsets.UTF_8);
        for (String marker : List.of("SOURCE-MARKER", "OUTPUT-MARKER", "ERR-MARKER", "STDIN-MARKER")) {
            assertFalse(text.contains(marker), marker + " leaked into the log:\n" + text);
        }
        JsonNode line = logLine(text, res.path("id").asText());
        assertEquals("python", line.path("language").asText());
        assertEquals("run", line.path("mode").asText());
        assertEquals("ok", line.path("status").asText());
        assertTrue(line.path("queue_ms").isNumber() && line.path("queue_ms").asDouble() >= 0, line::toString);
        assertTrue(line.path("total_ms").asDouble() >= line.path("preparation_ms").asDouble(), line::toString);
        JsonNode stage = line.path("stages").path(0);
        assertEquals("run", stage.path("stage").asText(), line::toString);
        assertEquals(res.path("run").path("wall_time_ms").asLong(), stage.path("wall_ms").asLong());
        assertEquals(res.path("run").path("cpu_time_ms").asLong(), stage.path("cpu_ms").asLong());
        assertEquals(res.path("run").path("memory_bytes").asLong(), stage.path("memory_bytes").asLong());
        assertTrue(stage.path("memory_bytes").asLong() > 0);
        assertEquals(0, line.path("limits_hit").size(), line::toString);

        JsonNode tleLine = logLine(text, tle.path("id").asText());
        assertEquals("time_limit", tleLine.path("status").asText());
        assertEquals("run:time_limit", tleLine.path("limits_hit").path(0).asText(), tleLine::toString);
    }

    /** The one "kerat.run" line naming {@code id}, parsed. */
    static JsonNode logLine(String log, String id) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String l : log.split("\n")) {
            if (l.contains("kerat.run - ") && l.contains("\"id\":\"" + id + "\"")) {
                lines.add(l);
            }
        }
        assertEquals(1, lines.size(), "one kerat.run line for " + id + " in:\n" + log);
        String l = lines.get(0);
        assertTrue(l.startsWith("INFO kerat.run - {"), l);
        return JSON.readTree(l.substring(l.indexOf(" - ") + 3));
    }

    // --- SIGTERM on a real daemon process ---------------------------------------------------------------

    static final String SHUTDOWN_CGROUP = ItSupport.CGROUP_PARENT + "-shutdown";

    static Process daemonProcess(int port, Path log, Map<String, String> extraEnv) throws Exception {
        Path home = ItSupport.settings().home();
        Path jar = home.resolve("daemon/target/kerat.jar");
        assertTrue(Files.isRegularFile(jar), "run after `mvn package`: " + jar);
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar.toString(), "serve", "--listen", "127.0.0.1:" + port);
        pb.environment().put("KERAT_HOME", home.toString());
        pb.environment().put("KERAT_DATA_DIR", ItSupport.DATA_DIR.toString());
        pb.environment().put("KERAT_CGROUP_PARENT", SHUTDOWN_CGROUP);
        pb.environment().put("KERAT_POOL", ItSupport.poolAuto() ? "auto" : "off"); // it counts every sandbox
        pb.environment().putAll(extraEnv);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (health(port).path("status").asText().equals("ok")) {
                    return p;
                }
            } catch (Exception ignored) {
                // not up yet
            }
            assertTrue(p.isAlive(), () -> "daemon died: " + LifecycleIT.read(log));
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("daemon did not come up: " + LifecycleIT.read(log));
    }

    static JsonNode health(int port) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** Starts a run on the daemon at {@code port} and waits until it executes. */
    static CompletableFuture<HttpResponse<String>> startRun(int port, String body, Process daemon, Path log) throws Exception {
        CompletableFuture<HttpResponse<String>> call = CLIENT.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs"))
                        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ItSupport.containersOf(ItSupport.settings(), daemon.pid()).isEmpty() && !call.isDone()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ItSupport.containersOf(ItSupport.settings(), daemon.pid()).isEmpty(),
                () -> "the sandbox never started: " + LifecycleIT.read(log));
        return call;
    }

    /** The stopped daemon removed its own state: runsc root, run directories, mounts, cgroups. */
    static void assertShutdownLeftNothing(Process daemon) throws Exception {
        ItSupport.assertProcessLeftNothing(ItSupport.DATA_DIR, SHUTDOWN_CGROUP, daemon.pid());
        assertEquals(List.of(), Cgroups.detect(SHUTDOWN_CGROUP).children(), "cgroups left under " + SHUTDOWN_CGROUP);
    }

    @Test
    void sigtermFinishesTheRunningRequestThenExitsZero() throws Exception {
        int port = LifecycleIT.freePort();
        Path log = Files.createTempFile("kerat-shutdown", ".log");
        Process daemon = daemonProcess(port, log, Map.of());
        try {
            String body = "{\"language\":\"python\",\"files\":[{\"name\":\"m.py\",\"content\":"
                    + "\"import time\\ntime.sleep(2)\\nprint('finished')\"}]}";
            CompletableFuture<HttpResponse<String>> call = startRun(port, body, daemon, log);
            long signalled = System.nanoTime();
            daemon.destroy(); // SIGTERM
            HttpResponse<String> r = call.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode res = JSON.readTree(r.body());
            assertEquals("ok", res.path("status").asText(), () -> r.body() + "\n" + LifecycleIT.read(log));
            assertEquals("finished\n", res.path("run").path("stdout").asText());
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "daemon still running");
            assertEquals(0, daemon.exitValue(), LifecycleIT.read(log));
            assertTrue(System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(20), "stopping took too long");
            String out = LifecycleIT.read(log);
            assertTrue(out.contains("kerat: stopped"), out);
            assertFalse(out.contains("cancelled after the grace period"), out);
            JsonNode line = logLine(out, res.path("id").asText());
            assertEquals("ok", line.path("status").asText());
            // the port is closed: nothing accepts new work
            assertTrue(refused(port), "still accepting connections after SIGTERM");
            assertShutdownLeftNothing(daemon);
        } finally {
            daemon.destroyForcibly().waitFor();
        }
    }

    @Test
    void rejectionsCountedAndSigtermPastTheGraceCancelsTheRestAndCleansUp() throws Exception {
        int port = LifecycleIT.freePort();
        Path log = Files.createTempFile("kerat-shutdown-grace", ".log");
        Map<String, String> env = new HashMap<>();
        env.put("KERAT_SHUTDOWN_GRACE_MS", "1000");
        env.put("KERAT_CONCURRENCY", "1");
        env.put("KERAT_QUEUE", "1");
        Process daemon = daemonProcess(port, log, env);
        try {
            String body = "{\"language\":\"python\",\"limits\":{\"wall_time_ms\":60000},\"files\":[{\"name\":\"m.py\","
                    + "\"content\":\"import time\\ntime.sleep(60)\"}]}";
            CompletableFuture<HttpResponse<String>> call = startRun(port, body, daemon, log);
            // a second one waits behind it in the queue
            CompletableFuture<HttpResponse<String>> queued = CLIENT.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs"))
                            .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (health(port).path("queued").asInt() < 1 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(1, health(port).path("queued").asInt(), "the second request should be queued");
            // a third finds the queue full: 503, counted as a rejection
            HttpResponse<String> full = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/runs"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, full.statusCode(), full.body());
            String m = scrape(URI.create("http://127.0.0.1:" + port));
            assertEquals(1, sample(m, "kerat_rejections_total"), m);
            assertEquals(1, sample(m, "kerat_active_sandboxes"), m);
            assertEquals(1, sample(m, "kerat_queue_depth"), m);
            long signalled = System.nanoTime();
            daemon.destroy();
            HttpResponse<String> r = call.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("cancelled", JSON.readTree(r.body()).path("status").asText(), r.body());
            HttpResponse<String> q = queued.get(60, TimeUnit.SECONDS);
            assertEquals(503, q.statusCode(), q.body());
            assertTrue(q.body().contains("stopped before this request could run"), q.body());
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon still running");
            assertEquals(0, daemon.exitValue(), LifecycleIT.read(log));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertTrue(tookMs >= 1000 && tookMs < 20_000, "stopped after " + tookMs + " ms");
            String out = LifecycleIT.read(log);
            assertTrue(out.contains("2 request(s) cancelled after the grace period"), out);
            assertShutdownLeftNothing(daemon);
        } finally {
            daemon.destroyForcibly().waitFor();
        }
    }

    static boolean refused(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
