package io.kerat.http;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Counters of the HTTP front door, exported as Prometheus metrics by {@link #collector}. */
public final class HttpStats {
    final AtomicLong open = new AtomicLong();
    final AtomicLong connectionsRejected = new AtomicLong();
    final AtomicLong busy = new AtomicLong();
    final AtomicLong requestTimeouts = new AtomicLong();
    final AtomicLong idleTimeouts = new AtomicLong();
    final AtomicLong responseTimeouts = new AtomicLong();

    public long openConnections() {
        return open.get();
    }

    public long connectionsRejected() {
        return connectionsRejected.get();
    }

    public long busyRejections() {
        return busy.get();
    }

    public long requestTimeouts() {
        return requestTimeouts.get();
    }

    public long idleTimeouts() {
        return idleTimeouts.get();
    }

    public long responseTimeouts() {
        return responseTimeouts.get();
    }

    /** The metrics, reading {@code inflight} for the bytes held by the body budget now. */
    public Collector collector(LongSupplier inflight) {
        return new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                CounterMetricFamily timeouts = new CounterMetricFamily("kerat_http_timeouts_total",
                        "Connections closed by a timeout: request (408, not complete in time), idle (no request), "
                                + "response (not read by the client in time).", List.of("kind"));
                timeouts.addMetric(List.of("request"), requestTimeouts.get());
                timeouts.addMetric(List.of("idle"), idleTimeouts.get());
                timeouts.addMetric(List.of("response"), responseTimeouts.get());
                return List.of(
                        new GaugeMetricFamily("kerat_http_open_connections",
                                "Open HTTP connections, all listeners.", open.get()),
                        new CounterMetricFamily("kerat_http_connections_rejected_total",
                                "Connections closed at once because their listener had http.max_connections open.",
                                connectionsRejected.get()),
                        new CounterMetricFamily("kerat_http_busy_total",
                                "Requests refused with 503 busy because their body would pass http.max_inflight_bytes.",
                                busy.get()),
                        new GaugeMetricFamily("kerat_http_inflight_bytes",
                                "Request body bytes reserved now (being received, or their request being answered).",
                                inflight.getAsLong()),
                        timeouts);
            }
        };
    }
}
