package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import io.kerat.api.GoDurationParser;
import io.kerat.http.DialectRoutes;
import io.kerat.http.HttpServer;
import io.kerat.http.NativeRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.kerat.it.ItSupport.post;
import static io.kerat.it.ItSupport.postUnix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 4: the graders' dialects over TCP and the Unix socket, admission control, cancellation. */
class DialectsIT {

    static final String EXAMPLE = "def add(a, b):\n    return a + b\n";
    static final String EXAMPLE_WRONG = "def add(a, b):\n    return a - b\n";
    static final String TEST_EXAMPLE = String.join("\n",
            "import unittest",
            "from example import add",
            "",
            "class TestExample(unittest.TestCase):",
            "    def test_addition(self):",
            "        self.assertEqual(add(1, 2), 3)",
            "",
            "if __name__ == '__main__':",
            "    unittest.main()",
            "");

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python", "node");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    static Map<String, Object> keratSample(String example) {
        return Map.of("exercise_id", 1, "type", "python", "source", Map.of(
                "src", List.of(Map.of("filename", "example.py", "src", example)),
                "src_test", List.of(Map.of("filename", "test_example.py", "src", TEST_EXAMPLE))));
    }

    private static void checkPassing(JsonNode b) {
        assertTrue(b.path("success").asBoolean(), b::toString);
        assertEquals(1, b.path("output").size(), b::toString);
        JsonNode t = b.path("output").get(0);
        assertTrue(t.path("name").asText().contains("test_addition"), b::toString);
        assertTrue(t.path("passed").asBoolean());
        JsonNode m = b.path("metrics");
        assertEquals(0, m.path("exit_code").asInt(), b::toString);
        assertTrue(m.path("wall_time").isDouble() && m.path("wall_time").asDouble() > 0 && m.path("wall_time").asDouble() < 30);
        assertTrue(m.path("cpu_time").isIntegralNumber() && m.path("cpu_time").asLong() > 1_000_000, b::toString);
        assertTrue(m.path("memory").asLong() > 0);
    }

    @Test
    void keratReadmeSamplePassesOverTcpAndUnixSocket() throws Exception {
        ItSupport.Reply tcp = post("/submit", keratSample(EXAMPLE));
        assertEquals(200, tcp.status(), () -> String.valueOf(tcp.body()));
        checkPassing(tcp.body());
        ItSupport.Reply unix = postUnix("/submit", keratSample(EXAMPLE));
        assertEquals(200, unix.status(), () -> String.valueOf(unix.body()));
        checkPassing(unix.body());
    }

    @Test
    void keratLatestServerSpellingAndAnEmptySource() throws Exception {
        ItSupport.Reply r = post("/submit", keratSample(EXAMPLE));
        assertEquals(r.body().path("output"), r.body().path("tests"), r.body()::toString);
        assertEquals("", r.body().path("build").asText("missing"), r.body()::toString);
        // everything in the tests, source.src empty: the original accepts it, so does Kerat
        Map<String, Object> req = Map.of("exercise_id", 3, "type", "python", "source", Map.of(
                "src", List.of(),
                "src_test", List.of(Map.of("filename", "test_example.py",
                        "src", EXAMPLE + TEST_EXAMPLE.replace("from example import add\n", "")))));
        ItSupport.Reply e = post("/submit", req);
        assertEquals(200, e.status(), e.body()::toString);
        checkPassing(e.body());
        assertEquals(e.body().path("output"), e.body().path("tests"));
        Map<String, Object> nothing = Map.of("exercise_id", 4, "type", "python", "source", Map.of("src", List.of()));
        ItSupport.Reply n = post("/submit", nothing);
        assertEquals(400, n.status(), n.body()::toString);
        assertTrue(n.body().path("error").path("message").asText().contains("source.src"), n.body()::toString);
    }

    @Test
    void keratSampleFailsWithTheAssertionMessage() throws Exception {
        ItSupport.Reply r = post("/submit", keratSample(EXAMPLE_WRONG));
        assertEquals(200, r.status());
        JsonNode b = r.body();
        assertFalse(b.path("success").asBoolean(), b::toString);
        JsonNode t = b.path("output").get(0);
        assertTrue(t.path("name").asText().contains("test_addition"));
        assertFalse(t.path("passed").asBoolean());
        assertTrue(t.path("message").asText().contains("-1 != 3"), b::toString);
    }

    @Test
    void keratLaterSpellingAndStudentPrintsAndLimitsAre200() throws Exception {
        Map<String, Object> req = Map.of("id", "ex-7", "subtype", "python3", "source", Map.of(
                "src", List.of(Map.of("filename", "example.py", "src", "print('{\"success\": true}')\n" + EXAMPLE)),
                "src_test", List.of(Map.of("filename", "test_example.py", "src", TEST_EXAMPLE))));
        ItSupport.Reply r = post("/submit", req);
        assertEquals(200, r.status());
        checkPassing(r.body());

        Map<String, Object> slow = Map.of("exercise_id", 2, "type", "python", "source", Map.of(
                "src", List.of(Map.of("filename", "example.py", "src", "def add(a, b):\n    while True: pass\n")),
                "src_test", List.of(Map.of("filename", "test_example.py", "src", TEST_EXAMPLE))));
        ItSupport.Reply t = post("/submit", slow);
        assertEquals(200, t.status(), "the original answered 500 here");
        assertFalse(t.body().path("success").asBoolean());
        assertTrue(t.body().path("message").asText().startsWith("time limit exceeded"), t.body()::toString);
    }

    @Test
    void codeRacerReadmeSample() throws Exception {
        Map<String, Object> req = Map.of("language", "node", "entrypoint", "main.js",
                "files", List.of(Map.of("name", "main.js", "content", "console.log('Code Racer')")));
        for (ItSupport.Reply r : List.of(post("/api/v1/execute", req), postUnix("/api/v1/execute", req))) {
            assertEquals(200, r.status(), () -> String.valueOf(r.body()));
            JsonNode b = r.body();
            assertEquals("Code Racer\n", b.path("stdout").asText(), b::toString);
            assertEquals("", b.path("stderr").asText());
            long exec = GoDurationParser.parseNanos(b.path("executionTime").asText());
            long prep = GoDurationParser.parseNanos(b.path("preparationTime").asText());
            assertTrue(exec > 1_000_000 && exec < 10_000_000_000L, b::toString);
            assertTrue(prep >= 0 && prep < 10_000_000_000L, b::toString);
            assertTrue(b.path("executionTime").asText().matches("[0-9.]+(ms|s)"), b::toString);
        }
    }

    @Test
    void codeRacerPython3AndCompileErrors() throws Exception {
        Map<String, Object> req = Map.of("language", "python3", "entrypoint", "main.py",
                "files", List.of(Map.of("name", "main.py", "content", "print('Code Racer')")));
        ItSupport.Reply r = post("/api/v1/execute", req);
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        assertEquals("Code Racer\n", r.body().path("stdout").asText());
    }

    @Test
    void codeRacerMissingOrUnknownEntrypointIs400() throws Exception {
        ItSupport.Reply none = post("/api/v1/execute", Map.of("language", "python", "files",
                List.of(Map.of("name", "main.py", "content", "print(1)"))));
        assertEquals(400, none.status());
        assertEquals("invalid_entrypoint", none.body().path("error").path("code").asText());
        ItSupport.Reply unknown = post("/api/v1/execute", Map.of("language", "python", "entrypoint", "nope.py",
                "files", List.of(Map.of("name", "main.py", "content", "print(1)"))));
        assertEquals(400, unknown.status());
        assertEquals("invalid_entrypoint", unknown.body().path("error").path("code").asText());
    }

    @Test
    void runtimesAndOpenApiServeAllDialects() throws Exception {
        ItSupport.Reply rt = ItSupport.get("/api/v1/runtimes");
        assertEquals(200, rt.status());
        boolean python = false;
        for (JsonNode r : rt.body()) {
            assertTrue(r.has("language") && r.has("version") && r.has("aliases"));
            python |= r.path("language").asText().equals("python") && r.path("version").asText().startsWith("3.");
        }
        assertTrue(python, rt.body()::toString);
        ItSupport.Reply doc = ItSupport.get("/api/v1/openapi.json");
        assertEquals(200, doc.status());
        assertTrue(doc.body().path("openapi").asText().startsWith("3."));
        for (String p : List.of("/api/v1/runs", "/submit", "/api/v1/execute", "/api/v1/runtimes", "/api/v1/health")) {
            assertTrue(doc.body().path("paths").has(p), p);
        }
        assertEquals(200, ItSupport.get("/api/v1/health").status());
    }

    @Test
    void burstBeyondTheQueueGets503WhileAcceptedRunsComplete() throws Exception {
        Kerat main = ItSupport.daemon();
        // a second daemon on the same data dir with room for 1 running + 1 queued
        try (Kerat small = new Kerat(main.settings().withAdmission(1, 1).withCgroupParent(ItSupport.CGROUP_PARENT + "-small"));
             HttpServer server = new HttpServer(List.of(new NativeRoutes(small), new DialectRoutes(small)), 1 << 20)) {
            InetSocketAddress a = server.bind("127.0.0.1", 0, null);
            URI uri = URI.create("http://127.0.0.1:" + a.getPort() + "/api/v1/runs");
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String body = "{\"language\":\"python\",\"files\":[{\"name\":\"m.py\",\"content\":\"import time; time.sleep(0.5); print(" + i + ")\"}]}";
                calls.add(client.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()));
                Thread.sleep(30);
            }
            int ok = 0;
            int rejected = 0;
            for (int i = 0; i < calls.size(); i++) {
                HttpResponse<String> r = calls.get(i).get();
                if (r.statusCode() == 503) {
                    rejected++;
                    assertTrue(r.headers().firstValue("Retry-After").isPresent());
                    assertTrue(r.body().contains("queue_full"), r.body());
                } else {
                    assertEquals(200, r.statusCode(), r.body());
                    assertTrue(r.body().contains("\"stdout\":\"" + i + "\\n\""), r.body());
                    ok++;
                }
            }
            assertTrue(ok >= 2, "accepted " + ok);
            assertTrue(rejected >= 1, "rejected " + rejected);
            assertEquals(List.of(), small.cgroups().children());
        }
    }

    @Test
    void clientThatDisconnectsKillsItsSandbox() throws Exception {
        String body = "{\"language\":\"python\",\"limits\":{\"wall_time_ms\":30000},\"files\":[{\"name\":\"m.py\",\"content\":\"import time\\nwhile True: time.sleep(1)\"}]}";
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        long t0;
        try (Socket s = new Socket("127.0.0.1", ItSupport.base().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + payload.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            Thread.sleep(1500);
            assertFalse(ItSupport.daemon().cgroups().children().isEmpty(), "the sandbox should be running");
            t0 = System.nanoTime();
        }
        while (!ItSupport.daemon().cgroups().children().isEmpty() && System.nanoTime() - t0 < 10_000_000_000L) {
            Thread.sleep(50);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ItSupport.daemon().cgroups().children().isEmpty(), "sandbox still running after disconnect");
        assertTrue(ms < 5000, "took " + ms + " ms to stop");
    }

    @Test
    void aListenerWithATokenRefusesRequestsWithoutIt() throws Exception {
        Kerat main = ItSupport.daemon();
        try (HttpServer server = new HttpServer(List.of(new NativeRoutes(main), new DialectRoutes(main)), 1 << 20)) {
            InetSocketAddress a = server.bind("127.0.0.1", 0, "s3cret-token");
            URI base = URI.create("http://127.0.0.1:" + a.getPort());
            String body = "{\"language\":\"python\",\"files\":[{\"name\":\"m.py\",\"content\":\"print(5)\"}]}";
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> none = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/runs"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, none.statusCode(), none.body());
            assertTrue(none.body().contains("unauthorized"));
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(base.resolve("/submit"))
                    .header("Authorization", "Bearer nope").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode());
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/runs"))
                    .header("Authorization", "Bearer s3cret-token").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"stdout\":\"5\\n\""), ok.body());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "health stays open for probes");
        }
    }
}
