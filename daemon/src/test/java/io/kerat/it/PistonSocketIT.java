package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.Kerat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: Piston's interactive sessions on /api/v2/connect, with real runsc. */
class PistonSocketIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Kerat kerat;

    @BeforeAll
    static void start() throws Exception {
        kerat = ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** A client that records every message and the close code. */
    static final class Client implements WebSocket.Listener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Client connect() throws Exception {
            Client c = new Client();
            URI uri = URI.create(ItSupport.base().toString().replace("http://", "ws://") + "/api/v2/connect");
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).get(10, TimeUnit.SECONDS);
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.completeExceptionally(error);
        }

        void send(Object msg) throws Exception {
            ws.sendText(msg instanceof String s ? s : JSON.writeValueAsString(msg), true).get(5, TimeUnit.SECONDS);
        }

        JsonNode await(String type, String key, String value) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                for (JsonNode m : messages) {
                    if (m.path("type").asText().equals(type) && (key == null || m.path(key).asText().equals(value))) {
                        return m;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no " + type + " message; got " + messages);
        }

        String stream(String name) {
            StringBuilder b = new StringBuilder();
            for (JsonNode m : messages) {
                if (m.path("type").asText().equals("data") && m.path("stream").asText().equals(name)) {
                    b.append(m.path("data").asText());
                }
            }
            return b.toString();
        }
    }

    static Map<String, Object> init(String code, Object... more) {
        Map<String, Object> m = new java.util.HashMap<>(PistonIT.exec("python", "*", List.of(Map.of("content", code)), more));
        m.put("type", "init");
        return m;
    }

    @Test
    void stdinIsEchoedAsItComes() throws Exception {
        Client c = Client.connect();
        c.send(init("import sys\nfor line in sys.stdin:\n    print('echo:' + line.strip(), flush=True)\n    if line.strip() == 'bye': break\n",
                "run_timeout", 20000));
        JsonNode rt = c.await("runtime", null, null);
        assertEquals("python", rt.path("language").asText());
        c.await("stage", "stage", "run");
        c.send(Map.of("type", "data", "stream", "stdin", "data", "hello\n"));
        long t0 = System.nanoTime();
        while (!c.stream("stdout").contains("echo:hello\n") && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
            Thread.sleep(10);
        }
        assertEquals("echo:hello\n", c.stream("stdout"), "the answer comes before the next input: " + c.messages);
        c.send(Map.of("type", "data", "stream", "stdin", "data", "bye\n"));
        JsonNode exit = c.await("exit", "stage", "run");
        assertEquals(0, exit.path("code").asInt(), exit::toString);
        assertEquals(4999, c.closed.get(30, TimeUnit.SECONDS));
        assertEquals("echo:hello\necho:bye\n", c.stream("stdout"));
    }

    @Test
    void idleClientDoesNotExtendTheWallTime() throws Exception {
        Client c = Client.connect();
        long t0 = System.nanoTime();
        c.send(init("import sys\nprint('waiting', flush=True)\nsys.stdin.read()\n", "run_timeout", 4000));
        JsonNode exit = c.await("exit", "stage", "run");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("SIGKILL", exit.path("signal").asText(), exit::toString);
        assertEquals("wall_time", exit.path("kerat_termination").asText(), exit::toString);
        assertTrue(ms >= 4000 && ms < 20000, "ended after " + ms + " ms");
        assertEquals(4999, c.closed.get(30, TimeUnit.SECONDS));
        assertEquals("waiting\n", c.stream("stdout"));
    }

    @Test
    void disconnectMidRunLeavesNothing() throws Exception {
        Client c = Client.connect();
        c.send(init("import time\nprint('started', flush=True)\ntime.sleep(60)\n", "run_timeout", 30000));
        while (!c.stream("stdout").contains("started")) {
            Thread.sleep(20);
        }
        long t0 = System.nanoTime();
        c.ws.abort(); // the TCP connection goes away without a close handshake
        while (kerat.admission().active() > 0 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
            Thread.sleep(20);
        }
        // the run's own limit is 30 s: over before that means the disconnect cancelled it
        assertEquals(0, kerat.admission().active(), "the run was not cancelled");
        System.out.println("disconnect to run ended: " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        ItSupport.assertNothingLeft();
    }

    @Test
    void theUpgradeNeedsTheTokenWhereOneIsSet() throws Exception {
        String token = "piston-secret-9f2e";
        try (SpawnedDaemon d = SpawnedDaemon.start("piston-token",
                Map.of("KERAT_REQUIRE_TOKEN", "true", "KERAT_TOKEN", token))) {
            URI uri = URI.create(d.base.toString().replace("http://", "ws://") + "/api/v2/connect");
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Client())
                            .get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException h
                    && h.getResponse().statusCode() == 401, e::toString);
            Client c = new Client();
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(uri, c).get(10, TimeUnit.SECONDS);
            c.send(init("print('with token')"));
            c.await("exit", "stage", "run");
            assertEquals(4999, c.closed.get(60, TimeUnit.SECONDS));
            assertEquals("with token\n", c.stream("stdout"));
        }
    }

    @Test
    void floodedStdinIsBoundedAndTheRunStillEnds() throws Exception {
        Client c = Client.connect();
        c.send(init("import time\ntime.sleep(3)\nprint('done', flush=True)\n", "run_timeout", 6000));
        c.await("stage", "stage", "run");
        String chunk = "x".repeat(64 * 1024);
        long sent = 0;
        long t0 = System.nanoTime();
        // the program reads nothing: past 1 MiB pending the daemon stops reading, so sends stall, not memory grows
        while (sent < 64L * 1024 * 1024 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2)) {
            try {
                c.ws.sendText(JSON.writeValueAsString(Map.of("type", "data", "stream", "stdin", "data", chunk)), true)
                        .get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stalled) {
                break;
            }
            sent += chunk.length();
        }
        assertTrue(sent < 32L * 1024 * 1024, "the daemon took " + sent + " bytes of stdin the program never read");
        c.await("exit", "stage", "run");
        assertEquals("done\n", c.stream("stdout"));
    }

    @Test
    void noInitWithinOneSecondIs4001() throws Exception {
        Client c = Client.connect();
        long t0 = System.nanoTime();
        assertEquals(4001, c.closed.get(10, TimeUnit.SECONDS));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 900 && ms < 3000, "closed after " + ms + " ms");
    }

    @Test
    void protocolErrorsCloseWithPistonsCodes() throws Exception {
        Client bad = Client.connect();
        bad.send("{not json");
        assertEquals(4002, bad.closed.get(10, TimeUnit.SECONDS));
        assertTrue(bad.await("error", null, null).path("message").asText().length() > 0);

        Client early = Client.connect();
        early.send(Map.of("type", "data", "stream", "stdin", "data", "x"));
        assertEquals(4003, early.closed.get(10, TimeUnit.SECONDS));

        Client unknown = Client.connect();
        unknown.send(Map.of("type", "init", "language", "cobol", "version", "*", "files", List.of(Map.of("content", ""))));
        assertEquals(4002, unknown.closed.get(10, TimeUnit.SECONDS));
        assertEquals("cobol-* runtime is unknown", unknown.await("error", null, null).path("message").asText());

        Client twice = Client.connect();
        twice.send(init("import time\ntime.sleep(5)\n", "run_timeout", 10000));
        twice.send(init("print(1)"));
        assertEquals(4000, twice.closed.get(10, TimeUnit.SECONDS));

        Client stdout = Client.connect();
        stdout.send(init("import time\ntime.sleep(5)\n", "run_timeout", 10000));
        stdout.send(Map.of("type", "data", "stream", "stdout", "data", "x"));
        assertEquals(4004, stdout.closed.get(10, TimeUnit.SECONDS));

        Client sig = Client.connect();
        sig.send(init("import time\ntime.sleep(5)\n", "run_timeout", 10000));
        sig.send(Map.of("type", "signal", "signal", "SIGNOPE"));
        assertEquals(4005, sig.closed.get(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        while (kerat.admission().active() > 0 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
            Thread.sleep(20);
        }
        assertEquals(0, kerat.admission().active());
    }
}
