package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stored asynchronous submissions through Kerat's own API (/api/v1/submissions), on real daemons with real runsc:
 * accept and poll, callbacks (retried after a 500), the allowlist, the queue bound, retention and the store's bound,
 * and 20 queued submissions that survive a kill -9 of the daemon.
 */
class AsyncSubmissionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = Duration.ofSeconds(30);

    private static String python(String code) throws Exception {
        return JSON.writeValueAsString(Map.of("language", "python",
                "files", List.of(Map.of("name", "main.py", "content", code))));
    }

    private static String withCallback(String run, String url) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(run);
        node.put("callback_url", url);
        return JSON.writeValueAsString(node);
    }

    private static String accept(SpawnedDaemon d, String body) throws Exception {
        HttpResponse<String> r = d.post("/api/v1/submissions", body, T);
        assertEquals(202, r.statusCode(), r::body);
        JsonNode j = JSON.readTree(r.body());
        assertEquals("queued", j.path("status").asText());
        assertEquals("/api/v1/submissions/" + j.path("id").asText(), r.headers().firstValue("Location").orElse(""));
        return j.path("id").asText();
    }

    private static JsonNode get(SpawnedDaemon d, String id) throws Exception {
        HttpResponse<String> r = d.get("/api/v1/submissions/" + id, T);
        assertEquals(200, r.statusCode(), r::body);
        return JSON.readTree(r.body());
    }

    /** Polls until the submission has ended (done or failed); fails after {@code limit}. */
    private static JsonNode await(SpawnedDaemon d, String id, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode j;
        do {
            j = get(d, id);
            String st = j.path("status").asText();
            if (st.equals("done") || st.equals("failed")) {
                return j;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("submission " + id + " not finished after " + limit + ": " + j);
    }

    private static void stopAndCheck(SpawnedDaemon d) throws Exception {
        d.process.destroy();
        assertTrue(d.process.waitFor(60, TimeUnit.SECONDS), "no graceful stop");
        ItSupport.assertProcessLeftNothing(d.dataDir, ItSupport.CGROUP_PARENT + "-" + d.name, d.process.pid());
        d.close();
    }

    @Test
    void acceptPollCallbacksAllowlistAndQueueBound() throws Exception {
        CopyOnWriteArrayList<String> bodies = new CopyOnWriteArrayList<>();
        CopyOnWriteArrayList<Long> times = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            bodies.add(ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            times.add(System.nanoTime());
            int status = calls.incrementAndGet() == 1 ? 500 : 200; // the first delivery fails
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        String cb = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
        SpawnedDaemon d = SpawnedDaemon.start("async", Map.of("KERAT_CONCURRENCY", "1",
                "KERAT_SUBMISSIONS_MAX_QUEUED", "3", "KERAT_CALLBACK_BACKOFF_MS", "300"));
        try {
            // accept, poll to done, callback delivered on its second attempt
            long t0 = System.nanoTime();
            String id = accept(d, withCallback(python("print(6*7)"), cb));
            long acceptMs = (System.nanoTime() - t0) / 1_000_000;
            JsonNode done = await(d, id, Duration.ofSeconds(60));
            assertEquals("done", done.path("status").asText(), done::toString);
            assertEquals("ok", done.path("result").path("status").asText(), done::toString);
            assertEquals("42\n", done.path("result").path("run").path("stdout").asText(), done::toString);
            assertFalse(done.path("created_at").isNull());
            assertFalse(done.path("finished_at").isNull());
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (calls.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, calls.get(), () -> "callback attempts: " + bodies);
            for (String b : bodies) {
                assertTrue(b.startsWith("PUT {"), b);
                JsonNode j = JSON.readTree(b.substring(4));
                assertEquals(id, j.path("id").asText());
                assertEquals("done", j.path("status").asText());
                assertEquals("42\n", j.path("result").path("run").path("stdout").asText());
            }
            long retryMs = (times.get(1) - times.get(0)) / 1_000_000;
            assertTrue(retryMs >= 250, "the retry came after " + retryMs + " ms, before the backoff");
            System.out.println("[async] accepted in " + acceptMs + " ms; callback retried after " + retryMs + " ms");
            Thread.sleep(500);
            assertEquals(2, calls.get(), "delivered: not sent again");

            // callbacks outside the allowlist (loopback only by default): 422, nothing stored
            for (String bad : List.of("http://10.1.2.3/cb", "http://169.254.169.254/latest", "http://example.com/cb",
                    "ftp://127.0.0.1/cb", "http://user:pw@127.0.0.1/cb", "not a url", "/relative")) {
                HttpResponse<String> r = d.post("/api/v1/submissions", withCallback(python("print(1)"), bad), T);
                assertEquals(422, r.statusCode(), () -> bad + ": " + r.body());
                assertEquals("callback_refused", JSON.readTree(r.body()).path("error").path("code").asText(), r.body());
            }
            HttpResponse<String> bad = d.post("/api/v1/submissions", "{\"language\":\"python\",\"files\":[],\"nope\":1}", T);
            assertEquals(400, bad.statusCode(), bad::body);
            assertEquals(404, d.get("/api/v1/submissions/00000000-0000-0000-0000-000000000000", T).statusCode());
            assertEquals(404, d.get("/api/v1/submissions/..%2F..%2Fetc", T).statusCode());

            // the queue bound (3 queued or running): the 4th is refused with 503 and Retry-After
            List<String> slow = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                slow.add(accept(d, python("import time\ntime.sleep(1)\nprint(" + i + ")")));
            }
            HttpResponse<String> full = d.post("/api/v1/submissions", python("print(1)"), T);
            assertEquals(503, full.statusCode(), full::body);
            assertTrue(full.headers().firstValue("Retry-After").isPresent());
            assertEquals("queue_full", JSON.readTree(full.body()).path("error").path("code").asText());
            HttpResponse<String> early = d.delete("/api/v1/submissions/" + slow.get(2), T);
            assertEquals(409, early.statusCode(), early::body);
            for (int i = 0; i < 3; i++) {
                JsonNode j = await(d, slow.get(i), Duration.ofSeconds(60));
                assertEquals(i + "\n", j.path("result").path("run").path("stdout").asText(), j::toString);
            }
            // FIFO with one worker: each started after the previous one finished
            for (int i = 1; i < 3; i++) {
                String prevEnd = get(d, slow.get(i - 1)).path("finished_at").asText();
                String start = get(d, slow.get(i)).path("started_at").asText();
                assertTrue(java.time.Instant.parse(start).compareTo(java.time.Instant.parse(prevEnd)) >= 0,
                        "out of order: " + slow);
            }
            HttpResponse<String> del = d.delete("/api/v1/submissions/" + slow.get(0), T);
            assertEquals(200, del.statusCode(), del::body);
            assertEquals(404, d.get("/api/v1/submissions/" + slow.get(0), T).statusCode());
        } finally {
            receiver.stop(0);
            if (d.process.isAlive()) {
                stopAndCheck(d);
            } else {
                d.close();
            }
        }
    }

    @Test
    void retentionAndStoreBound() throws Exception {
        SpawnedDaemon d = SpawnedDaemon.start("async-bound", Map.of("KERAT_CONCURRENCY", "1",
                "KERAT_SUBMISSIONS_MAX_ROWS", "2", "KERAT_SUBMISSIONS_RETENTION_MS", "4000"));
        try {
            String a = accept(d, python("print('a')"));
            await(d, a, Duration.ofSeconds(60));
            String b = accept(d, python("print('b')"));
            await(d, b, Duration.ofSeconds(60));
            String c = accept(d, python("print('c')")); // 2 rows at most: a, finished first, makes room
            assertEquals(404, d.get("/api/v1/submissions/" + a, T).statusCode());
            assertEquals(200, d.get("/api/v1/submissions/" + b, T).statusCode());
            JsonNode cj = await(d, c, Duration.ofSeconds(60));
            assertEquals("c\n", cj.path("result").path("run").path("stdout").asText());
            // retention: finished ones are swept once older than 4 s (the sweep runs every second)
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (d.get("/api/v1/submissions/" + c, T).statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long ageMs = java.time.Duration.between(java.time.Instant.parse(cj.path("finished_at").asText()),
                    java.time.Instant.now()).toMillis();
            assertEquals(404, d.get("/api/v1/submissions/" + c, T).statusCode());
            assertEquals(404, d.get("/api/v1/submissions/" + b, T).statusCode());
            assertTrue(ageMs >= 4000, "swept after " + ageMs + " ms, before its retention");
            System.out.println("[async-bound] swept " + ageMs + " ms after it finished (retention 4000 ms)");
        } finally {
            stopAndCheck(d);
        }
    }

    @Test
    void sigtermPutsWhatIsLeftBackInTheQueue() throws Exception {
        Map<String, String> env = Map.of("KERAT_CONCURRENCY", "1", "KERAT_SHUTDOWN_GRACE_MS", "500");
        SpawnedDaemon first = SpawnedDaemon.start("async-stop", env);
        List<String> ids = new ArrayList<>();
        SpawnedDaemon second = null;
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(accept(first, python("import time\ntime.sleep(3)\nprint('s" + i + "')")));
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!get(first, ids.get(0)).path("status").asText().equals("running") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long t = System.nanoTime();
            first.process.destroy(); // SIGTERM: the running one is cancelled after 0.5 s of grace
            assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
            long stopMs = (System.nanoTime() - t) / 1_000_000;
            assertEquals(0, first.process.exitValue(), first::log);
            ItSupport.assertProcessLeftNothing(first.dataDir, ItSupport.CGROUP_PARENT + "-async-stop", first.process.pid());
            second = SpawnedDaemon.start("async-stop", env, false);
            for (int i = 0; i < 3; i++) {
                JsonNode j = await(second, ids.get(i), Duration.ofSeconds(120));
                assertEquals("s" + i + "\n", j.path("result").path("run").path("stdout").asText(), j::toString);
            }
            System.out.println("[async-stop] stopped in " + stopMs + " ms; the 3 submissions ran after the restart");
        } finally {
            if (second != null) {
                stopAndCheck(second);
            } else {
                first.close();
            }
        }
    }

    @Test
    void aPendingCallbackIsDeliveredAfterKillMinus9() throws Exception {
        CopyOnWriteArrayList<String> bodies = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(up.get() ? 204 : 503, -1);
            ex.close();
        });
        receiver.start();
        String cb = "http://localhost:" + receiver.getAddress().getPort() + "/cb"; // a name: resolved, checked
        Map<String, String> env = Map.of("KERAT_CONCURRENCY", "1", "KERAT_CALLBACK_BACKOFF_MS", "3000");
        SpawnedDaemon first = SpawnedDaemon.start("async-cb", env);
        SpawnedDaemon second = null;
        try {
            String id = accept(first, withCallback(python("print('cb')"), cb));
            await(first, id, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (bodies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, bodies.size(), "the first attempt (answered 503)");
            first.process.destroyForcibly().waitFor(); // the retry, due 3 s later, is only in the store now
            up.set(true);
            second = SpawnedDaemon.start("async-cb", env, false);
            deadline = System.nanoTime() + 30_000_000_000L;
            while (bodies.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, bodies.size(), "the pending callback was not delivered after the restart");
            JsonNode j = JSON.readTree(bodies.get(1));
            assertEquals(id, j.path("id").asText());
            assertEquals("cb\n", j.path("result").path("run").path("stdout").asText());
            Thread.sleep(1000);
            assertEquals(2, bodies.size(), "delivered once");
        } finally {
            receiver.stop(0);
            if (second != null) {
                stopAndCheck(second);
            } else {
                first.close();
            }
        }
    }

    @Test
    void inProcessDaemonOverTheUnixSocket() throws Exception {
        ItSupport.daemon("python");
        ItSupport.Reply r = ItSupport.postUnix("/api/v1/submissions", python("print('unix')"));
        assertEquals(202, r.status(), () -> String.valueOf(r.body()));
        String id = r.body().path("id").asText();
        long deadline = System.nanoTime() + 60_000_000_000L;
        ItSupport.Reply g;
        do {
            Thread.sleep(100);
            g = ItSupport.get("/api/v1/submissions/" + id);
            assertEquals(200, g.status());
        } while (!g.body().path("status").asText().equals("done") && System.nanoTime() < deadline);
        assertEquals("unix\n", g.body().path("result").path("run").path("stdout").asText(), g.body()::toString);
        ItSupport.assertNothingLeft();
    }

    @Test
    void twentyQueuedSubmissionsSurviveKillMinus9() throws Exception {
        Map<String, String> env = Map.of("KERAT_CONCURRENCY", "1");
        SpawnedDaemon first = SpawnedDaemon.start("async-crash", env);
        List<String> ids = new ArrayList<>();
        SpawnedDaemon second = null;
        try {
            long[] ms = new long[20];
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                ids.add(accept(first, python("import time\ntime.sleep(0.3)\nprint('n" + i + "')")));
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            long[] sorted = ms.clone();
            java.util.Arrays.sort(sorted);
            System.out.println("[async-crash] 20 accepts (fsync each): min " + sorted[0] + " ms, median " + sorted[10]
                    + " ms, max " + sorted[19] + " ms");
            long dead = first.process.pid();
            int finishedBefore = 0;
            for (String id : ids) {
                if (get(first, id).path("status").asText().equals("done")) {
                    finishedBefore++;
                }
            }
            first.process.destroyForcibly().waitFor(); // kill -9 right after the 202s
            System.out.println("[async-crash] killed " + dead + " with " + (20 - finishedBefore) + " of 20 not finished");
            assertTrue(finishedBefore < 20, "all finished before the kill: the test proves nothing");

            long t = System.nanoTime();
            second = SpawnedDaemon.start("async-crash", env, false);
            for (int i = 0; i < 20; i++) {
                JsonNode j = await(second, ids.get(i), Duration.ofSeconds(180));
                assertEquals("done", j.path("status").asText(), j::toString);
                assertEquals("n" + i + "\n", j.path("result").path("run").path("stdout").asText(), j::toString);
            }
            System.out.println("[async-crash] all 20 done " + (System.nanoTime() - t) / 1_000_000
                    + " ms after the restart began");
            // the restart's recovery removed what the killed daemon left
            ItSupport.assertProcessLeftNothing(second.dataDir, ItSupport.CGROUP_PARENT + "-async-crash", dead);
        } finally {
            if (second != null) {
                stopAndCheck(second);
            } else {
                first.close();
            }
        }
    }
}
