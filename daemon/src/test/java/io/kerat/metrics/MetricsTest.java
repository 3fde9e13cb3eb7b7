package io.kerat.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.execution.ExecutionException;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.LimitsRequest;
import io.kerat.execution.RunTrace;
import io.kerat.execution.SourceFile;
import io.kerat.execution.StageResult;
import io.kerat.execution.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    static final ExecutionRequest REQ = new ExecutionRequest("python",
            List.of(new SourceFile("m.py", "print('SECRET-SOURCE')".getBytes(StandardCharsets.UTF_8))), "m.py",
            "SECRET-STDIN".getBytes(StandardCharsets.UTF_8), List.of("SECRET-ARG"), LimitsRequest.NONE,
            LimitsRequest.NONE, List.of(), List.of());

    static ExecutionResult result(Status status, String stdout) {
        StageResult run = new StageResult(status, 0, null, stdout, "SECRET-STDERR", false, false, 120_000_000L, 80_123_456L,
                1 << 20, null);
        return new ExecutionResult("abc123", "python", "3.11", status, null, null, run, null, null, null, null, null, 0);
    }

    @Test
    void rejectionsAndGaugesAreExposed() {
        AtomicInteger active = new AtomicInteger(3);
        Metrics m = new Metrics(active::get, () -> 7, () -> 2);
        m.rejected();
        m.rejected();
        String text = m.scrape();
        assertTrue(text.contains("\nkerat_rejections_total 2.0\n"), text);
        assertTrue(text.contains("\nkerat_active_sandboxes 3.0\n"), text);
        assertTrue(text.contains("\nkerat_queue_depth 7.0\n"), text);
        assertTrue(text.contains("\nkerat_pool_idle_sandboxes 2.0\n"), text);
        active.set(0);
        assertTrue(m.scrape().contains("\nkerat_active_sandboxes 0.0\n"));
    }

    @Test
    void aFinishedRunFeedsEveryFamily() {
        Metrics m = new Metrics(() -> 0, () -> 0, () -> 0);
        RunTrace t = new RunTrace(System.nanoTime() - 50_000_000L);
        t.started();
        t.sandboxStarting("compile");
        t.sandboxEnded("compile", 300_000_000L, false);
        t.sandboxEnded("case0", 100_000_000L, true);
        t.sandboxEnded("case1", 100_000_000L, false);
        m.finished(REQ, t, result(Status.WRONG_ANSWER, ""), null);
        m.finished(REQ, new RunTrace(), null, new CancellationException());
        m.finished(REQ, new RunTrace(), null, new ExecutionException(ExecutionException.Kind.UNAVAILABLE, "no image"));
        String text = m.scrape();
        assertTrue(text.contains("kerat_runs_total{language=\"python\",status=\"wrong_answer\",} 1.0"), text);
        assertTrue(text.contains("kerat_runs_total{language=\"python\",status=\"cancelled\",} 1.0"), text);
        assertTrue(text.contains("kerat_runs_total{language=\"python\",status=\"unavailable\",} 1.0"), text);
        assertTrue(text.contains("kerat_sandbox_seconds_count{language=\"python\",stage=\"case\",} 2.0"), text);
        assertTrue(text.contains("kerat_sandbox_seconds_sum{language=\"python\",stage=\"compile\",} 0.3"), text);
        // only the run that left the queue has a queue wait and a preparation time
        assertTrue(text.contains("\nkerat_queue_wait_seconds_count 1.0\n"), text);
        assertTrue(text.contains("kerat_preparation_seconds_count{language=\"python\",} 1.0"), text);
        assertFalse(text.contains("case0"), text);
        // one of the two case sandboxes came from the warm pool
        assertTrue(text.contains("kerat_pool_handouts_total{language=\"python\",} 1.0"), text);
    }

    @Test
    void theLogLineIsOneJsonObjectWithoutUserData() throws Exception {
        RunTrace t = new RunTrace();
        t.started();
        t.sandboxStarting("run");
        ExecutionResult r = result(Status.TIME_LIMIT, "SECRET-STDOUT\nsecond line");
        String line = RunLog.line(REQ, t, r, null);
        assertFalse(line.contains("\n"), line);
        for (String secret : List.of("SECRET-SOURCE", "SECRET-STDIN", "SECRET-ARG", "SECRET-STDOUT", "SECRET-STDERR")) {
            assertFalse(line.contains(secret), secret + " in " + line);
        }
        JsonNode j = new ObjectMapper().readTree(line);
        assertEquals("abc123", j.path("id").asText());
        assertEquals("run", j.path("mode").asText());
        assertEquals("time_limit", j.path("status").asText());
        assertEquals("run:time_limit", j.path("limits_hit").path(0).asText());
        assertEquals(120, j.path("stages").path(0).path("wall_ms").asLong());
        assertEquals(80, j.path("stages").path(0).path("cpu_ms").asLong());
        assertEquals(1 << 20, j.path("stages").path(0).path("memory_bytes").asLong());
    }
}
