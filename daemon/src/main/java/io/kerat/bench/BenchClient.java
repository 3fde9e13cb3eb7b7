package io.kerat.bench;

import io.kerat.Kerat;
import io.kerat.util.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmarks' side of the daemon's HTTP API, one shared client: native run requests of one source file, a timed
 * POST that must come back ok and print hello, series of them (serial, concurrent, paced on the warm pool), and a GET
 * of the daemon's metrics. Measures; prints nothing.
 */
final class BenchClient {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private BenchClient() {}

    /** A native run request of one file {@code name} holding {@code content}. */
    static String program(String lang, String name, String content) throws IOException {
        return Json.mapper().writeValueAsString(Map.of("language", lang, "files", List.of(Map.of("name", name, "content", content))));
    }

    /** Milliseconds for one run request; fails unless the run was ok and printed hello. */
    static double post(URI runs, String body) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(runs).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t) / 1e6;
        if (r.statusCode() != 200 || !r.body().contains("\"status\":\"ok\"") || !r.body().contains("hello")) {
            throw new IOException("run failed: " + r.body());
        }
        return ms;
    }

    /** One run request sent without waiting for its answer (nor checking it). */
    static CompletableFuture<HttpResponse<String>> postAsync(URI runs, String body) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(runs).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code n} requests, {@code concurrency} at a time. */
    static Benchmark.Stats daemon(URI runs, String body, int n, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Double>> fs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            fs.add(pool.submit(() -> post(runs, body)));
        }
        List<Double> ms = new ArrayList<>();
        for (Future<Double> f : fs) {
            ms.add(f.get());
        }
        double batch = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return new Benchmark.Stats(ms, batch);
    }

    /** Serial requests, each sent once the pool has an idle sandbox again (a grader's pace, not a burst). */
    static Benchmark.Stats daemonPaced(URI runs, String body, int n, Kerat kerat) throws Exception {
        List<Double> ms = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long wait = System.nanoTime() + 5_000_000_000L;
            while (kerat.executor().poolIdleIds().isEmpty() && System.nanoTime() < wait) {
                Thread.sleep(5);
            }
            ms.add(post(runs, body));
        }
        return new Benchmark.Stats(ms, (System.nanoTime() - t0) / 1e9);
    }

    /** The body of a GET of {@code uri} (the daemon's /metrics). */
    static String scrape(URI uri) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
