package io.kerat.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kerat.execution.CaseResult;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.RunListener;
import io.kerat.execution.RunTrace;
import io.kerat.execution.StageResult;
import io.kerat.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON object per request on one line, logger {@value #LOGGER} at INFO: id, language, mode, status, timings
 * (queue, preparation, total, and wall/cpu/memory of every stage) and the limits hit. Never the submitted source,
 * stdin, arguments or any output: those are the users' data.
 */
public final class RunLog implements RunListener {
    public static final String LOGGER = "kerat.run";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void finished(ExecutionRequest req, RunTrace trace, ExecutionResult result, Throwable error) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info(line(req, trace, result, error));
    }

    static String line(ExecutionRequest req, RunTrace trace, ExecutionResult result, Throwable error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", result != null ? result.id() : null);
        m.put("language", req.language());
        m.put("mode", req.mode().name().toLowerCase(Locale.ROOT));
        m.put("status", Metrics.status(result, error));
        if (result == null && error != null && error.getMessage() != null) {
            String why = error.getMessage(); // the daemon's own words, e.g. "image go is not installed"
            m.put("error", why.length() > 300 ? why.substring(0, 300) + "..." : why);
        }
        m.put("queue_ms", trace.queueNs() < 0 ? null : ms(trace.queueNs()));
        m.put("preparation_ms", trace.preparationNs() < 0 ? null : ms(trace.preparationNs()));
        m.put("total_ms", ms(trace.elapsedNs()));
        List<Map<String, Object>> stages = new ArrayList<>();
        List<String> limitsHit = new ArrayList<>();
        if (result != null) {
            stage(stages, limitsHit, "compile", result.compile());
            if (result.cases() != null) {
                int i = 0;
                for (CaseResult c : result.cases()) {
                    stage(stages, limitsHit, "case" + i++, c.run());
                }
            } else {
                stage(stages, limitsHit, req.mode().name().equals("TESTS") ? "test" : "run", result.run());
            }
            if (result.tests() != null) {
                m.put("tests", result.tests().size());
                m.put("tests_passed", result.tests().stream().filter(t -> t.passed()).count());
            }
            if (result.clamped() != null) {
                m.put("clamped", result.clamped());
            }
        }
        m.put("stages", stages);
        m.put("limits_hit", limitsHit);
        try {
            return Json.mapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"cannot encode the run log line\"}";
        }
    }

    private static void stage(List<Map<String, Object>> out, List<String> limitsHit, String name, StageResult s) {
        if (s == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", name);
        m.put("status", s.status().wire());
        m.put("exit_code", s.exitCode());
        m.put("wall_ms", s.wallTimeMs());
        m.put("cpu_ms", s.cpuTimeMs());
        m.put("memory_bytes", s.memoryBytes());
        if (s.stdoutTruncated() || s.stderrTruncated()) {
            m.put("output_truncated", true);
        }
        out.add(m);
        if (s.status().isLimit()) {
            limitsHit.add(name + ":" + s.status().wire());
        }
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
