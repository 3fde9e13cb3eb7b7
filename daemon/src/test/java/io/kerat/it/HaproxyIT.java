package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, synchronous half: real `kerat serve` daemons (each its own data dir, cgroup parent and runsc root, pool
 * off) behind a real HAProxy running the shipped systemd/haproxy-kerat.cfg. The agent check says {@code up N%},
 * {@code down #...} while runsc is broken and {@code drain} after SIGTERM; requests are spread over the hosts; a host
 * whose queue is full answers 503, which has run nothing, and HAProxy retries it on the other host; a host stopped
 * under load fails no request and comes back by itself when restarted.
 */
class HaproxyIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void prerequisites() throws Exception {
        Haproxy.binary(); // skips the class when haproxy is not installed
        ItSupport.requireSandbox();
        ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws IOException {
        ItSupport.assertNothingLeft();
    }

    static Map<String, String> env(int agentPort, int concurrency, int queue) {
        Map<String, String> env = new HashMap<>();
        env.put("KERAT_AGENT_LISTEN", "127.0.0.1:" + agentPort);
        env.put("KERAT_CONCURRENCY", String.valueOf(concurrency));
        env.put("KERAT_QUEUE", String.valueOf(queue));
        return env;
    }

    /** A python run that sleeps, then prints {@code token}: the answer shows that this very request ran. */
    static String run(String token, double sleepSeconds) throws Exception {
        String src = "import time\ntime.sleep(" + sleepSeconds + ")\nprint('" + token + "')\n";
        return JSON.writeValueAsString(Map.of("language", "python", "limits", Map.of("wall_time_ms", 30_000),
                "files", List.of(Map.of("name", "main.py", "content", src))));
    }

    static CompletableFuture<HttpResponse<String>> send(Haproxy h, String body) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + "/api/v1/runs"))
                .timeout(Duration.ofSeconds(180)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Null when {@code r} is a 200 whose run printed {@code token}, else what is wrong. */
    static String problem(HttpResponse<String> r, String token) throws IOException {
        if (r.statusCode() != 200) {
            return token + ": HTTP " + r.statusCode() + " " + r.body();
        }
        JsonNode b = JSON.readTree(r.body());
        String out = b.path("run").path("stdout").asText();
        return b.path("status").asText().equals("ok") && out.equals(token + "\n") ? null : token + ": " + r.body();
    }

    /** {@code n} runs through HAProxy, all at once; asserts every one answered 200 with its own output. */
    static void runAll(Haproxy h, String prefix, int n, double sleepSeconds) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(send(h, run(prefix + i, sleepSeconds)));
        }
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String p = problem(calls.get(i).get(200, TimeUnit.SECONDS), prefix + i);
            if (p != null) {
                wrong.add(p);
            }
        }
        assertEquals(List.of(), wrong, () -> "requests through haproxy failed\n" + h.log());
    }

    /** All samples of a labelled counter added up. */
    static double counter(SpawnedDaemon d, String name) throws Exception {
        double sum = 0;
        for (String line : d.get("/metrics", Duration.ofSeconds(10)).body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** What the agent check on {@code port} answers (one line, then the agent closes). */
    static String agent(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static String awaitAgent(int port, String prefix, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = agent(port);
        while (!last.startsWith(prefix) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = agent(port);
        }
        assertTrue(last.startsWith(prefix), "agent on " + port + " said '" + last.trim() + "', not " + prefix);
        return last;
    }

    /** SIGTERM, a clean exit 0, nothing of the process left; then the daemon's data dir is removed. */
    static void stop(SpawnedDaemon d) throws Exception {
        d.process.destroy();
        assertTrue(d.process.waitFor(90, TimeUnit.SECONDS), () -> d.name + " did not stop: " + d.log());
        assertEquals(0, d.process.exitValue(), d::log);
        ItSupport.assertProcessLeftNothing(d.dataDir, ItSupport.CGROUP_PARENT + "-" + d.name, d.process.pid());
        d.close();
    }

    static boolean up(Map<String, String> stat) {
        return stat.get("status").equals("UP") && Haproxy.num(stat, "weight") > 0;
    }

    @Test
    void agentSaysUpThenDownWhileRunscIsBrokenThenDrainOnSigterm() throws Exception {
        Path dir = Files.createTempDirectory("kerat-agent-runsc");
        Path broken = dir.resolve("broken");
        Path runsc = Files.writeString(dir.resolve("runsc"), "#!/bin/sh\n[ -e " + broken + " ] && exit 1\nexec "
                + realRunsc() + " \"$@\"\n");
        Files.setPosixFilePermissions(runsc, PosixFilePermissions.fromString("rwxr-xr-x"));
        int agentPort = SpawnedDaemon.freePort();
        Map<String, String> env = env(agentPort, 2, 64);
        env.put("KERAT_RUNSC", runsc.toString());
        SpawnedDaemon d = SpawnedDaemon.start("agent-runsc", env);
        try (Haproxy h = Haproxy.start("runsc", List.of(new Haproxy.Server("h1", d.port, agentPort)))) {
            assertEquals("up ready 100%\n", agent(agentPort));
            h.awaitStat("h1", HaproxyIT::up, 30, "UP");

            Files.createFile(broken); // `runsc --version` now fails: doctor's essential check
            String down = awaitAgent(agentPort, "down #", 30);
            assertEquals("down #runsc does not answer: '" + runsc + " --version' failed\n", down);
            Map<String, String> st = h.awaitStat("h1", s -> s.get("status").startsWith("DOWN"), 30, "DOWN by the agent");
            System.out.println("[haproxy] runsc broken: status " + st.get("status") + ", agent " + st.get("agent_status")
                    + " '" + st.get("last_agt") + "'");
            assertTrue(st.get("last_agt").contains("runsc does not answer"), "haproxy shows the reason: " + st);

            Files.delete(broken);
            awaitAgent(agentPort, "up ready ", 30);
            h.awaitStat("h1", HaproxyIT::up, 30, "UP again");
            runAll(h, "after-fix-", 2, 0);

            d.process.destroy(); // SIGTERM: the drain begins
            assertEquals("drain\n", awaitAgent(agentPort, "drain", 10));
            HttpResponse<String> health = d.get("/api/v1/health", Duration.ofSeconds(5));
            assertEquals(503, health.statusCode(), health.body());
            assertEquals("draining", JSON.readTree(health.body()).path("status").asText());
            h.awaitStat("h1", s -> s.get("status").contains("DRAIN") || s.get("status").startsWith("DOWN"), 10,
                    "drained");
        } finally {
            stop(d);
            Files.deleteIfExists(broken);
            Files.delete(runsc);
            Files.delete(dir);
        }
    }

    static String realRunsc() {
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(p, "runsc"))) {
                return Path.of(p, "runsc").toString();
            }
        }
        throw new AssertionError("no runsc on PATH");
    }

    @Test
    void requestsAreSpreadAndAFullHostsRefusalIsRetriedOnTheOther() throws Exception {
        int smallAgent = SpawnedDaemon.freePort();
        int bigAgent = SpawnedDaemon.freePort();
        // the small host holds two requests (one running, one queued) and refuses the rest with 503 queue_full
        SpawnedDaemon small = SpawnedDaemon.start("agent-small", env(smallAgent, 1, 1));
        SpawnedDaemon big = null;
        try {
            big = SpawnedDaemon.start("agent-big", env(bigAgent, 2, 64));
            spreadAndRetry(small, big, smallAgent, bigAgent);
        } finally {
            stop(small);
            if (big != null) {
                stop(big);
            }
        }
    }

    private static void spreadAndRetry(SpawnedDaemon small, SpawnedDaemon big, int smallAgent, int bigAgent)
            throws Exception {
        try (Haproxy h = Haproxy.start("full", List.of(new Haproxy.Server("small", small.port, smallAgent),
                new Haproxy.Server("big", big.port, bigAgent)))) {
            h.awaitStat("small", HaproxyIT::up, 30, "UP");
            h.awaitStat("big", HaproxyIT::up, 30, "UP");

            // spread: two at a time, both hosts serve
            for (int round = 0; round < 8; round++) {
                runAll(h, "spread-" + round + "-", 2, 0);
            }
            double smallRuns = counter(small, "kerat_runs_total");
            double bigRuns = counter(big, "kerat_runs_total");
            System.out.println("[haproxy] spread: small ran " + smallRuns + ", big ran " + bigRuns + " of 16");
            assertEquals(16, smallRuns + bigRuns, "every request ran exactly once");
            assertTrue(smallRuns >= 2 && bigRuns >= 2, "both hosts should serve: small " + smallRuns + ", big " + bigRuns);

            // full: 12 slow runs at once; the small host refuses what it cannot hold, HAProxy retries on the big one
            double rejectedBefore = counter(small, "kerat_rejections_total");
            runAll(h, "full-", 12, 3);
            double rejected = counter(small, "kerat_rejections_total") - rejectedBefore;
            double ran = counter(small, "kerat_runs_total") + counter(big, "kerat_runs_total") - 16;
            Map<String, String> s = h.stat("small");
            System.out.println("[haproxy] full: small refused " + rejected + " (haproxy: 5xx " + s.get("hrsp_5xx")
                    + ", retries " + s.get("wretr") + ", redispatches " + s.get("wredis") + "), runs " + ran + " of 12");
            assertTrue(rejected > 0, "the small host should have refused some of 12 slow runs\n" + h.log());
            assertEquals(12, ran, "a refused request ran nowhere before its retry, and every request ran once");
        }
    }

    /**
     * The 503 contract on the one path that broke it: a Judge0 batch that fills the stored queue halfway answered
     * 503 after storing its first items, so a retry (the client's, or HAProxy's retry-on 503) stored them twice.
     * Now a batch answers 503 only when it stored nothing; otherwise 201 with a per-item refusal.
     */
    @Test
    void aJudge0BatchThatFillsTheQueueIs503OnlyWhenItStoredNothing() throws Exception {
        Map<String, String> env = env(SpawnedDaemon.freePort(), 1, 64);
        env.put("KERAT_SUBMISSIONS_MAX_QUEUED", "2");
        SpawnedDaemon d = SpawnedDaemon.start("agent-batch", env);
        try {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                items.add(Map.of("language_id", 71, "wall_time_limit", 30, "cpu_time_limit", 10,
                        "source_code", "import time\ntime.sleep(2)\nprint(" + i + ")\n"));
            }
            String batch = JSON.writeValueAsString(Map.of("submissions", items));
            HttpResponse<String> first = d.post("/submissions/batch", batch, Duration.ofSeconds(30));
            assertEquals(201, first.statusCode(), first.body());
            JsonNode created = JSON.readTree(first.body());
            assertEquals(4, created.size(), first.body());
            List<String> tokens = new ArrayList<>();
            for (JsonNode item : created) {
                if (item.has("token")) {
                    tokens.add(item.path("token").asText());
                } else {
                    assertEquals("queue is full", item.path("base").get(0).asText(), first.body());
                }
            }
            assertEquals(2, tokens.size(), "max_queued 2: two stored, two refused: " + first.body());
            HttpResponse<String> second = d.post("/submissions/batch", batch, Duration.ofSeconds(30));
            assertEquals(503, second.statusCode(), "no room left: nothing stored, a 503: " + second.body());
            for (String t : tokens) { // the stored ones run, each once; nothing of the refused ones exists
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                JsonNode s = JSON.readTree(d.get("/submissions/" + t + "?fields=status_id,stdout", Duration.ofSeconds(10)).body());
                while (s.path("status_id").asInt() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(300);
                    s = JSON.readTree(d.get("/submissions/" + t + "?fields=status_id,stdout", Duration.ofSeconds(10)).body());
                }
                assertEquals(3, s.path("status_id").asInt(), s::toString);
            }
            assertEquals(2, counter(d, "kerat_runs_total"), "only the two stored submissions ran");
        } finally {
            stop(d);
        }
    }

    @Test
    void sigtermUnderLoadFailsNoRequestAndTheRestartedHostComesBack() throws Exception {
        int a1 = SpawnedDaemon.freePort();
        int a2 = SpawnedDaemon.freePort();
        int p1 = SpawnedDaemon.freePort();
        SpawnedDaemon h1 = SpawnedDaemon.start("agent-d1", env(a1, 2, 64), true, p1);
        SpawnedDaemon h2 = null;
        SpawnedDaemon[] again = new SpawnedDaemon[1];
        try {
            h2 = SpawnedDaemon.start("agent-d2", env(a2, 2, 64));
            drainUnderLoad(h1, h2, a1, a2, again);
        } finally {
            if (again[0] != null) {
                stop(again[0]); // on h1's data dir
            } else if (h1.process.isAlive()) {
                stop(h1);
            } else {
                h1.close();
            }
            if (h2 != null) {
                stop(h2);
            }
        }
    }

    private static void drainUnderLoad(SpawnedDaemon h1, SpawnedDaemon h2, int a1, int a2, SpawnedDaemon[] again)
            throws Exception {
        int p1 = h1.port;
        try (Haproxy h = Haproxy.start("drain", List.of(new Haproxy.Server("h1", p1, a1),
                new Haproxy.Server("h2", h2.port, a2)))) {
            h.awaitStat("h1", HaproxyIT::up, 30, "UP");
            h.awaitStat("h2", HaproxyIT::up, 30, "UP");
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            AtomicBoolean go = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; go.get(); i++) {
                        String token = "c" + client + "-" + i;
                        try {
                            String p = problem(send(h, run(token, 0.5)).get(200, TimeUnit.SECONDS), token);
                            if (p != null) {
                                failures.add(p);
                            }
                        } catch (Exception e) {
                            failures.add(token + ": " + e);
                        }
                        done.incrementAndGet();
                    }
                }, "haproxy-client-" + c);
                t.start();
                clients.add(t);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (counter(h1, "kerat_runs_total") < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            double h1Before = counter(h1, "kerat_runs_total");
            int doneAtTerm = done.get();
            h1.process.destroy(); // SIGTERM under load
            h.awaitStat("h1", s -> s.get("status").contains("DRAIN") || s.get("status").startsWith("DOWN"), 20,
                    "drained");
            assertTrue(h1.process.waitFor(90, TimeUnit.SECONDS), h1::log);
            int doneAtExit = done.get();
            Thread.sleep(3_000); // the load goes on, on h2 alone
            go.set(false);
            for (Thread t : clients) {
                t.join(200_000);
            }
            System.out.println("[haproxy] drain: h1 ran " + h1Before + " before SIGTERM; requests done " + doneAtTerm
                    + " at SIGTERM, " + doneAtExit + " when h1 exited, " + done.get() + " in all; h1 log:\n" + h1.log());
            assertEquals(List.of(), List.copyOf(failures), () -> "requests failed around the SIGTERM\n" + h.log());
            assertTrue(done.get() > doneAtExit, "requests went on after h1 stopped");
            assertEquals(0, h1.process.exitValue(), h1::log);
            ItSupport.assertProcessLeftNothing(h1.dataDir, ItSupport.CGROUP_PARENT + "-" + h1.name, h1.process.pid());

            // the upgrade's last step: the same host starts again and the agent's "ready" undoes its drain
            again[0] = SpawnedDaemon.start("agent-d1", env(a1, 2, 64), false, p1);
            h.awaitStat("h1", HaproxyIT::up, 30, "UP after the restart");
            for (int round = 0; round < 6; round++) {
                runAll(h, "back-" + round + "-", 2, 0);
            }
            assertTrue(counter(again[0], "kerat_runs_total") >= 1, "the restarted host serves again");
        }
    }
}
