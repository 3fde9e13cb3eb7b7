package io.kerat.it;

import io.kerat.image.ImageStore;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daemon in its own JVM, started from the shaded jar with the installed launcher's JVM options (read from
 * install.sh, so the tests follow the launcher), on a data dir of its own whose images link to the tests' ones.
 */
final class SpawnedDaemon implements AutoCloseable {
    static final String RUN = "{\"language\":\"python\",\"files\":[{\"name\":\"main.py\",\"content\":\"print(6*7)\"}]}";

    final String name;
    final int port;
    final URI base;
    final Process process;
    final Path log;
    final Path dataDir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SpawnedDaemon(String name, int port, Process process, Path log, Path dataDir) {
        this.name = name;
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
    }

    /** The JVM options of install.sh's launcher (its KERAT_JAVA_OPTS default). */
    static List<String> launcherOptions() throws IOException {
        Path install = ItSupport.settings().home().resolve("install.sh");
        Matcher m = Pattern.compile("KERAT_JAVA_OPTS:-([^}]*)}").matcher(Files.readString(install));
        assertTrue(m.find(), "no KERAT_JAVA_OPTS default in " + install);
        return List.of(m.group(1).trim().split("\\s+"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code kerat serve} on a free loopback port with {@code env} added, and waits for health. */
    static SpawnedDaemon start(String name, Map<String, String> env) throws Exception {
        return start(name, env, true);
    }

    /**
     * Starts {@code kerat serve} as {@link #start(String, Map)} does; with {@code fresh} false on the data dir a
     * previous daemon of the same name left (a restart after a crash: its stored submissions, its leftovers).
     */
    static SpawnedDaemon start(String name, Map<String, String> env, boolean fresh) throws Exception {
        return start(name, env, fresh, freePort());
    }

    /** As {@link #start(String, Map, boolean)}, on {@code port} (a restart on the same address, as an upgrade does). */
    static SpawnedDaemon start(String name, Map<String, String> env, boolean fresh, int port) throws Exception {
        ItSupport.requireSandbox();
        ItSupport.daemon("python"); // builds the python image once if this machine has none yet
        Path home = ItSupport.settings().home();
        Path jar = home.resolve("daemon/target/kerat.jar");
        assertTrue(Files.isRegularFile(jar), "run after `mvn package`: " + jar);
        Path dir = Path.of(ItSupport.DATA_DIR + "-" + name);
        if (fresh || !Files.isDirectory(dir)) {
            ImageStore.deleteTree(dir);
            Files.createDirectories(dir);
            Files.createSymbolicLink(dir.resolve("images"), ItSupport.DATA_DIR.resolve("images"));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launcherOptions());
        cmd.addAll(List.of("-jar", jar.toString(), "serve", "--listen", "127.0.0.1:" + port));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("KERAT_HOME", home.toString());
        pb.environment().put("KERAT_DATA_DIR", dir.toString());
        pb.environment().put("KERAT_CGROUP_PARENT", ItSupport.CGROUP_PARENT + "-" + name);
        Path config = Files.writeString(dir.resolve("kerat.yaml"), "# empty: never the machine's /etc/kerat/kerat.yaml\n");
        pb.environment().put("KERAT_CONFIG", config.toString());
        // the spawned daemons' tests count sandboxes and cgroups: no warm pool unless a test asks for one
        pb.environment().put("KERAT_POOL", ItSupport.poolAuto() ? "auto" : "off");
        pb.environment().putAll(env);
        Path log = Files.createTempFile("kerat-" + name, ".log");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        SpawnedDaemon d = new SpawnedDaemon(name, port, pb.start(), log, dir);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (d.get("/api/v1/health", Duration.ofSeconds(2)).statusCode() == 200) {
                    System.out.println("[" + name + "] daemon pid " + d.process.pid() + " on port " + port + ", JVM "
                            + launcherOptions() + ", env " + env);
                    return d;
                }
            } catch (IOException ignored) {
                // not up yet
            }
            if (!d.process.isAlive()) {
                throw new AssertionError("daemon died: " + d.log());
            }
            Thread.sleep(100);
        }
        d.close();
        throw new AssertionError("daemon did not come up: " + d.log());
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    HttpResponse<String> get(String path, Duration timeout, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, Duration timeout, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path, Duration timeout) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Milliseconds health took to answer 200; fails on anything else or after {@code limit}. */
    long healthMillis(Duration limit) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = get("/api/v1/health", limit);
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertTrue(r.statusCode() == 200, () -> "health: " + r.statusCode() + " " + r.body());
        return ms;
    }

    /** A python run, asserted ok with its output; returns how long it took in ms. */
    long pythonRun(String... headers) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = post("/api/v1/runs", RUN, Duration.ofSeconds(60), headers);
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertTrue(r.statusCode() == 200 && r.body().contains("\"status\":\"ok\"") && r.body().contains("42\\n"),
                () -> "run: " + r.statusCode() + " " + r.body());
        return ms;
    }

    /** A sample of the daemon's /metrics (no labels), or -1 if absent. */
    double metric(String sample) throws Exception {
        for (String line : get("/metrics", Duration.ofSeconds(10)).body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return -1;
    }

    /** The daemon's resident set size in KiB. */
    long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + process.pid());
    }

    /** Open file descriptors of the daemon. */
    long fds() throws IOException {
        try (var s = Files.list(Path.of("/proc/" + process.pid() + "/fd"))) {
            return s.count();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the graceful stop
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        ImageStore.deleteTree(dataDir);
    }
}
