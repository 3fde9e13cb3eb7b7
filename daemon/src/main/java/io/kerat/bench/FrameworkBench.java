package io.kerat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.Kerat;
import io.kerat.util.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tests-mode latency per test framework: every {@code bench/suites/*.json} (a native request of a 10-test suite
 * that passes) is sent {@code m} times with a fresh comment in its first test file (a compile cache miss: "cold")
 * and {@code m} times unchanged (a hit: "warm"), serially. Targets (issue 10): p50 at most 3 s cold and 1.5 s warm.
 */
final class FrameworkBench {
    static final double COLD_TARGET_MS = 3000;
    static final double WARM_TARGET_MS = 1500;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Map<String, String> COMMENT = Map.ofEntries(Map.entry(".py", "# "), Map.entry(".rb", "# "),
            Map.entry(".php", "// "), Map.entry(".js", "// "), Map.entry(".mjs", "// "), Map.entry(".cjs", "// "),
            Map.entry(".ts", "// "), Map.entry(".go", "// "), Map.entry(".java", "// "), Map.entry(".c", "// "),
            Map.entry(".h", "// "), Map.entry(".cpp", "// "), Map.entry(".cc", "// "), Map.entry(".hpp", "// "),
            Map.entry(".cs", "// "));

    private FrameworkBench() {}

    /**
     * Runs every suite found under {@code dir} ({@code BENCH_SUITES}: only names containing one of these
     * comma-separated words); returns false if one missed a target or failed. {@code BENCH_FW_POOL=N} (default 2)
     * keeps N pre-started sandboxes of the suite's language while its series run, as the default configuration does
     * (pool {@code auto}), with the language's compile pool ({@code BENCH_FW_COMPILE_POOL=0}: without), and sends
     * each request once the pool is full again (a grader's pace); 0: every stage starts cold. Each suite gets one
     * untimed request first (page cache, the daemon's JIT).
     */
    static boolean run(Kerat kerat, URI runs, Path dir, int m, PrintStream out) throws Exception {
        List<Path> suites = new ArrayList<>();
        String only = System.getenv().getOrDefault("BENCH_SUITES", "");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
                s.forEach(p -> {
                    String f = p.getFileName().toString();
                    if (only.isBlank() || java.util.Arrays.stream(only.split(",")).anyMatch(w -> f.contains(w.trim()))) {
                        suites.add(p);
                    }
                });
            }
        }
        suites.sort(null);
        int poolSize = Integer.parseInt(System.getenv().getOrDefault("BENCH_FW_POOL", "2"));
        boolean compilePool = !"0".equals(System.getenv("BENCH_FW_COMPILE_POOL"));
        out.println();
        out.printf(Locale.ROOT, "tests mode, 10-test suites (ms), %d runs each, %s%n", m, poolSize > 0
                ? "warm pool of " + poolSize + " for the suite's language"
                        + (compilePool ? " and its compile pool" : ", no compile pool") + " (as pool: auto), paced"
                : "pool off (every stage cold)");
        out.printf(Locale.ROOT, "  %-44s cold p50  cold p95  warm p50  warm p95  targets %.0f / %.0f%n", "suite",
                COLD_TARGET_MS, WARM_TARGET_MS);
        boolean allMet = true;
        long salt = System.nanoTime();
        for (Path p : suites) {
            String name = p.getFileName().toString().replaceFirst("\\.json$", "");
            ObjectNode req = (ObjectNode) Json.mapper().readTree(p.toFile());
            String lang = req.path("language").asText();
            try {
                kerat.images().build(kerat.runners().find(lang).orElseThrow().image(), false,
                        new PrintStream(OutputStream.nullOutputStream()));
                if (poolSize > 0) {
                    pool(kerat, lang, poolSize, compilePool);
                }
                post(runs, salted(req, salt - 2), poolSize, kerat); // untimed
                long handOuts = kerat.executor().poolHandOuts();
                List<Double> cold = new ArrayList<>();
                List<Double> warm = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    cold.add(post(runs, salted(req, salt + i), poolSize, kerat));
                }
                String same = salted(req, salt - 1);
                post(runs, same, poolSize, kerat);
                for (int i = 0; i < m; i++) {
                    warm.add(post(runs, same, poolSize, kerat));
                }
                Benchmark.Stats c = new Benchmark.Stats(cold, 1);
                Benchmark.Stats w = new Benchmark.Stats(warm, 1);
                boolean met = c.p(50) <= COLD_TARGET_MS && w.p(50) <= WARM_TARGET_MS;
                allMet &= met;
                handOuts = kerat.executor().poolHandOuts() - handOuts;
                out.printf(Locale.ROOT, "  %-44s %8.0f  %8.0f  %8.0f  %8.0f  %s%s%n", name, c.p(50), c.p(95), w.p(50),
                        w.p(95), met ? "met" : "MISSED", poolSize > 0 ? " (" + handOuts + " stages pooled)" : "");
            } catch (Exception e) {
                allMet = false;
                out.printf(Locale.ROOT, "  %-44s FAILED: %s%n", name, e.getMessage());
            } finally {
                if (poolSize > 0) {
                    pool(kerat, lang, 0, true); // (every language's pools, the compile pools too)
                }
            }
        }
        return allMet;
    }

    /** The request with a comment line holding {@code salt} appended to its first test file. */
    static String salted(ObjectNode req, long salt) throws IOException {
        ObjectNode copy = req.deepCopy();
        ArrayNode tests = (ArrayNode) copy.path("tests");
        for (JsonNode t : tests) {
            String n = t.path("name").asText();
            String ext = n.contains(".") ? n.substring(n.lastIndexOf('.')) : "";
            String c = COMMENT.get(ext);
            if (c != null && !t.has("encoding")) {
                ((ObjectNode) t).put("content", t.path("content").asText() + "\n" + c + "bench " + salt + "\n");
                break;
            }
        }
        return Json.mapper().writeValueAsString(copy);
    }

    /**
     * The language's pool of {@code size} (0: none) and, with {@code compile}, its compile pool as {@code pool: auto}
     * gives it (the admin's size for one language through the same sizing).
     */
    private static void pool(Kerat kerat, String lang, int size, boolean compile) {
        if (compile) {
            kerat.executor().configurePool(new io.kerat.config.PoolSettings(false, Map.of(lang, size), 1L << 30,
                    kerat.settings().pool().minAvailableBytes()));
        } else {
            kerat.executor().configurePool(Map.of(lang, size), 1L << 30);
        }
    }

    /**
     * Sends one request, after waiting (up to 60 s) for the pool to be full when there is one: every idle sandbox
     * started and its init up (a grader's pace; a request right behind the previous one waits for the replacement's
     * start instead, which the series above measure).
     */
    private static double post(URI runs, String body, int poolSize, Kerat kerat) throws Exception {
        long until = System.nanoTime() + 60_000_000_000L;
        while (poolSize > 0 && (kerat.executor().poolIdleIds().size() < kerat.executor().poolTarget()
                || kerat.executor().poolReady() < kerat.executor().poolTarget()) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        long t = System.nanoTime();
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(runs)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t) / 1e6;
        JsonNode b = Json.mapper().readTree(r.body());
        if (r.statusCode() != 200 || !b.path("status").asText().equals("ok") || b.path("tests").size() < 10) {
            String shown = r.body().length() > 600 ? r.body().substring(0, 600) + "..." : r.body();
            throw new IOException("the suite did not pass with 10+ tests: HTTP " + r.statusCode() + " " + shown);
        }
        return ms;
    }
}
