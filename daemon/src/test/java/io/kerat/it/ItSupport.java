package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.Kerat;
import io.kerat.config.Settings;
import io.kerat.http.HttpServer;
import io.kerat.image.ImageStore;
import io.kerat.util.Posix;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real daemon per test JVM: real runsc as root, real images built with mmdebstrap and cached under
 * /var/cache/kerat (tarballs) and /var/cache/kerat/test (unpacked), its own cgroup parent. With CI=true a missing
 * runsc or a non-root user fails the suite instead of skipping it.
 */
public final class ItSupport {
    public static final Path DATA_DIR = Path.of(System.getenv().getOrDefault("KERAT_TEST_DATA_DIR", "/var/cache/kerat/test"));
    public static final String CGROUP_PARENT = System.getenv().getOrDefault("KERAT_TEST_CGROUP_PARENT", "kerat-test");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> READY = ConcurrentHashMap.newKeySet();

    public static final Path SOCKET = Path.of("/run/kerat-test/" + CGROUP_PARENT + ".sock");
    private static Kerat kerat;
    private static HttpServer server;
    private static URI base;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ItSupport() {}

    /** Checks the prerequisites: fails under CI, skips elsewhere. */
    public static void requireSandbox() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        String why = null;
        if (Posix.geteuid() != 0) {
            why = "integration tests need root (run them with sudo)";
        } else if (!onPath("runsc")) {
            why = "runsc is not installed (apt-get install runsc)";
        } else if (!onPath("mmdebstrap")) {
            why = "mmdebstrap is not installed (apt-get install mmdebstrap)";
        }
        if (why != null) {
            if (ci) {
                throw new AssertionError("CI=true but " + why);
            }
            Assumptions.abort(why);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The verdict of each case in a cases-mode answer, in order. */
    public static List<String> caseVerdicts(JsonNode body) {
        List<String> v = new ArrayList<>();
        body.path("cases").forEach(c -> v.add(c.path("verdict").asText()));
        return v;
    }

    public static Settings settings() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("KERAT_HOME", System.getProperty("kerat.home", Path.of("..").toAbsolutePath().normalize().toString()));
        env.put("KERAT_DATA_DIR", DATA_DIR.toString());
        env.put("KERAT_CGROUP_PARENT", CGROUP_PARENT);
        // the in-process daemon keeps its own SQLite store: with a shared one (KERAT_STORE exported to run the
        // spawned daemons on PostgreSQL) it would join them as another host and take their work
        env.remove("KERAT_STORE");
        env.putIfAbsent("KERAT_CONCURRENCY", "2");
        env.putIfAbsent("KERAT_QUEUE", "200");
        // requests may pick either case isolation, so one suite runs the cases tests in both (the default stays sandbox)
        env.putIfAbsent("KERAT_CASES_ALLOW_PROCESS", "true");
        // no warm pool unless a test turns one on (enablePool) or KERAT_TEST_POOL=auto runs the suite with the default
        env.put("KERAT_POOL", poolAuto() ? "auto" : "off");
        return Settings.fromEnvironment(env);
    }

    /**
     * KERAT_TEST_POOL=auto: the test daemon runs with the default automatic warm pool of every installed language
     * (as `kerat serve` does out of the box), so any IT class can be run pool on; without it pools stay off.
     */
    public static boolean poolAuto() {
        return "auto".equalsIgnoreCase(System.getenv("KERAT_TEST_POOL"));
    }

