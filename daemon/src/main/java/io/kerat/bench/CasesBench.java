package io.kerat.bench;

import io.kerat.util.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 14, "100 cases fast": one cases request of 100 cases (a C++ solution that reads a number and prints it) in
 * the {@code sandbox} and the {@code process} isolation, interleaved in one run; p50 of each and their ratio.
 */
final class CasesBench {
    static final int CASES = 100;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String SOURCE = "#include <cstdio>\n"
            + "int main() { long long n; if (scanf(\"%lld\", &n) != 1) return 1; printf(\"%lld\\n\", n); return 0; }\n";

    private CasesBench() {}

    static void run(URI runs, int reps, PrintStream out) throws Exception {
        String sandbox = request("sandbox");
        String process = request("process");
        timed(runs, sandbox); // the compile (then a cache hit for every request after it)
        timed(runs, process);
        List<Double> s = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            s.add(timed(runs, sandbox));
            p.add(timed(runs, process));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Benchmark.Stats ss = new Benchmark.Stats(s, secs);
        Benchmark.Stats ps = new Benchmark.Stats(p, secs);
        out.println();
        out.println(CASES + " cases of C++ echo-a-number, one request     p50     p95     p99    mean  throughput/s");
        Benchmark.print("isolation sandbox (a sandbox per case)", ss);
        Benchmark.print("isolation process (a process per case)", ps);
        out.printf(Locale.ROOT, "cases: process / sandbox (p50) = %.3f  (%.1f ms vs %.1f ms per case)%n",
                ps.p(50) / ss.p(50), ps.p(50) / CASES, ss.p(50) / CASES);
    }

    static String request(String isolation) throws IOException {
        List<Map<String, String>> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(Map.of("stdin", i * 7919L + "\n", "expected_output", Long.toString(i * 7919L)));
        }
        return Json.mapper().writeValueAsString(Map.of("language", "cpp",
                "files", List.of(Map.of("name", "main.cpp", "content", SOURCE)), "cases", cases,
                "isolation", isolation));
    }

    /** Milliseconds for one request; fails unless every case was accepted. */
    static double timed(URI runs, String body) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(runs)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t) / 1e6;
        if (r.statusCode() != 200 || !r.body().contains("\"status\":\"ok\"") || r.body().contains("wrong_answer")) {
            throw new IOException("cases run failed: " + r.body().substring(0, Math.min(2000, r.body().length())));
        }
        return ms;
    }
}
