package io.kerat.bench;

import io.kerat.Kerat;
import io.kerat.config.Settings;
import io.kerat.http.DialectRoutes;
import io.kerat.http.HttpServer;
import io.kerat.http.NativeRoutes;
import io.kerat.image.ImageInfo;
import io.kerat.util.Json;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints latency figures of one machine, all measured in the same run: (a) bare {@code runsc run} of a hand-built
 * Python hello-world bundle, the floor of this design; (b) the daemon end to end over HTTP, serially and at
 * concurrency 2, 4, 8; (c) the same program natively on the host. Also C and Java end to end (compile + run).
 * Not a test: it prints, it asserts nothing.
 */
public final class Benchmark {
    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(System.getenv().getOrDefault("BENCH_N", "40"));
        Settings settings = Settings.fromEnvironment();
        Path suites = settings.home().resolve("bench/suites");
        int m = Math.max(5, n / 4);
        if ("targets".equals(System.getenv("BENCH_ONLY"))) {
            TargetsBench.run(System.getenv(), n, System.out);
            return;
        }
        try (Kerat kerat = new Kerat(settings)) {
            // the daemon's runsc and platform (auto decided): the bare `runsc run` baseline uses the same two
            settings = kerat.settings();
            System.out.printf(Locale.ROOT, "kerat benchmark: %d cores, %s, data %s, N=%d%n  runsc %s (%s), platform %s;"
                            + " the bare `runsc run` series uses the same binary and platform%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    settings.dataDir(), n, settings.runscPath(), kerat.runsc().version(), kerat.platform().describe());
            kerat.recover();
            if ("frameworks".equals(System.getenv("BENCH_ONLY"))) {
                HttpServer server = new HttpServer(List.of(new NativeRoutes(kerat)), 16 << 20);
                InetSocketAddress a = server.bind("127.0.0.1", 0, null);
                FrameworkBench.run(kerat, URI.create("http://127.0.0.1:" + a.getPort() + "/api/v1/runs"), suites, m,
                        System.out);
                server.close();
                return;
            }
            int casesReps = Integer.parseInt(System.getenv().getOrDefault("BENCH_CASES_N", "5"));
            if ("cases".equals(System.getenv("BENCH_ONLY"))) {
                kerat.images().build("cpp", false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                HttpServer server = new HttpServer(List.of(new NativeRoutes(kerat)), 16 << 20);
                InetSocketAddress a = server.bind("127.0.0.1", 0, null);
                CasesBench.run(URI.create("http://127.0.0.1:" + a.getPort() + "/api/v1/runs"), casesReps, System.out);
                server.close();
                return;
            }
            if ("interp".equals(System.getenv("BENCH_ONLY"))) {
                kerat.images().build("python", false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                HttpServer server = new HttpServer(List.of(new NativeRoutes(kerat)), 16 << 20);
                InetSocketAddress a = server.bind("127.0.0.1", 0, null);
                InterpreterBench.run(settings, kerat, URI.create("http://127.0.0.1:" + a.getPort() + "/api/v1/runs"), n,
                        System.out);
                server.close();
                return;
            }
            List<String> langs = List.of("python", "c", "java");
            for (String l : langs) {
                kerat.images().build(l, false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            }
            ImageInfo python = kerat.images().resolve("python");

            Stats nativeRun = Baselines.nativePython(n);
            Stats bare = Baselines.bareRunsc(settings, python, n);

            HttpServer server = new HttpServer(List.of(new NativeRoutes(kerat), new DialectRoutes(kerat),
                    new io.kerat.http.MetricsRoutes(kerat)), 16 << 20);
            InetSocketAddress a = server.bind("127.0.0.1", 0, null);
            URI runs = URI.create("http://127.0.0.1:" + a.getPort() + "/api/v1/runs");
            String hello = Json.mapper().writeValueAsString(Map.of("language", "python",
                    "files", List.of(Map.of("name", "main.py", "content", "print('hello')"))));
            for (int i = 0; i < 3; i++) {
                BenchClient.post(runs, hello); // warm up the JIT and the page cache
            }
            URI metricsUri = URI.create("http://127.0.0.1:" + a.getPort() + "/metrics");
            String m0 = BenchClient.scrape(metricsUri);
            Stats serial = BenchClient.daemon(runs, hello, n, 1);
            String m1 = BenchClient.scrape(metricsUri);
            // warm pool: two pre-started Python sandboxes, refilled in the background after each hand-over
            kerat.executor().configurePool(Map.of("python", 2), 1L << 30);
            long wait = System.nanoTime() + 30_000_000_000L;
            while (kerat.executor().poolIdleIds().size() < 2 && System.nanoTime() < wait) {
                Thread.sleep(20);
            }
            Stats warm = BenchClient.daemonPaced(runs, hello, n, kerat);
            long served = kerat.executor().poolHandOuts();
            kerat.executor().configurePool(Map.of("python", 0), 1L << 30);
            Map<Integer, Stats> conc = new TreeMap<>();
            for (int c : new int[]{2, 4, 8}) {
                conc.put(c, BenchClient.daemon(runs, hello, n, c));
            }
            long rss = rssKb();

            System.out.println();
            System.out.println("Python hello world (latency in ms)        p50     p95     p99    mean  throughput/s");
            print("(c) native python3 on the host", nativeRun);
            print("(a) bare runsc run, hand-built bundle", bare);
            print("(b) daemon over HTTP, serial", serial);
            print("(b) daemon, serial, warm pool (" + served + "/" + n + " warm)", warm);
            for (Map.Entry<Integer, Stats> e : conc.entrySet()) {
                print("(b) daemon over HTTP, concurrency " + e.getKey(), e.getValue());
            }
            System.out.printf(Locale.ROOT, "%nratios (p50): b/a = %.2f   b/c = %.1f   a/c = %.1f%n",
                    serial.p(50) / bare.p(50), serial.p(50) / nativeRun.p(50), bare.p(50) / nativeRun.p(50));
            System.out.printf(Locale.ROOT, "warm pool p50 / bare runsc run p50 = %.2f%n", warm.p(50) / bare.p(50));
            System.out.printf(Locale.ROOT, "throughput at concurrency 4 / serial = %.2f%n",
                    conc.get(4).throughput() / serial.throughput());
            System.out.printf(Locale.ROOT, "daemon RSS after the runs: %d MB%n", rss / 1024);

            System.out.println();
            System.out.println("compile + run, daemon over HTTP, serial     p50     p95     p99    mean  throughput/s");
            Map<String, String[]> progs = new java.util.LinkedHashMap<>();
            progs.put("c", new String[]{"main.c", "#include <stdio.h>\nint main(void){puts(\"hello\");return 0;}\n// %d\n"});
            progs.put("java", new String[]{"Main.java", "public class Main { public static void main(String[] a) { System.out.println(\"hello\"); } }\n// %d\n"});
            long salt = System.nanoTime();
            for (Map.Entry<String, String[]> e : progs.entrySet()) {
                String lang = e.getKey();
                // a miss: every source differs by a comment; a hit: the same source again
                List<Double> miss = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < m; i++) {
                    miss.add(BenchClient.post(runs,
                            BenchClient.program(lang, e.getValue()[0], String.format(e.getValue()[1], salt + i))));
                }
                Stats missStats = new Stats(miss, (System.nanoTime() - t0) / 1e9);
                String same = BenchClient.program(lang, e.getValue()[0], String.format(e.getValue()[1], salt - 1));
                BenchClient.post(runs, same);
                Stats hit = BenchClient.daemon(runs, same, m, 1);
                // the same hit, run in pre-started sandboxes of the language (the compile output copied in)
                kerat.executor().configurePool(Map.of(lang, 2), 1L << 30);
                long until = System.nanoTime() + 60_000_000_000L;
                while (kerat.executor().poolIdleIds().size() < 2 && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                long handOuts = kerat.executor().poolHandOuts();
                Stats pooledHit = BenchClient.daemonPaced(runs, same, m, kerat);
                handOuts = kerat.executor().poolHandOuts() - handOuts;
                kerat.executor().configurePool(Map.of(lang, 0), 1L << 30);
                print(lang + ", compile cache miss", missStats);
                print(lang + ", compile cache hit", hit);
                print(lang + ", cache hit + warm pool (" + handOuts + "/" + m + ")", pooledHit);
                System.out.printf(Locale.ROOT, "  %s repeat / first (p50) = %.3f, with a warm pool %.3f%n", lang,
                        hit.p(50) / missStats.p(50), pooledHit.p(50) / missStats.p(50));
            }

            // 100 cases in one request, both case isolation modes
            kerat.images().build("cpp", false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            CasesBench.run(runs, casesReps, System.out);
            InterpreterBench.run(settings, kerat, runs, n, System.out);

            // preparation: request accepted -> first sandbox starting, from the daemon's own histogram
            System.out.println();
            String m2 = BenchClient.scrape(metricsUri);
            for (String lang : List.of("python", "c", "java")) {
                // python: the serial series only (the concurrent ones wait in the queue); c, java: their serial series
                String before = lang.equals("python") ? m0 : "";
                String after = lang.equals("python") ? m1 : m2;
                String k = "{language=\"" + lang + "\"}";
                double sum = sample(after, "kerat_preparation_seconds_sum" + k) - sample(before, "kerat_preparation_seconds_sum" + k);
                double count = sample(after, "kerat_preparation_seconds_count" + k) - sample(before, "kerat_preparation_seconds_count" + k);
                long size = kerat.images().resolve(lang).sizeBytes();
                System.out.printf(Locale.ROOT, "preparation (accepted -> first sandbox starting), %-6s image %4d MB: mean %.2f ms over %d serial runs%n",
                        lang, size >> 20, count == 0 ? 0 : sum / count * 1000, (long) count);
            }

            // memory with 100 requests queued behind running ones
            String sleeper = Json.mapper().writeValueAsString(Map.of("language", "python",
                    "files", List.of(Map.of("name", "main.py", "content", "import time\ntime.sleep(2)"))));
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
            for (int i = 0; i < 100 + settings.concurrency(); i++) {
                queued.add(BenchClient.postAsync(runs, sleeper));
            }
            Thread.sleep(1500);
            System.out.printf(Locale.ROOT, "daemon RSS with %d requests queued: %d MB (queue %d, running %d)%n",
                    kerat.admission().queued(), rssKb() / 1024, kerat.admission().queued(), kerat.admission().active());
            for (var f : queued) {
                f.cancel(true);
            }
            while (kerat.admission().queued() + kerat.admission().active() > 0) {
                Thread.sleep(100);
            }
            if (!"0".equals(System.getenv("BENCH_FRAMEWORKS"))) {
                FrameworkBench.run(kerat, runs, suites, m, System.out);
            }
            server.close();
        }
        TargetsBench.run(System.getenv(), n, System.out); // opens the data dir twice more, after this daemon closed
    }

    /** Latencies in ms and the wall time of the whole batch. */
    record Stats(List<Double> ms, double batchSeconds) {
        double p(int pct) {
            List<Double> s = new ArrayList<>(ms);
            Collections.sort(s);
            int i = (int) Math.ceil(pct / 100.0 * s.size()) - 1;
            return s.get(Math.max(0, Math.min(s.size() - 1, i)));
        }

        double mean() {
            return ms.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        double throughput() {
            return ms.size() / batchSeconds;
        }
    }

    static double sample(String text, String series) {
        for (String raw : text.split("\n")) {
            String line = raw.replace(",}", "}"); // the 0.0.4 text format may end label sets with a comma
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    static void print(String label, Stats s) {
        System.out.printf(Locale.ROOT, "%-40s %7.1f %7.1f %7.1f %7.1f %10.1f%n", label, s.p(50), s.p(95), s.p(99),
                s.mean(), s.throughput());
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
