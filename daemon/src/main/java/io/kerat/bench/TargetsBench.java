package io.kerat.bench;

import io.kerat.Kerat;
import io.kerat.config.Settings;
import io.kerat.http.HttpServer;
import io.kerat.http.NativeRoutes;
import io.kerat.image.ImageInfo;
import io.kerat.util.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Issue 15's targets, all in one run and as ratios to baselines measured in the same run: the daemon with its
 * default configuration (pool {@code auto}, interpreters started, platform {@code auto}) against the bare
 * {@code runsc run} of the same bundle; Java hello's compile-cache hit, default against the pool-off path; throughput
 * at concurrency 8, default against a cold-only ptrace daemon (the same data dir, opened after the first closed);
 * the daemon's RSS with 100 requests queued and the pool full, the sandboxes' own memory apart.
 * {@code BENCH_ONLY=targets}, also the end of the full run. Prints; asserts nothing.
 */
final class TargetsBench {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private TargetsBench() {}

    static void run(Map<String, String> env, int n, PrintStream out) throws Exception {
        String hello = BenchClient.program("python", "main.py", "print('hello')");
        String java = BenchClient.program("java", "Main.java",
                "public class Main { public static void main(String[] a) { System.out.println(\"hello\"); } }\n");
        Benchmark.Stats bare;
        Benchmark.Stats warm;
        Benchmark.Stats javaDefault;
        Benchmark.Stats javaOld;
        Benchmark.Stats concDefault;
        String pool;
        long rssKb;
        long sandboxKb;
        int queued;
        Settings settings = Settings.fromEnvironment(env);
        String platform;
        try (Kerat kerat = new Kerat(settings)) {
            settings = kerat.settings(); // platform auto decided: the bare baseline uses the same runsc and platform
            platform = kerat.platform().describe();
            kerat.recover();
            for (String l : List.of("python", "java")) {
                kerat.images().build(l, false, new PrintStream(OutputStream.nullOutputStream()));
            }
            ImageInfo python = kerat.images().resolve("python");
            HttpServer server = new HttpServer(List.of(new NativeRoutes(kerat)), 16 << 20);
            InetSocketAddress a = server.bind("127.0.0.1", 0, null);
            URI runs = URI.create("http://127.0.0.1:" + a.getPort() + "/api/v1/runs");
            try {
                pool = kerat.executor().configurePool(settings.pool());
                awaitFull(kerat);
                BenchClient.post(runs, java); // the compile cache holds Main.java from here on
                javaDefault = paced(kerat, runs, java, n);
                warm = paced(kerat, runs, hello, n);
                bare = Baselines.bareRunsc(settings, python, n);
                awaitFull(kerat);
                concDefault = BenchClient.daemon(runs, hello, n, 8);
                awaitFull(kerat);
                // 100 requests queued behind the running ones, with the pool full
                String sleeper = BenchClient.program("python", "main.py", "import time\ntime.sleep(2)\nprint('hello')");
                List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
                for (int i = 0; i < 100 + settings.concurrency(); i++) {
                    fs.add(CLIENT.sendAsync(HttpRequest.newBuilder(runs).POST(HttpRequest.BodyPublishers.ofString(sleeper))
                            .build(), HttpResponse.BodyHandlers.ofString()));
                }
                Thread.sleep(1500);
                queued = kerat.admission().queued();
                rssKb = Benchmark.rssKb();
                sandboxKb = sandboxesRssKb(settings.dataDir());
                for (var f : fs) {
                    f.cancel(true);
                }
                while (kerat.admission().queued() + kerat.admission().active() > 0) {
                    Thread.sleep(100);
                }
                kerat.executor().closePool();
                javaOld = BenchClient.daemon(runs, java, n, 1);
            } finally {
                server.close();
            }
        }
        // the cold-only ptrace daemon of before issue 15, on the same data dir
        Map<String, String> coldEnv = new HashMap<>(env);
        coldEnv.put("KERAT_PLATFORM", "ptrace");
        coldEnv.put("KERAT_POOL", "off");
        Settings cold = Settings.fromEnvironment(coldEnv);
        Benchmark.Stats concCold;
        try (Kerat kerat = new Kerat(cold)) {
            kerat.recover();
            HttpServer server = new HttpServer(List.of(new NativeRoutes(kerat)), 16 << 20);
            InetSocketAddress a = server.bind("127.0.0.1", 0, null);
            URI runs = URI.create("http://127.0.0.1:" + a.getPort() + "/api/v1/runs");
            try {
                BenchClient.post(runs, hello);
                concCold = BenchClient.daemon(runs, hello, n, 8);
            } finally {
                server.close();
            }
        }

        out.println();
        out.println("issue 15 targets (" + pool + ")");
        out.println("series (ms)                                 p50     p95     p99    mean  throughput/s");
        Benchmark.print("bare runsc run, " + settings.platform(), bare);
        out.println("  (platform " + platform + "; the cold-only daemon: ptrace, pool off)");
        Benchmark.print("default config, python hello", warm);
        Benchmark.print("default config, java hello, cache hit", javaDefault);
        Benchmark.print("pool off, java hello, cache hit", javaOld);
        Benchmark.print("default config, python, concurrency 8", concDefault);
        Benchmark.print("cold-only ptrace daemon, concurrency 8", concCold);
        out.printf(Locale.ROOT, "default config python p50 / bare p50 = %.3f (target <= 0.3; interpreter started: <= 0.2)%n",
                warm.p(50) / bare.p(50));
        out.printf(Locale.ROOT, "java cache hit p50, default / pool off = %.3f (target <= 0.35)%n",
                javaDefault.p(50) / javaOld.p(50));
        out.printf(Locale.ROOT, "throughput at concurrency 8, default / cold-only ptrace = %.2f (target >= 1.4)%n",
                concDefault.throughput() / concCold.throughput());
        out.printf(Locale.ROOT, "daemon RSS with %d requests queued and the pool full: %d MB (target <= 200); "
                + "the sandboxes' own processes: %d MB%n", queued, rssKb / 1024, sandboxKb / 1024);
    }

    /**
     * Waits (up to 2 min) until the pool holds as many idle sandboxes as its target, each up and frozen (its init
     * started and waiting: what a request finds at a grader's pace).
     */
    private static void awaitFull(Kerat kerat) throws InterruptedException {
        long until = System.nanoTime() + 120_000_000_000L;
        while ((kerat.executor().poolIdleIds().size() < kerat.executor().poolTarget()
                || kerat.executor().poolFrozen() < kerat.executor().poolTarget()) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    /** Serial requests, each once the pool is full again (a grader's pace). */
    private static Benchmark.Stats paced(Kerat kerat, URI runs, String body, int n) throws Exception {
        List<Double> ms = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            awaitFull(kerat);
            ms.add(BenchClient.post(runs, body));
        }
        return new Benchmark.Stats(ms, (System.nanoTime() - t0) / 1e9);
    }

    /** The resident memory of every runsc process (sandbox, gofer) whose command line names this data dir. */
    static long sandboxesRssKb(Path dataDir) throws IOException {
        long kb = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().matches("[0-9]+")) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (!cmd.contains("runsc") || !cmd.contains(dataDir.toString())) {
                        continue;
                    }
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("VmRSS:")) {
                            kb += Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return kb;
    }
}
