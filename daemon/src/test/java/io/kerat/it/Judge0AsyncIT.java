package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: Judge0's asynchronous submissions on a real `kerat serve` (the stored queue behind it): the official
 * SDKs' sequence, polling, batches, callbacks (Judge0's body, retried after a 500), the callback allowlist, delete.
 */
class Judge0AsyncIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration T = Duration.ofSeconds(30);
    static SpawnedDaemon d;

    @BeforeAll
    static void start() throws Exception {
        d = SpawnedDaemon.start("judge0", Map.of("KERAT_JUDGE0_ENABLE_SUBMISSION_DELETE", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (d != null) {
            d.close();
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(JsonNode n) {
        return n.isNull() ? null : new String(Base64.getMimeDecoder().decode(n.asText()), StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r::body);
        return JSON.readTree(r.body());
    }

    static String post(Map<String, Object> body, String query) throws Exception {
        JsonNode r = json(d.post("/submissions" + query, JSON.writeValueAsString(body), T), 201);
        assertEquals(1, r.size(), "only the token: " + r);
        return r.path("token").asText();
    }

    /** Polls as the SDKs do until the status is neither In Queue nor Processing. */
    static JsonNode await(String token, String query) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode j;
        do {
            j = json(d.get("/submissions/" + token + query, T), 200);
            int id = j.path("status").path("id").asInt(j.path("status_id").asInt());
            if (id != 1 && id != 2) {
                return j;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not done: " + j);
    }

    @Test
    void theOfficialSdksSequence() throws Exception {
        // 1. the SDK reads the languages and the configuration first
        JsonNode langs = json(d.get("/languages", T), 200);
        boolean python = false;
        for (JsonNode l : langs) {
            python |= l.path("id").asInt() == 71 && l.path("name").asText().startsWith("Python (3.");
        }
        assertTrue(python, langs::toString);
        JsonNode config = json(d.get("/config_info", T), 200);
        assertTrue(config.path("enable_callbacks").asBoolean());
        assertTrue(config.path("enable_submission_delete").asBoolean());
        // 2. POST with base64_encoded=true&wait=false: 201 {"token"}
        Map<String, Object> sub = new HashMap<>();
        sub.put("language_id", 71);
        sub.put("source_code", b64("import sys\nname = input()\nprint(f'hello, {name}')\nprint('warn', file=sys.stderr)\n"));
        sub.put("stdin", b64("judge0"));
        sub.put("expected_output", b64("hello, judge0\n"));
        sub.put("cpu_time_limit", 2);
        sub.put("memory_limit", 128000);
        String token = post(sub, "?base64_encoded=true&wait=false");
        // 3. poll with base64_encoded=true&fields=* until done
        JsonNode done = await(token, "?base64_encoded=true&fields=*");
        assertEquals(3, done.path("status").path("id").asInt(), done::toString);
        assertEquals("Accepted", done.path("status").path("description").asText());
        assertEquals("hello, judge0\n", unb64(done.path("stdout")));
        assertEquals("warn\n", unb64(done.path("stderr")));
        assertEquals("judge0", unb64(done.path("stdin")));
        assertEquals(token, done.path("token").asText());
        assertTrue(done.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), done::toString);
        assertTrue(done.path("finished_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        Float.parseFloat(done.path("time").asText());
        Float.parseFloat(done.path("wall_time").asText());
        assertTrue(done.path("memory").asLong() > 0);
        assertEquals("2.0", done.path("cpu_time_limit").asText());
        assertEquals(128000, done.path("memory_limit").asLong());
        // the SDK refuses keys it does not know: fields=* holds Judge0's keys only
        List<String> keys = new ArrayList<>();
        done.fieldNames().forEachRemaining(keys::add);
        assertFalse(keys.contains("kerat_verdict"));
        assertEquals(io.kerat.api.judge0.Judge0Fields.ALL, keys);
        // Kerat's own verdict when named
        JsonNode own = json(d.get("/submissions/" + token + "?fields=status_id,kerat_verdict", T), 200);
        assertEquals("ok", own.path("kerat_verdict").asText(), own::toString);
    }

    @Test
    void pendingStatusesBatchesAndDelete() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(post(Map.of("language_id", 71, "source_code", "import time\ntime.sleep(1)\nprint(" + i + ")\n"), ""));
        }
        JsonNode first = json(d.get("/submissions/" + tokens.get(2) + "?fields=status", T), 200);
        int state = first.path("status").path("id").asInt();
        assertTrue(state == 1 || state == 2 || state == 3, first::toString);
        Map<String, Object> batch = Map.of("submissions", List.of(
                Map.of("language_id", 71, "source_code", "print('a')"),
                Map.of("language_id", 9999, "source_code", "x"),
                Map.of("language_id", 71, "source_code", "print(input())", "stdin", "b")));
        JsonNode created = json(d.post("/submissions/batch", JSON.writeValueAsString(batch), T), 201);
        assertEquals(3, created.size());
        assertTrue(created.get(0).has("token"));
        assertEquals("language with id 9999 doesn't exist", created.get(1).path("language_id").get(0).asText());
        String a = created.get(0).path("token").asText();
        String b = created.get(2).path("token").asText();
        await(a, "");
        await(b, "");
        for (String t : tokens) {
            await(t, "");
        }
        JsonNode shown = json(d.get("/submissions/batch?tokens=" + a + "," + b + ",nope&fields=stdout,status_id", T), 200);
        JsonNode list = shown.path("submissions");
        assertEquals("a\n", list.get(0).path("stdout").asText(), shown::toString);
        assertEquals("b\n", list.get(1).path("stdout").asText());
        assertTrue(list.get(2).isNull());
        // delete: answers the submission (base64) once, then it is gone
        JsonNode deleted = json(d.delete("/submissions/" + a, T), 200);
        assertEquals("a\n", unb64(deleted.path("stdout")), deleted::toString);
        assertEquals(404, d.get("/submissions/" + a, T).statusCode());
    }

    @Test
    void callbacksCarryJudge0sBodyAndAreRetriedAndTheAllowlistHolds() throws Exception {
        CopyOnWriteArrayList<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", ex -> {
            bodies.add(ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(calls.incrementAndGet() == 1 ? 500 : 200, -1); // the first delivery fails
            ex.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
            String token = post(Map.of("language_id", 71, "source_code", "print('called back')", "callback_url", url), "");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (calls.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(2, calls.get(), "delivered after one failure: " + bodies);
            String last = bodies.get(1);
            assertTrue(last.startsWith("PUT "), last);
            JsonNode cb = JSON.readTree(last.substring(4));
            assertEquals(token, cb.path("token").asText());
            assertEquals(3, cb.path("status").path("id").asInt());
            assertEquals("called back\n", unb64(cb.path("stdout")), "text fields are base64, as Judge0 sends them");
            assertNotNull(cb.get("time"));
        } finally {
            receiver.stop(0);
        }
        HttpResponse<String> refused = d.post("/submissions", JSON.writeValueAsString(Map.of("language_id", 71,
                "source_code", "print(1)", "callback_url", "http://10.1.2.3/cb")), T);
        assertEquals(422, refused.statusCode(), refused::body);
        assertTrue(JSON.readTree(refused.body()).has("callback_url"));
    }

    @Test
    void acceptedJudge0SubmissionsSurviveKillMinus9() throws Exception {
        Map<String, String> env = Map.of("KERAT_CONCURRENCY", "1");
        SpawnedDaemon first = SpawnedDaemon.start("judge0-crash", env);
        SpawnedDaemon second = null;
        List<String> tokens = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) { // the figure: 20 accepted, then kill -9
                Map<String, Object> sub = Map.of("language_id", 71,
                        "source_code", b64("import time\ntime.sleep(0.3)\nprint('n" + i + "')\n"));
                HttpResponse<String> r = first.post("/submissions?base64_encoded=true&wait=false",
                        JSON.writeValueAsString(sub), T);
                tokens.add(json(r, 201).path("token").asText());
            }
            long dead = first.process.pid();
            int finishedBefore = 0;
            for (String t : tokens) {
                int id = json(first.get("/submissions/" + t + "?fields=status_id", T), 200).path("status_id").asInt();
                finishedBefore += id > 2 ? 1 : 0;
            }
            first.process.destroyForcibly().waitFor(); // kill -9 right after the 201s
            System.out.println("[judge0-crash] killed with " + (tokens.size() - finishedBefore) + " of 20 not finished");
            assertTrue(finishedBefore < tokens.size(), "all finished before the kill: the test proves nothing");
            second = SpawnedDaemon.start("judge0-crash", env, false);
            for (int i = 0; i < tokens.size(); i++) {
                long deadline = System.nanoTime() + 180_000_000_000L;
                JsonNode j;
                do {
                    j = json(second.get("/submissions/" + tokens.get(i) + "?base64_encoded=true&fields=*", T), 200);
                    Thread.sleep(100);
                } while (j.path("status").path("id").asInt() <= 2 && System.nanoTime() < deadline);
                assertEquals(3, j.path("status").path("id").asInt(), j::toString);
                assertEquals("n" + i + "\n", unb64(j.path("stdout")));
            }
            ItSupport.assertProcessLeftNothing(second.dataDir, ItSupport.CGROUP_PARENT + "-judge0-crash", dead);
        } finally {
            if (second != null) {
                second.close();
            } else {
                first.close();
            }
        }
    }

    static List<String> names(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
