package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.Kerat;
import io.kerat.api.judge0.Judge0Options;
import io.kerat.http.HttpServer;
import io.kerat.http.Judge0Routes;
import io.kerat.http.NativeRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: Judge0 CE 1.13's API with real runsc, python and C, over TCP and the Unix socket. */
class Judge0IT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Path SOCKET = Path.of("/run/kerat-test/" + ItSupport.CGROUP_PARENT + "-judge0.sock");
    static HttpServer server;
    static URI base;
    static URI withToken;

    @BeforeAll
    static void start() throws Exception {
        Kerat k = ItSupport.daemon("python", "c", "cpp");
        server = new HttpServer(List.of(new Judge0Routes(k, Judge0Options.defaults(), null), new NativeRoutes(k)),
                k.settings().maxRequestBytes());
        InetSocketAddress a = server.bind("127.0.0.1", 0, null);
        base = URI.create("http://127.0.0.1:" + a.getPort());
        InetSocketAddress b = server.bind("127.0.0.1", 0, "judge0-secret");
        withToken = URI.create("http://127.0.0.1:" + b.getPort());
        Files.createDirectories(SOCKET.getParent());
        server.bindUnix(SOCKET, "root");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        ItSupport.assertNothingLeft();
    }

    record Reply(int status, JsonNode body) {
    }

    static Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    static Reply post(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    static Reply send(HttpRequest req) throws Exception {
        HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    static Map<String, Object> sub(int language, String source, Object... more) {
        Map<String, Object> m = new HashMap<>();
        m.put("language_id", language);
        m.put("source_code", source);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    /** POST ?wait=true: answers 201 with the result. */
    static JsonNode run(Map<String, Object> sub, String query) throws Exception {
        Reply r = post("/submissions?wait=true" + query, sub);
        assertEquals(201, r.status(), () -> String.valueOf(r.body()));
        return r.body();
    }

    static JsonNode run(Map<String, Object> sub) throws Exception {
        return run(sub, "");
    }

    static void assertStatus(int id, JsonNode r) {
        assertEquals(id, r.path("status").path("id").asInt(), r::toString);
    }

    @Test
    void languagesStatusesAndInfo() throws Exception {
        Reply langs = get("/languages");
        assertEquals(200, langs.status());
        Map<Integer, String> byId = new HashMap<>();
        langs.body().forEach(l -> byId.put(l.path("id").asInt(), l.path("name").asText()));
        assertTrue(byId.get(71).matches("Python \\(3\\.[0-9]+\\.[0-9]+\\)"), byId::toString);
        assertTrue(byId.get(50).matches("C \\(GCC [0-9.]+\\)"), byId::toString);
        assertEquals(2, langs.body().get(0).size(), "only id and name, as Judge0");
        JsonNode py = get("/languages/71").body();
        assertEquals("script.py", py.path("source_file").asText());
        assertFalse(py.path("is_archived").asBoolean());
        assertTrue(py.has("compile_cmd") && py.path("compile_cmd").isNull());
        assertTrue(py.path("run_cmd").asText().contains("script.py"));
        assertEquals("main.c", get("/languages/50").body().path("source_file").asText());
        Reply none = get("/languages/9999");
        assertEquals(404, none.status());
        assertTrue(none.body().path("error").isTextual());
        assertTrue(get("/languages/all").body().get(0).has("is_archived"));
        JsonNode statuses = get("/statuses").body();
        assertEquals(14, statuses.size());
        assertEquals("Runtime Error (SIGSEGV)", statuses.get(6).path("description").asText());
        assertEquals("Exec Format Error", statuses.get(13).path("description").asText());
        JsonNode config = get("/config_info").body();
        assertEquals(3.0, config.path("cpu_time_limit").asDouble()); // Kerat's run default, 3000 ms
        assertEquals(262144, config.path("memory_limit").asLong()); // 256 MiB in KB
        assertEquals(20, config.path("max_submission_batch_size").asInt());
        assertFalse(config.path("enable_submission_delete").asBoolean());
        assertEquals("1.13.1", get("/about").body().path("version").asText());
        assertTrue(get("/system_info").body().has("CPU(s)"));
        assertEquals(1, get("/workers").body().size());
        JsonNode doc = ItSupport.get("/api/v1/openapi.json").body().path("paths");
        for (String p : List.of("/languages", "/languages/{id}", "/statuses", "/config_info", "/submissions",
                "/submissions/{token}", "/submissions/batch")) {
            assertTrue(doc.has(p), "the OpenAPI document describes " + p);
        }
    }

    @Test
    void acceptedAndWrongAnswerWithJudge0sComparison() throws Exception {
        String echo = "print(input())\nprint('  x  ')\n";
        JsonNode ok = run(sub(71, echo, "stdin", "hi", "expected_output", "hi\n  x\n\n"));
        assertStatus(3, ok);
        assertEquals("hi\n  x  \n", ok.path("stdout").asText());
        assertTrue(ok.path("time").isTextual() && ok.path("time").asText().matches("[0-9]+\\.[0-9]{3}"), ok::toString);
        assertTrue(ok.path("memory").asLong() > 0, ok::toString);
        assertTrue(ok.path("token").isTextual());
        assertEquals(List.of("token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"),
                iterate(ok.fieldNames()));
        // leading whitespace counts for Judge0
        assertStatus(4, run(sub(71, echo, "stdin", "hi", "expected_output", "hi\nx\n")));
    }

    static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void runtimeErrorsAndTimeLimitMapOntoJudge0Ids() throws Exception {
        JsonNode nzec = run(sub(71, "import sys\nprint('bye', file=sys.stderr)\nsys.exit(3)\n"), "&fields=*");
        assertStatus(11, nzec);
        assertEquals(3, nzec.path("exit_code").asInt());
        assertEquals("bye\n", nzec.path("stderr").asText());
        assertEquals("Exited with error status 3", nzec.path("message").asText());
        assertFalse(nzec.has("kerat_verdict"), "never in fields=*");
        JsonNode tle = run(sub(71, "while True:\n    pass\n", "cpu_time_limit", 1, "wall_time_limit", 5));
        assertStatus(5, tle);
        assertStatus(7, run(sub(50, "int main(void){ volatile int *p = 0; *p = 1; return 0; }")));
        // an integer division by zero does not trap under this CI's emulated CPU (gVisor on QEMU TCG prints 0), so the
        // signal is raised: the mapping of a real SIGFPE is what is tested
        assertStatus(9, run(sub(50, "#include <signal.h>\nint main(void){ raise(SIGFPE); return 0; }")));
        assertStatus(10, run(sub(50, "#include <stdlib.h>\nint main(void){ abort(); }")));
        JsonNode xfsz = run(sub(50, "#include <stdio.h>\nint main(void){ FILE *f = fopen(\"big\", \"w\");"
                + " static char b[65536]; for (int i = 0; i < 64; i++) fwrite(b, 1, sizeof b, f); fclose(f); return 0; }",
                "max_file_size", 1024), "&fields=status,exit_signal,kerat_verdict");
        assertStatus(8, xfsz);
        assertEquals(25, xfsz.path("exit_signal").asInt(), xfsz::toString);
        JsonNode ce = run(sub(50, "int main(void){ return nope; }"), "&fields=status,compile_output,stdout,time");
        assertStatus(6, ce);
        assertTrue(ce.path("compile_output").asText().contains("nope"), ce::toString);
        assertTrue(ce.path("time").isNull());
        JsonNode mem = run(sub(71, "x = bytearray(200 * 1024 * 1024)\nprint(len(x))\n", "memory_limit", 65536),
                "&fields=status,kerat_verdict,message");
        assertEquals("memory_limit", mem.path("kerat_verdict").asText(), mem::toString);
        assertStatus(12, mem);
    }

    @Test
    void base64BothWaysAndFieldSelection() throws Exception {
        String src = Base64.getEncoder().encodeToString("print(input()[::-1])\n".getBytes(StandardCharsets.UTF_8));
        String in = Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8));
        JsonNode r = run(sub(71, src, "stdin", in), "&base64_encoded=true&fields=stdout,source_code,status_id,language");
        assertEquals(3, r.path("status_id").asInt());
        assertEquals("olléh\n", new String(Base64.getMimeDecoder().decode(r.path("stdout").asText()), StandardCharsets.UTF_8));
        assertEquals(src, r.path("source_code").asText());
        assertEquals(71, r.path("language").path("id").asInt());
        assertEquals(4, r.size());
        // plain text without base64_encoded
        JsonNode plain = run(sub(71, "print('plain')"), "&base64_encoded=false&fields=stdout");
        assertEquals("plain\n", plain.path("stdout").asText());
        Reply bad = post("/submissions?wait=true&fields=stdout,nope", sub(71, "print(1)"));
        assertEquals(400, bad.status());
        assertEquals("invalid fields: [nope]", bad.body().path("error").asText());
        Reply notB64 = post("/submissions?wait=true&base64_encoded=true", sub(71, "print(1) %%%"));
        assertEquals(422, notB64.status(), notB64::toString);
        assertTrue(notB64.body().has("source_code"));
    }

    /**
     * The C++ image carries {@code <bits/stdc++.h>} precompiled with compile.sh's own flags (runners/cpp/image-setup.sh):
     * used as is, and never where other options would make it mean something else. With {@code -D_GLIBCXX_DEBUG}
     * GCC must read the real header (libstdc++'s debug mode: a checked operator[] that aborts), not the PCH.
     */
    @Test
    void precompiledStandardHeadersNeverChangeWhatAProgramMeans() throws Exception {
        JsonNode plain = run(sub(54, "#include <bits/stdc++.h>\nusing namespace std;\n"
                + "int main() { vector<int> v{1, 2, 3}; cout << accumulate(v.begin(), v.end(), 0) << endl; }\n"));
        assertStatus(3, plain);
        assertEquals("6\n", plain.path("stdout").asText(), plain::toString);
        JsonNode debug = run(sub(54, "#include <bits/stdc++.h>\n"
                + "int main() { std::vector<int> v(1); std::cout << v.size() << std::endl; return v[5]; }\n",
                "compiler_options", "-D_GLIBCXX_DEBUG"));
        assertTrue(debug.path("stderr").asText().contains("out-of-bounds"), debug::toString);
        assertEquals("1\n", debug.path("stdout").asText(), debug::toString);
        // std::format and the image's <format> overlay (runners/cpp/image-setup.sh): a -D that the precompiled
        // <bits/stdc++.h> does not look at keeps it (built with the overlay: vformat is then linked from
        // libkerat_format.a); -std=c++23 reads the real headers and vformat is the header's inline one
        JsonNode local = run(sub(54, "#include <bits/stdc++.h>\n"
                + "int main() { std::cout << std::format(\"{:>3}\", LOCAL) << std::endl; }\n",
                "compiler_options", "-DLOCAL=7"));
        assertStatus(3, local);
        assertEquals("  7\n", local.path("stdout").asText(), local::toString);
        JsonNode cpp23 = run(sub(54, "#include <bits/stdc++.h>\nint main() { std::println(\"{:>3}\", 8); }\n",
                "compiler_options", "-std=c++23"));
        assertStatus(3, cpp23);
        assertEquals("  8\n", cpp23.path("stdout").asText(), cpp23::toString);
    }

    @Test
    void optionsArgumentsRunsAndAdditionalFiles() throws Exception {
        JsonNode args = run(sub(71, "import sys\nprint(sys.argv[1:])\n", "command_line_arguments", "a \"b c\" 'd e' $HOME"));
        assertEquals("['a', 'b c', 'd e', '$HOME']\n", args.path("stdout").asText(), args::toString);
        JsonNode opts = run(sub(50, "#include <stdio.h>\nint main(void){ printf(\"%d\\n\", ANSWER); return 0; }",
                "compiler_options", "-O0 -DANSWER=42 -std=c11"));
        assertStatus(3, opts);
        assertEquals("42\n", opts.path("stdout").asText());
        JsonNode redirect = run(sub(71, "import sys\nprint('out')\nsys.stdout.flush()\nprint('err', file=sys.stderr)\n",
                "redirect_stderr_to_stdout", true));
        assertEquals("out\nerr\n", redirect.path("stdout").asText(), redirect::toString);
        assertTrue(redirect.path("stderr").isNull());
        JsonNode runs = run(sub(71, "print(input())", "stdin", "x", "number_of_runs", 3, "expected_output", "x"),
                "&fields=status,time,wall_time,number_of_runs");
        assertStatus(3, runs);
        assertEquals(3, runs.path("number_of_runs").asInt());
        assertTrue(Double.parseDouble(runs.path("wall_time").asText()) > 0, runs::toString);
        String zip = zip(Map.of("helper.py", "def greet():\n    return 'from the zip'\n", "data/in.txt", "data\n"));
        JsonNode files = run(sub(71, "import helper\nprint(helper.greet())\nprint(open('data/in.txt').read().strip())\n",
                "additional_files", zip));
        assertStatus(3, files);
        assertEquals("from the zip\ndata\n", files.path("stdout").asText(), files::toString);
    }

    /** The file that carries compiler_options (optionsArgumentsRunsAndAdditionalFiles) is the daemon's alone. */
    @Test
    void noOtherDialectMaySendTheCompilerOptionsFile() throws Exception {
        Reply smuggled = post("/api/v1/runs", Map.of("language", "c", "files", List.of(
                Map.of("name", "main.c", "content", "int main(void){ return 0; }"),
                Map.of("name", ".kerat-compiler-options", "content", "-fplugin=/tmp/x.so\n"))));
        assertEquals(400, smuggled.status(), () -> String.valueOf(smuggled.body()));
        assertEquals("invalid_file_name", smuggled.body().path("error").path("code").asText());
        assertTrue(smuggled.body().path("error").path("message").asText().contains("reserved"), smuggled.body()::toString);
        Reply zipped = post("/submissions?wait=true", sub(50, "int main(void){ return 0; }", "additional_files",
                zip(Map.of("sub/.kerat-compiler-options", "-fplugin=/tmp/x.so\n"))));
        assertEquals(422, zipped.status());
        assertTrue(zipped.body().path("additional_files").get(0).asText().contains("reserved"), zipped.body()::toString);
    }

    @Test
    void refusalsAre422WithJudge0sShape() throws Exception {
        Reply noLang = post("/submissions?wait=true", Map.of("source_code", "print(1)"));
        assertEquals(422, noLang.status());
        assertEquals("can't be blank", noLang.body().path("language_id").get(0).asText());
        Reply unknown = post("/submissions?wait=true", sub(9999, "x"));
        assertEquals(422, unknown.status());
        assertEquals("language with id 9999 doesn't exist", unknown.body().path("language_id").get(0).asText());
        Reply tooLong = post("/submissions?wait=true", sub(71, "print(1)", "cpu_time_limit", 1000, "memory_limit", 1));
        assertEquals(422, tooLong.status());
        assertTrue(tooLong.body().path("cpu_time_limit").get(0).asText().startsWith("must be less than or equal to"));
        assertTrue(tooLong.body().has("memory_limit"));
        Reply opts = post("/submissions?wait=true", sub(50, "int main(){}", "compiler_options", "-fplugin=/tmp/x.so"));
        assertEquals(422, opts.status());
        assertTrue(opts.body().has("compiler_options"));
        assertEquals(422, post("/submissions?wait=true", sub(71, "print(1)", "compiler_options", "-O2")).status());
        Reply evil = post("/submissions?wait=true", sub(71, "print(1)", "additional_files", zip(Map.of("../evil.py", "x"))));
        assertEquals(422, evil.status());
        assertTrue(evil.body().path("additional_files").get(0).asText().contains(".."), evil::toString);
        // a zip bomb: 32 MiB of zeros deflate to ~32 KiB, and stop at max_file_bytes (4 MiB) as inflated
        Reply bomb = post("/submissions?wait=true", sub(71, "print(1)", "additional_files", zip(Map.of("zeros", "\0".repeat(32 << 20)))));
        assertEquals(422, bomb.status());
        assertTrue(bomb.body().path("additional_files").get(0).asText().contains("inflates past the bound"), bomb::toString);
        Reply runs = post("/submissions?wait=true", sub(71, "print(1)", "number_of_runs", 21));
        assertEquals(422, runs.status());
        assertEquals(404, get("/submissions/no-such-token").status());
        assertTrue(get("/submissions/no-such-token").body().path("error").isTextual());
        Reply del = send(HttpRequest.newBuilder(base.resolve("/submissions/x")).DELETE().build());
        assertEquals(400, del.status());
        assertEquals("delete not allowed", del.body().path("error").asText());
        Reply batch = get("/submissions/batch?tokens=" + "a,".repeat(21));
        assertEquals(400, batch.status());
    }

    @Test
    void formBodiesAsRailsTakesThemAndBadJson() throws Exception {
        String form = "language_id=71&source_code=" + java.net.URLEncoder.encode("print(int(input()) * 2)", StandardCharsets.UTF_8)
                + "&stdin=21&cpu_time_limit=2.5&redirect_stderr_to_stdout=false";
        Reply r = send(HttpRequest.newBuilder(base.resolve("/submissions?wait=true&fields=stdout,cpu_time_limit"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertEquals(201, r.status(), r::toString);
        assertEquals("42\n", r.body().path("stdout").asText());
        assertEquals("2.5", r.body().path("cpu_time_limit").asText());
        Reply bad = send(HttpRequest.newBuilder(base.resolve("/submissions?wait=true"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"language_id\": 71,")).build());
        assertEquals(400, bad.status());
        assertTrue(bad.body().path("error").asText().startsWith("the body is not valid JSON"), bad::toString);
    }

    @Test
    void unixSocketAndXAuthToken() throws Exception {
        String body = JSON.writeValueAsString(sub(71, "print('over unix')"));
        JsonNode r = unix("POST", "/submissions?wait=true", body);
        assertEquals("over unix\n", r.path("stdout").asText(), r::toString);
        HttpResponse<String> denied = CLIENT.send(HttpRequest.newBuilder(withToken.resolve("/languages")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, denied.statusCode());
        HttpResponse<String> allowed = CLIENT.send(HttpRequest.newBuilder(withToken.resolve("/languages"))
                .header("X-Auth-Token", "judge0-secret").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, allowed.statusCode());
    }

    static JsonNode unix(String method, String path, String json) throws Exception {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.connect(java.net.UnixDomainSocketAddress.of(SOCKET));
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n";
            ch.write(java.nio.ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.write(java.nio.ByteBuffer.wrap(payload));
            String text = new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1.1 201"), text);
            return JSON.readTree(text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    static String zip(Map<String, String> files) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(buf)) {
            for (Map.Entry<String, String> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        assertNotNull(buf);
        return Base64.getEncoder().encodeToString(buf.toByteArray());
    }
}
