package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: Piston's v2 execute and runtimes, with real runsc (python and c). */
class PistonIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python", "c");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    static Map<String, Object> exec(String language, String version, Object files, Object... more) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("language", language);
        m.put("version", version);
        m.put("files", files);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    static ItSupport.Reply execute(Map<String, Object> body) throws Exception {
        return ItSupport.post("/api/v2/execute", body);
    }

    @Test
    void runtimesListPistonNamesWithVersions() throws Exception {
        for (String path : List.of("/api/v2/runtimes", "/api/v2/piston/runtimes")) {
            ItSupport.Reply r = ItSupport.get(path);
            assertEquals(200, r.status(), path);
            JsonNode py = null;
            JsonNode c = null;
            for (JsonNode n : r.body()) {
                if (n.path("language").asText().equals("python")) {
                    py = n;
                }
                if (n.path("language").asText().equals("c")) {
                    c = n;
                }
            }
            assertTrue(py != null && c != null, r.body()::toString);
            assertTrue(py.path("version").asText().matches("3\\.\\d+\\.\\d+.*"), py::toString);
            List<String> aliases = JSON.convertValue(py.path("aliases"), List.class);
            assertTrue(aliases.containsAll(List.of("py", "py3", "python3")), py::toString);
            assertFalse(py.has("runtime"), py::toString);
            assertEquals("gcc", c.path("runtime").asText(), c::toString);
        }
        JsonNode doc = ItSupport.get("/api/v1/openapi.json").body();
        for (String p : List.of("/api/v2/runtimes", "/api/v2/execute", "/api/v2/connect")) {
            assertTrue(doc.path("paths").has(p), p);
        }
        ItSupport.Reply plainGet = ItSupport.get("/api/v2/connect");
        assertEquals(400, plainGet.status());
        assertTrue(plainGet.body().path("message").asText().contains("WebSocket"), plainGet.body()::toString);
    }

    @Test
    void pythonHelloAsPistonAnswers() throws Exception {
        ItSupport.Reply r = execute(exec("python", "*", List.of(Map.of("content", "print('hello')"))));
        assertEquals(200, r.status(), r.body()::toString);
        JsonNode b = r.body();
        assertEquals("python", b.path("language").asText());
        assertTrue(b.path("version").asText().startsWith("3."), b::toString);
        assertFalse(b.has("compile"), b::toString);
        JsonNode run = b.path("run");
        assertEquals("hello\n", run.path("stdout").asText());
        assertEquals("", run.path("stderr").asText());
        assertEquals("hello\n", run.path("output").asText());
        assertEquals(0, run.path("code").asInt(), b::toString);
        assertTrue(run.path("signal").isNull() && run.path("status").isNull() && run.path("message").isNull(), b::toString);
        assertTrue(run.path("wall_time").asLong() > 0 && run.path("memory").asLong() > 0, b::toString);
        assertTrue(run.has("cpu_time"), b::toString);
        assertEquals("ok", run.path("kerat_status").asText());
    }

    @Test
    void filesStdinArgsEncodingsAndInterleavedOutput() throws Exception {
        String main = String.join("\n",
                "import sys, time, helper",
                "print('out1', flush=True)",
                "time.sleep(0.15)",  // two pipes: writes closer than the reader's look may come stdout first
                "print('err1', file=sys.stderr, flush=True)",
                "time.sleep(0.15)",
                "print(helper.NAME, sys.stdin.read().strip(), ' '.join(sys.argv[1:]), flush=True)",
                "print(open('data.bin','rb').read().hex(), flush=True)");
        List<Map<String, String>> files = List.of(
                Map.of("name", "main.py", "content", main),
                Map.of("name", "helper.py", "content", Base64.getEncoder().encodeToString(
                        "NAME = 'helper'\n".getBytes(StandardCharsets.UTF_8)), "encoding", "base64"),
                Map.of("name", "data.bin", "content", HexFormat.of().formatHex(new byte[] {0, 1, (byte) 0xfe}),
                        "encoding", "hex"));
        ItSupport.Reply r = execute(exec("py", "3.x", files, "stdin", "from stdin", "args", List.of("a", "b c")));
        assertEquals(200, r.status(), r.body()::toString);
        JsonNode run = r.body().path("run");
        assertEquals("out1\nhelper from stdin a b c\n0001fe\n", run.path("stdout").asText(), r.body()::toString);
        assertEquals("err1\n", run.path("stderr").asText());
        assertEquals("out1\nerr1\nhelper from stdin a b c\n0001fe\n", run.path("output").asText(), "arrival order");
        ItSupport.Reply range = execute(exec("python", ">=3.0.0 <99", List.of(Map.of("content", "print(1)"))));
        assertEquals(200, range.status(), range.body()::toString);
        assertEquals(range.body().path("version").asText(), r.body().path("version").asText());
    }

    @Test
    void compiledLanguageAndCompileError() throws Exception {
        String ok = "#include <stdio.h>\nint main(int c, char **v){ printf(\"%d %s\\n\", c, v[1]); return 3; }\n";
        ItSupport.Reply r = execute(exec("c", "*", List.of(Map.of("name", "main.c", "content", ok)),
                "args", List.of("x")));
        assertEquals(200, r.status(), r.body()::toString);
        JsonNode b = r.body();
        assertEquals(0, b.path("compile").path("code").asInt(), b::toString);
        assertEquals("2 x\n", b.path("run").path("stdout").asText(), b::toString);
        assertEquals(3, b.path("run").path("code").asInt());
        assertEquals("RE", b.path("run").path("status").asText());
        assertEquals("Exited with error status 3", b.path("run").path("message").asText());

        ItSupport.Reply bad = execute(exec("c", "*", List.of(Map.of("content", "int main( { return 0; }\n"))));
        assertEquals(200, bad.status(), bad.body()::toString);
        JsonNode c = bad.body().path("compile");
        assertTrue(c.path("code").asInt() != 0, bad.body()::toString);
        assertEquals("RE", c.path("status").asText(), bad.body()::toString);
        assertTrue(c.path("stderr").asText().contains("error") || c.path("stdout").asText().contains("error"),
                bad.body()::toString);
        assertEquals(c, bad.body().path("run"), "a failed compile: run is a copy of compile");
    }

    @Test
    void runTimeoutIsToWithSigkill() throws Exception {
        ItSupport.Reply r = execute(exec("python", "*", List.of(Map.of("content", "while True: pass")),
                "run_timeout", 700, "run_cpu_time", 5000));
        assertEquals(200, r.status(), r.body()::toString);
        JsonNode run = r.body().path("run");
        assertEquals("TO", run.path("status").asText(), r.body()::toString);
        assertEquals("SIGKILL", run.path("signal").asText());
        assertTrue(run.path("code").isNull());
        assertEquals("time_limit", run.path("kerat_status").asText());
        long wall = run.path("wall_time").asLong();
        assertTrue(wall >= 700 && wall < 5000, "wall " + wall);
    }

    @Test
    void memoryLimitIsKeratsVerdict() throws Exception {
        ItSupport.Reply r = execute(exec("python", "*",
                List.of(Map.of("content", "x = bytearray(300 * 1024 * 1024)\nprint(len(x))")),
                "run_memory_limit", 64L * 1024 * 1024));
        assertEquals(200, r.status(), r.body()::toString);
        JsonNode run = r.body().path("run");
        assertEquals("memory_limit", run.path("kerat_status").asText(), r.body()::toString);
        assertEquals("SG", run.path("status").asText());
        assertEquals("SIGKILL", run.path("signal").asText());
    }

    @Test
    void errorsAreWordedAsPistonWords() throws Exception {
        assertMessage(execute(exec("python", "1.2.3", List.of(Map.of("content", "")))), "python-1.2.3 runtime is unknown");
        assertMessage(execute(exec("brainfudge", "*", List.of(Map.of("content", "")))), "brainfudge-* runtime is unknown");
        assertMessage(ItSupport.post("/api/v2/execute", Map.of("language", "python", "files", List.of())),
                "version is required as a string");
        assertMessage(ItSupport.post("/api/v2/execute", Map.of("version", "*")), "language is required as a string");
        assertMessage(ItSupport.post("/api/v2/execute", Map.of("language", "python", "version", "*")),
                "files is required as an array");
        assertMessage(execute(exec("python", "*", List.of(Map.of("name", "a.py")))), "files[0].content is required as a string");
        assertMessage(execute(exec("python", "*", List.of(Map.of("content", "AA==", "encoding", "base64")))),
                "files must include at least one utf8 encoded file");
        long max = ItSupport.settings().limitsFor("python", "run").maximum().wallTimeMs();
        assertMessage(execute(exec("python", "*", List.of(Map.of("content", "")), "run_timeout", max + 1)),
                "run_timeout cannot exceed the configured limit of " + max);
        assertMessage(execute(exec("python", "*", List.of(Map.of("content", "")), "compile_memory_limit", "lots")),
                "If specified, compile_memory_limit must be a number");
        assertMessage(execute(exec("python", "*", List.of(Map.of("content", "")), "run_cpu_time", -5)),
                "run_cpu_time must be non-negative");
        ItSupport.Reply notJson = ItSupport.post("/api/v2/execute", "{not json");
        assertEquals(400, notJson.status());
        assertTrue(notJson.body().path("message").asText().startsWith("the body is not valid JSON"), notJson.body()::toString);
    }

    private static void assertMessage(ItSupport.Reply r, String message) {
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals(message, r.body().path("message").asText(), r.body()::toString);
        assertEquals(1, r.body().size(), r.body()::toString);
    }

    @Test
    void minusOneIsTheAdminMaximumAndAnyContentTypeIsJson() throws Exception {
        String body = JSON.writeValueAsString(exec("python", "*", List.of(Map.of("content", "print(2)")),
                "run_memory_limit", -1, "compile_memory_limit", -1, "run_timeout", 3000, "compile_timeout", 10000));
        ItSupport.Reply r = ItSupport.send(HttpRequest.newBuilder(ItSupport.base().resolve("/api/v2/execute"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, r.status(), r.body()::toString);
        assertEquals("2\n", r.body().path("run").path("stdout").asText());
    }

    @Test
    void theOrderHoldsWithAWarmPoolOn() throws Exception {
        long before = ItSupport.enablePool("python", 1);
        try {
            ItSupport.Reply r = execute(exec("python", "*", List.of(Map.of("content", String.join("\n",
                    "import sys, time",
                    "print('o1', flush=True)",
                    "time.sleep(0.15)",
                    "print('e1', file=sys.stderr, flush=True)",
                    "time.sleep(0.15)",
                    "print('o2', flush=True)")))));
            assertEquals(200, r.status(), r.body()::toString);
            assertEquals("o1\ne1\no2\n", r.body().path("run").path("output").asText(), r.body()::toString);
        } finally {
            // a stage whose order matters reads both pipes from one thread from its start: it runs cold
            ItSupport.disablePool("python", before, 0);
        }
    }

    @Test
    void unixSocket() throws Exception {
        ItSupport.Reply r = ItSupport.postUnix("/api/v2/execute",
                exec("python3", "*", List.of(Map.of("content", "print('unix')"))));
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertEquals("unix\n", r.body().path("run").path("stdout").asText());
        assertNull(r.body().get("compile"));
    }
}