    /** The shared daemon, started on first use on a free loopback port, with the given images built. */
    public static synchronized Kerat daemon(String... images) throws Exception {
        requireSandbox();
        if (kerat == null) {
            kerat = new Kerat(settings()); // its state goes with the test JVM (its exit hook)
            System.out.println("integration tests on " + kerat.runsc().version() + " (" + kerat.settings().runscPath()
                    + "), platform " + kerat.platform().describe());
            kerat.recover();
            // stored submissions in a file of their own (a `kerat serve` on this data dir would own submissions.db)
            kerat.openSubmissions(DATA_DIR.resolve("submissions-it.db"));
            server = new HttpServer(io.kerat.http.AllRoutes.of(kerat), kerat.settings().maxRequestBytes());
            kerat.submissions().start(); // after every dialect's routes registered their handlers
            InetSocketAddress a = server.bind("127.0.0.1", 0, null);
            base = URI.create("http://127.0.0.1:" + a.getPort());
            server.bindUnix(SOCKET, "root");
        }
        boolean built = false;
        for (String image : images) {
            built |= image(image);
        }
        if (poolAuto() && (built || !autoPoolOn)) {
            // sized again once new images are there (pool: auto covers the installed languages)
            System.out.println("[it] warm pool " + kerat.executor().configurePool(kerat.settings().pool()));
            autoPoolOn = true;
            // tests start once it is full, as they would on a daemon that has been up a while (filling it takes a
            // sandbox start per idle sandbox, CPU a test's program would otherwise share)
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (kerat.executor().poolIdleIds().size() < kerat.executor().poolTarget() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.println("[it] warm pool: " + kerat.executor().poolIdleIds().size() + " of "
                    + kerat.executor().poolTarget() + " idle sandboxes started");
        }
        return kerat;
    }

    private static boolean autoPoolOn;

    /**
     * Turns on a warm pool of {@code size} pre-started sandboxes for the language (its image built first) and
     * waits until it is full; returns the pool's hand-out count before, for {@link #disablePool}.
     */
    public static long enablePool(String language, int size) throws Exception {
        Kerat k = daemon(language);
        long before = k.executor().poolHandOuts();
        k.executor().configurePool(Map.of(language, size), 1L << 30);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (k.executor().poolIdleIds().size() < size && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(size, k.executor().poolIdleIds().size(), "the " + language + " pool did not fill");
        return before;
    }

    /** Empties the language's pool and checks that it served at least {@code minUsed} stages since {@code before}. */
    public static void disablePool(String language, long before, long minUsed) throws Exception {
        Kerat k = daemon();
        long used = k.executor().poolHandOuts() - before;
        System.out.println("the " + language + " pool served " + used + " stages");
        k.executor().configurePool(Map.of(language, 0), 1L << 30);
        assertEquals(0, k.executor().poolIdleIds().size());
        // stages with non-default limits start cold; the default-limit ones must have been served warm
        assertTrue(used >= minUsed, "only " + used + " " + language + " stages were served by the pool");
        assertNothingLeft();
    }

    /** Builds (first time, ~20-60 s) or reuses an image; true the first time this JVM asks for it. */
    public static boolean image(String name) throws IOException {
        if (READY.contains(name)) {
            return false;
        }
        ImageStore store = kerat.images();
        store.build(name, false, new PrintStream(System.out, true));
        READY.add(name);
        return true;
    }

    public static URI base() {
        return base;
    }

    /** A response: status and parsed JSON body. */
    public record Reply(int status, JsonNode body, Map<String, List<String>> headers) {
    }

    public static Reply post(String path, Object body) throws Exception {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** POSTs over the daemon's Unix socket with a minimal HTTP/1.1 client (the JDK's has no Unix sockets). */
    public static Reply postUnix(String path, Object body) throws Exception {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        byte[] payload = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.connect(java.net.UnixDomainSocketAddress.of(SOCKET));
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n";
            ch.write(java.nio.ByteBuffer.wrap(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            ch.write(java.nio.ByteBuffer.wrap(payload));
            byte[] all = java.nio.channels.Channels.newInputStream(ch).readAllBytes();
            String text = new String(all, java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            String bodyText = text.substring(text.indexOf("\r\n\r\n") + 4);
            return new Reply(status, bodyText.isEmpty() ? null : JSON.readTree(bodyText), Map.of());
        }
    }

    public static Reply send(HttpRequest req) throws Exception {
        HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Reply(r.statusCode(), body, r.headers().map());
    }

    /** Builds a native run request. */
    public static Map<String, Object> run(String language, String entrypoint, Object... nameContent) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", language);
        req.put("entrypoint", entrypoint);
        req.put("files", files(nameContent));
        return req;
    }

    /** POSTs a native run request and returns the body, asserting HTTP 200. */
    public static JsonNode ok(Map<String, Object> req) throws Exception {
        Reply r = post("/api/v1/runs", req);
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body();
    }

    /** The entry named {@code name} in a response's {@code tests}, or an assertion error showing the response. */
    /** The test entries of a response by name, in the order given, failing on a duplicate name. */
    public static Map<String, JsonNode> byName(JsonNode body) {
        Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
        for (JsonNode t : body.path("tests")) {
            JsonNode prev = m.put(t.path("name").asText(), t);
            assertEquals(null, prev, () -> "duplicate test name in " + body);
        }
        return m;
    }

    public static JsonNode testNamed(JsonNode body, String name) {
        for (JsonNode t : body.path("tests")) {
            if (t.path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no test named '" + name + "' in " + body);
    }

    public static List<Map<String, String>> files(Object... nameContent) {
        List<Map<String, String>> files = new ArrayList<>();
        for (int i = 0; i < nameContent.length; i += 2) {
            files.add(Map.of("name", (String) nameContent[i], "content", (String) nameContent[i + 1]));
        }
        return files;
    }

    /**
     * Asserts that no sandbox, cgroup, run directory or tmpfs mount of the daemon is left. With a warm pool on, the
     * pool's idle sandboxes are expected; one being started (a refill) is waited for, up to 60 s.
     */
    public static void assertNothingLeft() throws IOException {
        if (poolAuto()) {
            System.out.println("[it] warm pool hand-outs so far: " + kerat.executor().poolHandOuts());
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            List<String> idle = kerat.executor().poolIdleIds();
            List<String> left = leftovers(idle);
            boolean starting = left.stream().allMatch(l -> l.contains("-pool"));
            if (left.isEmpty() || !starting || System.nanoTime() > deadline) {
                assertEquals(List.of(), left, "left behind (idle pooled sandboxes " + idle + " excepted)");
                return;
            }
            try {
                Thread.sleep(200); // a pooled sandbox being started: not idle yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** runsc state, cgroups, run directories and mounts of the daemon that are not one of {@code idle}'s. */
    private static List<String> leftovers(List<String> idle) throws IOException {
        List<String> left = new ArrayList<>();
        Path runsc = kerat.layout().runscRoot();
        for (String f : stateFiles(runsc)) {
            if (idle.stream().noneMatch(f::contains)) {
                left.add("runsc state " + runsc.resolve(f));
            }
        }
        for (String c : kerat.cgroups().children()) {
            if (!idle.contains(c)) {
                left.add("cgroup " + c + " under " + kerat.cgroups().parent());
            }
        }
        for (String d : list(kerat.layout().runsDir())) {
            if (!idle.contains(d)) {
                left.add("run directory " + d);
            }
        }
        String runs = kerat.layout().runsDir().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(runs) && idle.stream().noneMatch(id -> line.contains(runs + "/" + id + "/"))) {
                left.add("mount " + line);
            }
        }
        return left;
    }

    /** The state directories ({@code <data>/procs/<pid>-<start>-<n>}) of the process {@code pid}. */
    public static List<String> stateDirsOf(Path dataDir, long pid) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : list(dataDir.resolve("procs"))) {
            if (n.startsWith(pid + "-")) {
                out.add(n);
            }
        }
        return out;
    }

    /** Ids of the sandboxes with runsc state in the runsc roots of the process {@code pid}. */
    public static List<String> containersOf(Settings s, long pid) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : stateDirsOf(s.dataDir(), pid)) {
            out.addAll(new io.kerat.sandbox.Runsc(s, s.dataDir().resolve("procs").resolve(n).resolve("runsc")).containers());
        }
        return out;
    }

    /** The cgroups {@code p<pid>-...} of the process {@code pid} under {@code parent}. */
    public static List<String> cgroupsOf(String parent, long pid) {
        List<String> out = new ArrayList<>();
        for (String c : io.kerat.cgroup.Cgroups.detect(parent).children()) {
            if (c.startsWith("p" + pid + "-")) {
                out.add(c);
            }
        }
        return out;
    }

    /** Asserts that nothing of the (ended) process {@code pid} is left: no state directory, cgroup or mount. */
    public static void assertProcessLeftNothing(Path dataDir, String parent, long pid) throws IOException {
        List<String> state = stateDirsOf(dataDir, pid);
        assertEquals(List.of(), state, () -> "state of process " + pid + " left in " + dataDir.resolve("procs") + ": "
                + tree(dataDir.resolve("procs"), state));
        assertEquals(List.of(), cgroupsOf(parent, pid), "cgroups of process " + pid + " left under " + parent);
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            assertTrue(!line.contains(dataDir.resolve("procs").resolve(pid + "-").toString()), "mount left: " + line);
        }
    }

    /** What is in the named directories under {@code dir}, for a failure's message. */
    private static String tree(Path dir, List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            try (var walk = Files.walk(dir.resolve(n))) {
                walk.forEach(p -> b.append("\n  ").append(dir.relativize(p)));
            } catch (IOException | java.io.UncheckedIOException e) {
                b.append("\n  ").append(n).append(": ").append(e.getMessage());
            }
        }
        return b.toString();
    }

    private static List<String> stateFiles(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : list(dir)) {
            if (n.endsWith(".state")) {
                out.add(n);
            }
        }
        return out;
    }

    static List<String> list(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }
}
