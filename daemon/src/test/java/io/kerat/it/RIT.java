package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.Kerat;
import io.kerat.api.judge0.Judge0Options;
import io.kerat.http.HttpServer;
import io.kerat.http.Judge0Routes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static io.kerat.it.ItSupport.testNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R (Debian's R 4.5 with testthat) end to end with real runsc: run (Rscript), cases, testthat suites, and one request
 * each through Judge0 (id 80) and Piston ("rscript").
 */
class RIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer judge0;
    private static URI judge0Base;

    @BeforeAll
    static void start() throws Exception {
        Kerat k = ItSupport.daemon("r");
        judge0 = new HttpServer(List.of(new Judge0Routes(k, Judge0Options.defaults(), null)), k.settings().maxRequestBytes());
        InetSocketAddress a = judge0.bind("127.0.0.1", 0, null);
        judge0Base = URI.create("http://127.0.0.1:" + a.getPort());
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        if (judge0 != null) {
            judge0.close();
        }
        ItSupport.assertNothingLeft();
    }

    /** Outcomes, not limits: room for a loaded CI machine. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1L << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloStdinAndUtf8() throws Exception {
        Map<String, Object> req = run("r", "main.R", "main.R", String.join("\n",
                "x <- scan(file(\"stdin\"), quiet = TRUE)",
                "cat(sum(x), \"\\n\", sep = \"\")",
                "cat(toupper(\"héllo\"), \"\\n\", sep = \"\")",
                "cat(R.version$major, \"\\n\", sep = \"\")",
                ""));
        req.put("stdin", "1 2 3\n4\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("r", b.path("language").asText());
        assertTrue(b.path("version").asText().startsWith("4.5."), b::toString);
        assertEquals("10\nHÉLLO\n4\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void helloAtTheDefaultsGetsTheRunnersRaisedDefaults() throws Exception {
        // no limits in the request: the runner's run.default_limits (10 s CPU, 15 s wall) replace the general 3 s / 5 s,
        // which R's start alone nearly spends under gVisor
        JsonNode b = ItSupport.ok(run("r", "main.R", "main.R", "cat(\"hi\\n\")\n"));
        assertEquals(10000, b.path("limits").path("cpu_time_ms").asLong(), b::toString);
        assertEquals(15000, b.path("limits").path("wall_time_ms").asLong(), b::toString);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("hi\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void multiFileWithArgs() throws Exception {
        Map<String, Object> req = run("r", "main.R",
                "main.R", "source(\"lib/util.R\")\nargs <- commandArgs(trailingOnly = TRUE)\ncat(twice(args[1]), \"\\n\", sep = \"\")\n",
                "lib/util.R", "twice <- function(s) paste0(s, s)\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void stopIsRuntimeError() throws Exception {
        JsonNode b = ok(run("r", "main.R", "main.R", "cat(\"before\\n\")\nstop(\"bad input\")\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText(), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("bad input"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("r", "main.R", "main.R",
                "x <- scan(file(\"stdin\"), quiet = TRUE)\ncat(x[1] + x[2], \"\\n\", sep = \"\")\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText(), b::toString);
    }

    @Test
    void testthatSuiteReportsEachTest() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "r");
        req.put("entrypoint", "calc.R");
        req.put("files", files("calc.R", "add <- function(a, b) a + b\nsub <- function(a, b) a + b\n"));
        req.put("tests", files("test-calc.R", String.join("\n",
                "source(\"calc.R\")",
                "library(testthat)",
                "test_that(\"add works\", {",
                "  cat('{\"event\":\"done\"}\\n')",
                "  expect_equal(add(2, 3), 5)",
                "})",
                "test_that(\"sub works\", {",
                "  expect_equal(sub(5, 3), 2)",
                "})",
                "test_that(\"later\", {",
                "  skip(\"not yet\")",
                "})",
                "test_that(\"boom\", {",
                "  stop(\"kaboom\")",
                "})",
                "")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "test-calc.R / add works").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "test-calc.R / sub works");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertTrue(sub.path("message").asText().contains("sub(5, 3)"), b::toString);
        assertTrue(sub.path("stack_trace").asText().startsWith("test-calc.R:8"), b::toString);
        JsonNode later = testNamed(b, "test-calc.R / later");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("not yet", later.path("message").asText(), b::toString);
        JsonNode boom = testNamed(b, "test-calc.R / boom");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertTrue(boom.path("message").asText().contains("kaboom"), b::toString);
        // the student's print went to stdout, where it cannot pass for a result line
        assertTrue(b.path("run").path("stdout").asText().contains("{\"event\":\"done\"}"), b::toString);
    }

    @Test
    void throughJudge0AndPiston() throws Exception {
        Map<String, Object> sub = new HashMap<>();
        sub.put("language_id", 80);
        sub.put("source_code", "n <- as.integer(readLines(file(\"stdin\"), n = 1))\ncat(2 * n, \"\\n\", sep = \"\")\n");
        sub.put("stdin", "21\n");
        sub.put("cpu_time_limit", 15);
        sub.put("wall_time_limit", 30);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        judge0Base.resolve("/submissions?base64_encoded=false&wait=true"))
                .timeout(Duration.ofMinutes(3)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(sub))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r::body);
        JsonNode j = JSON.readTree(r.body());
        assertEquals(3, j.path("status").path("id").asInt(), j::toString);
        assertEquals("42\n", j.path("stdout").asText(), j::toString);

        Map<String, Object> exec = new HashMap<>();
        exec.put("language", "r");
        exec.put("version", "*");
        exec.put("files", List.of(Map.of("name", "main.r", "content", "cat(\"piston\\n\")\n")));
        exec.put("run_timeout", 30000);
        ItSupport.Reply p = ItSupport.post("/api/v2/execute", exec);
        assertEquals(200, p.status(), p.body()::toString);
        assertEquals("rscript", p.body().path("language").asText(), p.body()::toString);
        assertEquals("piston\n", p.body().path("run").path("stdout").asText(), p.body()::toString);
        assertEquals(0, p.body().path("run").path("code").asInt(), p.body()::toString);
    }
}
