package io.kerat.metrics;

import io.kerat.execution.ExecutionException;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.RunListener;
import io.kerat.execution.RunTrace;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.IntSupplier;

/**
 * The daemon's Prometheus metrics, in a registry of its own (one per daemon, so several daemons in one JVM, as in
 * the tests, do not clash). Fed by {@link io.kerat.execution.Admission}'s {@link RunListener} and by the HTTP layer's rejections.
 */
public final class Metrics implements RunListener {
    static final double NS = 1e9;

    private final CollectorRegistry registry = new CollectorRegistry(true);

    private final Counter runs = Counter.build("kerat_runs_total",
                    "Requests that ended, by language and status (a run status, or bad_request, unavailable, "
                            + "internal_error, cancelled).")
            .labelNames("language", "status").register(registry);
    private final Histogram queueWait = Histogram.build("kerat_queue_wait_seconds",
                    "Time a request waited in the queue for a sandbox slot.")
            .buckets(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120).register(registry);
    private final Histogram preparation = Histogram.build("kerat_preparation_seconds",
                    "Request accepted to its first sandbox started (queue wait, image lookup, files written).")
            .labelNames("language")
            .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120).register(registry);
    private final Histogram sandbox = Histogram.build("kerat_sandbox_seconds",
                    "Wall time of one sandbox (runsc start to teardown), by language and stage "
                            + "(compile, run, case, test).")
            .labelNames("language", "stage")
            .buckets(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120).register(registry);
    private final Histogram total = Histogram.build("kerat_run_seconds",
                    "Request accepted to result, by language.")
            .labelNames("language")
            .buckets(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300).register(registry);
    private final Counter poolHandOuts = Counter.build("kerat_pool_handouts_total",
                    "Stages served by a pre-started sandbox of the warm pool, by language.")
            .labelNames("language").register(registry);
    private final Counter rejections = Counter.build("kerat_rejections_total",
                    "Requests refused with 503 because the queue was full or the daemon was stopping.")
            .register(registry);

    /**
     * @param active   executions holding a sandbox slot now
     * @param queued   requests waiting for a slot now
     * @param poolIdle pre-started sandboxes waiting in the warm pool now
     */
    public Metrics(IntSupplier active, IntSupplier queued, IntSupplier poolIdle) {
        class Load extends Collector implements Collector.Describable {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(
                        new GaugeMetricFamily("kerat_active_sandboxes",
                                "Requests executing now (each holds one sandbox slot).", active.getAsInt()),
                        new GaugeMetricFamily("kerat_queue_depth", "Requests waiting for a sandbox slot.",
                                queued.getAsInt()),
                        new GaugeMetricFamily("kerat_pool_idle_sandboxes",
                                "Pre-started sandboxes waiting in the warm pool.", poolIdle.getAsInt()));
            }

            @Override
            public List<MetricFamilySamples> describe() { // registering must not read the suppliers yet
                return List.of(
                        new GaugeMetricFamily("kerat_active_sandboxes", "", List.of()),
                        new GaugeMetricFamily("kerat_queue_depth", "", List.of()),
                        new GaugeMetricFamily("kerat_pool_idle_sandboxes", "", List.of()));
            }
        }
        new Load().register(registry);
    }

    /** Adds another component's metrics (the HTTP server's) to this registry. */
    public void register(Collector c) {
        c.register(registry);
    }

    public void rejected() {
        rejections.inc();
    }

    @Override
    public void finished(ExecutionRequest req, RunTrace trace, ExecutionResult result, Throwable error) {
        String language = req.language();
        runs.labels(language, status(result, error)).inc();
        if (trace.queueNs() >= 0) {
            queueWait.observe(trace.queueNs() / NS);
        }
        if (trace.preparationNs() >= 0) {
            preparation.labels(language).observe(trace.preparationNs() / NS);
        }
        for (RunTrace.SandboxTiming s : trace.sandboxes()) {
            sandbox.labels(language, stageKind(s.stage())).observe(s.nanos() / NS);
            if (s.pooled()) {
                poolHandOuts.labels(language).inc();
            }
        }
        total.labels(language).observe(trace.elapsedNs() / NS);
    }

    /** The status a request ended with: its verdict, or what kept it from one. */
    public static String status(ExecutionResult result, Throwable error) {
        if (result != null) {
            return result.status().wire();
        }
        if (error instanceof CancellationException) {
            return "cancelled";
        }
        if (error instanceof ExecutionException e) {
            return switch (e.kind()) {
                case BAD_REQUEST -> "bad_request";
                case UNAVAILABLE -> "unavailable";
                default -> "internal_error";
            };
        }
        return "internal_error";
    }

    /** "case3" is a "case": one label value per kind of stage, never per index. */
    static String stageKind(String stage) {
        return stage.startsWith("case") ? "case" : stage;
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        StringWriter w = new StringWriter();
        try {
            TextFormat.write004(w, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    public static String contentType() {
        return TextFormat.CONTENT_TYPE_004;
    }
}
