package io.kerat.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real HAProxy (Debian's package) running the shipped example {@code systemd/haproxy-kerat.cfg}, with only the
 * addresses substituted: its frontend on a free loopback port, its servers the given Kerat daemons (HTTP port and
 * agent port each), its runtime API socket and its log in a directory of the test's own.
 */
final class Haproxy implements AutoCloseable {
    /** One backend server: a Kerat daemon's HTTP and agent ports. */
    record Server(String name, int port, int agentPort) {
    }

    final int port;
    final Path dir;
    final Path log;
    private final Process process;

    private Haproxy(int port, Path dir, Path log, Process process) {
        this.port = port;
        this.dir = dir;
        this.log = log;
        this.process = process;
    }

    /** The haproxy binary; when it is not installed, a failure under CI=true, else a JUnit abort (a skip). */
    static String binary() {
        for (String d : (System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin").split(":")) {
            if (Files.isExecutable(Path.of(d, "haproxy"))) {
                return Path.of(d, "haproxy").toString();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but haproxy is not installed (apt-get install haproxy)");
        }
        Assumptions.abort("haproxy is not installed (apt-get install haproxy)");
        return null;
    }

    /** The example configuration with this test's addresses; fails when the example no longer has what is replaced. */
    static String config(int front, Path socket, List<Server> servers) throws IOException {
        String cfg = Files.readString(ItSupport.settings().home().resolve("systemd/haproxy-kerat.cfg"));
        Map<String, String> replace = new HashMap<>();
        replace.put("    bind :31415\n", "    bind 127.0.0.1:" + front + "\n");
        replace.put("    stats socket /run/haproxy/admin.sock ", "    stats socket " + socket + " ");
        replace.put("    log /dev/log local0\n", "    log stderr format raw local0\n"); // request lines in the test log
        for (Map.Entry<String, String> e : replace.entrySet()) {
            assertTrue(cfg.contains(e.getKey()), "the example config lost '" + e.getKey().trim() + "'");
            cfg = cfg.replace(e.getKey(), e.getValue());
        }
        StringBuilder out = new StringBuilder();
        int dropped = 0;
        for (String line : cfg.split("\n", -1)) {
            if (line.matches("\\s+server kerat\\d+ .*")) {
                dropped++;
                continue;
            }
            out.append(line).append('\n');
        }
        assertTrue(dropped > 0, "the example config has no `server keratN` lines");
        for (Server s : servers) { // the example's default-server line gives every other option
            out.append("    server ").append(s.name()).append(" 127.0.0.1:").append(s.port())
                    .append(" agent-port ").append(s.agentPort()).append('\n');
        }
        return out.toString();
    }

    /** Checks the configuration with {@code haproxy -c}, starts HAProxy in the foreground and waits for its frontend. */
    static Haproxy start(String name, List<Server> servers) throws Exception {
        String bin = binary();
        Path dir = Files.createTempDirectory("kerat-haproxy-" + name);
        int front = SpawnedDaemon.freePort();
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config(front, dir.resolve("admin.sock"), servers));
        Path log = dir.resolve("haproxy.log");
        Process check = new ProcessBuilder(bin, "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0, "haproxy -c: " + checked);
        // -db: foreground, whatever `daemon` in the file says; the test ends it with SIGTERM
        Process p = new ProcessBuilder(bin, "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Haproxy h = new Haproxy(front, dir, log, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), () -> "haproxy died: " + h.log());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", front), 500);
                System.out.println("[haproxy] pid " + p.pid() + " on 127.0.0.1:" + front + " for " + servers);
                return h;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        h.close();
        throw new AssertionError("haproxy did not listen: " + h.log());
    }

    /** One command on the runtime API (the stats socket), its whole answer. */
    String command(String cmd) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(dir.resolve("admin.sock")));
            c.write(ByteBuffer.wrap((cmd + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new String(readAll(c), StandardCharsets.UTF_8);
        }
    }

    private static byte[] readAll(SocketChannel c) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (c.read(b) >= 0) {
            out.write(b.array(), 0, b.position());
            b.clear();
        }
        return out.toByteArray();
    }

    /** {@code show stat} of one server of the kerat backend, column name to value. */
    Map<String, String> stat(String server) throws IOException {
        String[] lines = command("show stat").split("\n");
        String[] head = lines[0].replaceFirst("^# ", "").split(",", -1);
        for (String l : lines) {
            String[] f = l.split(",", -1);
            if (f.length > 1 && f[0].equals("kerat") && f[1].equals(server)) {
                Map<String, String> m = new HashMap<>();
                for (int i = 0; i < head.length && i < f.length; i++) {
                    m.put(head[i], f[i]);
                }
                return m;
            }
        }
        throw new AssertionError("no server " + server + " in show stat: " + String.join("\n", lines));
    }

    /** Waits up to {@code seconds} for the server's stat row to satisfy {@code ok}; returns the row. */
    Map<String, String> awaitStat(String server, Predicate<Map<String, String>> ok, int seconds, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, String> m = stat(server);
        while (!ok.test(m)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(server + " not " + what + " after " + seconds + " s: status " + m.get("status")
                        + ", weight " + m.get("weight") + ", agent " + m.get("agent_status") + " " + m.get("agent_desc")
                        + ", check " + m.get("check_status") + "\n" + log());
            }
            Thread.sleep(200);
            m = stat(server);
        }
        return m;
    }

    static long num(Map<String, String> stat, String column) {
        String v = stat.get(column);
        return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
    }

    String log() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops HAProxy (SIGTERM, then SIGKILL) and removes its directory: nothing of it keeps running. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(files::add);
        }
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
        assertEquals(false, process.isAlive());
    }
}
