package io.kerat.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: clients that hold connections open. A daemon in its own JVM (the launcher's options) with short
 * timeouts (request 3 s, idle 3 s, response 5 s) so the test stays fast: 2,000 half-requests, silent
 * connections, keep-alive idleness, a long run that is not idleness, a client that never reads its responses,
 * and Debian's slowhttptest in its slowloris, slow body and slow read modes.
 */
class SlowClientsIT {
    static final int REQUEST_TIMEOUT_MS = 3_000;
    static final int IDLE_TIMEOUT_MS = 3_000;
    static final int RESPONSE_TIMEOUT_MS = 5_000;
    static SpawnedDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        daemon = SpawnedDaemon.start("slow", Map.of(
                "KERAT_HTTP_REQUEST_TIMEOUT_MS", String.valueOf(REQUEST_TIMEOUT_MS),
                "KERAT_HTTP_IDLE_TIMEOUT_MS", String.valueOf(IDLE_TIMEOUT_MS),
                "KERAT_HTTP_RESPONSE_TIMEOUT_MS", String.valueOf(RESPONSE_TIMEOUT_MS)));
        daemon.pythonRun(); // warm
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** The soft limit on open files of this JVM (the daemon, our child, inherits it). */
    static long openFilesLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return 1024;
    }

    /** Health probed every 100 ms from another thread while {@code body} runs; returns the worst time in ms. */
    static long whileProbingHealth(long limitMs, ThrowingRunnable body) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong worst = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Thread probe = new Thread(() -> {
            while (!stop.get()) {
                try {
                    worst.accumulateAndGet(daemon.healthMillis(Duration.ofMillis(limitMs)), Math::max);
                    Thread.sleep(100);
                } catch (Throwable e) {
                    failures.add(e.toString());
                }
            }
        });
        probe.start();
        try {
            body.run();
        } finally {
            stop.set(true);
            probe.join();
        }
        assertEquals(List.of(), failures, "health must answer within " + limitMs + " ms throughout");
        return worst.get();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** What a socket gets until the daemon closes it: the status code, "closed" for nothing, or "open". */
    static String outcome(Socket s, long deadlineNanos) throws IOException {
        ByteArrayBuilder got = new ByteArrayBuilder();
        InputStream in = s.getInputStream();
        while (true) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return "open";
            }
            s.setSoTimeout((int) Math.max(1, left));
            int n;
            byte[] buf = new byte[1024];
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return "open";
            } catch (java.net.SocketException e) {
                n = -1; // reset
            }
            if (n < 0) {
                String text = got.toString();
                return text.startsWith("HTTP/1.1 ") ? text.substring(9, 12) + (text.contains("\"request_timeout\"") ? " json" : "")
                        : text.isEmpty() ? "closed" : "garbage";
            }
            for (int i = 0; i < n; i++) {
                got.add(buf[i] & 0xff);
            }
        }
    }

    static final class ByteArrayBuilder {
        private final StringBuilder b = new StringBuilder();

        void add(int c) {
            b.append((char) c);
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }

    @Test
    void twoThousandHalfRequestsAndSilentConnectionsAreTimedOut() throws Exception {
        long limit = openFilesLimit();
        int half = (int) Math.min(2_000, (limit - 300) * 8 / 10);
        int silent = Math.min(200, half / 10);
        if (half < 2_000) {
            System.out.println("[slow] open-files limit " + limit + ": " + half + " half-requests instead of 2000");
        }
        assertTrue(half >= 500, "open-files limit " + limit + " is too low for this test; raise `ulimit -n`");
        List<Socket> halves = new ArrayList<>();
        List<Socket> silents = new ArrayList<>();
        long[] lastOpened = new long[1];
        long[] openMs = new long[1];
        long worst = whileProbingHealth(2_000, () -> {
            long t = System.nanoTime();
            for (int i = 0; i < half; i++) {
                Socket s = new Socket("127.0.0.1", daemon.port);
                // a request line and half the headers, then nothing
                String part = i % 2 == 0 ? "POST /api/v1/runs HTTP/1.1\r\nHost: kerat\r\nContent-Type: appl"
                        : "GET /api/v1/heal";
                s.getOutputStream().write(part.getBytes(StandardCharsets.US_ASCII));
                halves.add(s);
                if (i % (half / silent) == 0 && silents.size() < silent) {
                    silents.add(new Socket("127.0.0.1", daemon.port));
                }
            }
            lastOpened[0] = System.nanoTime();
            openMs[0] = (lastOpened[0] - t) / 1_000_000;
            Thread.sleep(1_000); // and health keeps answering while they all hang
        });
        double openNow = daemon.metric("kerat_http_open_connections");
        long rssDuring = daemon.rssKib();
        // all of them are closed by the daemon within the timeouts (plus slack for a loaded machine)
        long deadline = lastOpened[0] + (Math.max(REQUEST_TIMEOUT_MS, IDLE_TIMEOUT_MS) + 10_000) * 1_000_000L;
        while (daemon.metric("kerat_http_open_connections") > 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long daemonClosedMs = (System.nanoTime() - lastOpened[0]) / 1_000_000;
        Map<String, Integer> got = new TreeMap<>();
        for (Socket s : halves) {
            got.merge("half-request: " + outcome(s, deadline), 1, Integer::sum);
            s.close();
        }
        for (Socket s : silents) {
            got.merge("silent: " + outcome(s, deadline), 1, Integer::sum);
            s.close();
        }
        long allClosedMs = (System.nanoTime() - lastOpened[0]) / 1_000_000;
        double requestTimeouts = daemon.metric("kerat_http_timeouts_total{kind=\"request\",}");
        double idleTimeouts = daemon.metric("kerat_http_timeouts_total{kind=\"idle\",}");
        System.out.printf("[slow] %d half-requests + %d silent connections opened in %d ms (%.0f open in the daemon, "
                        + "RSS %d MiB); health worst %d ms meanwhile; the daemon had closed them %d ms after the last "
                        + "was opened (all read by %d ms): %s; timeouts counted: request %.0f, idle %.0f%n",
                half, silent, openMs[0], openNow, rssDuring >> 10, worst, daemonClosedMs, allClosedMs, got,
                requestTimeouts, idleTimeouts);
        assertEquals(Map.of("half-request: 408 json", half, "silent: closed", silent), got);
        assertTrue(requestTimeouts >= half && idleTimeouts >= silent);
    }

    @Test
    void keepAliveConnectionIsClosedAfterIdleTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", daemon.port)) {
            s.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\nHost: kerat\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(5_000);
            byte[] head = new byte[12];
            assertEquals(12, s.getInputStream().readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII));
            long t = System.nanoTime();
            String rest = outcome(s, System.nanoTime() + (IDLE_TIMEOUT_MS + 10_000) * 1_000_000L);
            long ms = (System.nanoTime() - t) / 1_000_000;
            System.out.printf("[slow] idle keep-alive connection closed %d ms after its response%n", ms);
            assertTrue(!rest.equals("open"), "the daemon should close an idle keep-alive connection");
            assertTrue(ms >= IDLE_TIMEOUT_MS - 500, ms + " ms");
        }
    }

    @Test
    void aRunLongerThanTheTimeoutsIsNotIdleness() throws Exception {
        String body = "{\"language\":\"python\",\"limits\":{\"wall_time_ms\":15000},\"files\":[{\"name\":\"main.py\","
                + "\"content\":\"import time\\ntime.sleep(6)\\nprint('done')\"}]}";
        long t = System.nanoTime();
        HttpResponse<String> r = daemon.post("/api/v1/runs", body, Duration.ofSeconds(60));
        long ms = (System.nanoTime() - t) / 1_000_000;
        System.out.printf("[slow] a 6 s run under 3 s request/idle timeouts answered after %d ms: %d%n", ms, r.statusCode());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"status\":\"ok\"") && r.body().contains("done\\n"), r.body());
    }

    @Test
    void aClientThatNeverReadsItsResponsesIsCutOffWithoutGrowingTheDaemon() throws Exception {
        long rssBefore = daemon.rssKib();
        // 20,000 pipelined requests for the 16 KB OpenAPI document (320 MB of answers) on a socket never read
        byte[] one = "GET /api/v1/openapi.json HTTP/1.1\r\nHost: kerat\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        long t = System.nanoTime();
        long peak = rssBefore;
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", daemon.port));
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        s.getOutputStream().write(one);
                        written.incrementAndGet();
                    }
                } catch (IOException e) {
                    // cut off by the daemon
                }
            });
            writer.start();
            String end = "open";
            long deadline = System.nanoTime() + (RESPONSE_TIMEOUT_MS + 10_000) * 1_000_000L;
            while (System.nanoTime() < deadline) {
                peak = Math.max(peak, daemon.rssKib());
                if (!writer.isAlive()) {
                    break;
                }
                Thread.sleep(200);
            }
            writer.join(5_000);
            // the daemon closed it: reading what it sent ends (EOF or reset) instead of hanging
            s.setSoTimeout(5_000);
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[65536];
                while (in.read(buf) >= 0) {
                    // drain
                }
                end = "closed";
            } catch (SocketTimeoutException e) {
                end = "open";
            } catch (IOException e) {
                end = "closed";
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            System.out.printf("[slow] a client pipelining requests without reading: %d of 20000 sent before the daemon "
                            + "stopped reading/closed; %s after %d ms; RSS %d MiB before, peak %d MiB%n",
                    written.get(), end, ms, rssBefore >> 10, peak >> 10);
            // answering all of them would take 320 MB: the daemon must cut the client off instead
            assertEquals("closed", end);
        }
        assertTrue(peak - rssBefore < 64 * 1024, "RSS grew by " + ((peak - rssBefore) >> 10) + " MiB");
        daemon.healthMillis(Duration.ofSeconds(2));
    }

    @Test
    void aLargeResponseNobodyReadsIsDroppedAfterTheResponseTimeout() throws Exception {
        // a run printing 6.5 MB: its answer is larger than the socket buffers can take from a client that never reads
        String body = "{\"language\":\"python\",\"limits\":{\"output_bytes\":9000000},\"files\":[{\"name\":\"main.py\","
                + "\"content\":\"import sys\\nfor i in range(100): sys.stdout.write('x' * 65536)\"}]}";
        double before = daemon.metric("kerat_http_timeouts_total{kind=\"response\",}");
        long rssBefore = daemon.rssKib();
        long peak = rssBefore;
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", daemon.port));
            s.getOutputStream().write(("POST /api/v1/runs HTTP/1.1\r\nHost: kerat\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            long t = System.nanoTime();
            long deadline = t + 60_000_000_000L;
            double now = before;
            while (now == before && System.nanoTime() < deadline) {
                Thread.sleep(250);
                peak = Math.max(peak, daemon.rssKib());
                now = daemon.metric("kerat_http_timeouts_total{kind=\"response\",}");
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            System.out.printf("[slow] a 6.5 MB answer never read: connection dropped by the response timeout after "
                    + "%d ms (run included); RSS %d MiB before, peak %d MiB%n", ms, rssBefore >> 10, peak >> 10);
            assertEquals(before + 1, now, "the response timeout should have closed the connection");
        }
        assertTrue(peak - rssBefore < 64 * 1024, "RSS grew by " + ((peak - rssBefore) >> 10) + " MiB");
        daemon.healthMillis(Duration.ofSeconds(2));
    }

    /** Debian's slowhttptest, its three slow modes at once for 15 s, a few hundred connections each. */
    @Test
    void slowhttptestSlowlorisSlowBodyAndSlowRead() throws Exception {
        Path tool = Path.of("/usr/bin/slowhttptest");
        if (!Files.isExecutable(tool)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but slowhttptest is not installed (apt-get install slowhttptest)");
            }
            org.junit.jupiter.api.Assumptions.abort("slowhttptest is not installed (apt-get install slowhttptest)");
        }
        Path out = Files.createTempDirectory("kerat-slowhttptest");
        String base = "http://127.0.0.1:" + daemon.port;
        Map<String, List<String>> modes = new TreeMap<>();
        // slowloris: headers never finished, a new header line every 2 s
        modes.put("slowloris", List.of("-H", "-c", "300", "-r", "150", "-i", "2", "-x", "24", "-u", base + "/api/v1/health"));
        // slow body: a POST declaring 8 KiB sent a few bytes every 2 s
        modes.put("slow-body", List.of("-B", "-c", "300", "-r", "150", "-i", "2", "-s", "8192", "-t", "POST",
                "-u", base + "/api/v1/runs"));
        // slow read: 3 pipelined requests for the 16 KB OpenAPI document, read 32 bytes every 5 s into a tiny window
        modes.put("slow-read", List.of("-X", "-c", "300", "-r", "150", "-w", "512", "-y", "1024", "-n", "5", "-z", "32",
                "-k", "3", "-u", base + "/api/v1/openapi.json"));
        long rssBefore = daemon.rssKib();
        long fdsBefore = daemon.fds();
        AtomicLong peak = new AtomicLong(rssBefore);
        Map<String, Process> running = new TreeMap<>();
        long worst = whileProbingHealth(10_000, () -> {
            for (Map.Entry<String, List<String>> m : modes.entrySet()) {
                List<String> cmd = new ArrayList<>(List.of(tool.toString(), "-l", "15", "-p", "5", "-g", "-o",
                        out.resolve(m.getKey()).toString()));
                cmd.addAll(m.getValue());
                running.put(m.getKey(), new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(out.resolve(m.getKey() + ".log").toFile()).start());
            }
            for (Map.Entry<String, Process> p : running.entrySet()) {
                long deadline = System.nanoTime() + 90_000_000_000L;
                while (p.getValue().isAlive() && System.nanoTime() < deadline) {
                    peak.accumulateAndGet(daemon.rssKib(), Math::max);
                    Thread.sleep(250);
                }
                if (p.getValue().isAlive()) {
                    p.getValue().destroyForcibly();
                    throw new AssertionError(p.getKey() + " did not end: " + Files.readString(out.resolve(p.getKey() + ".log")));
                }
            }
        });
        StringBuilder report = new StringBuilder();
        for (String mode : modes.keySet()) {
            Path csv = out.resolve(mode + ".csv");
            List<String> rows = Files.isRegularFile(csv) ? Files.readAllLines(csv) : List.of();
            assertTrue(rows.size() > 2, () -> mode + " wrote no report: " + read(out.resolve(mode + ".log")));
            // Seconds,Closed,Pending,Connected,Service Available (the last is the connection count when available)
            int unavailable = 0;
            int maxConnected = 0;
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",");
                maxConnected = Math.max(maxConnected, Integer.parseInt(f[3].trim()));
                if (Integer.parseInt(f[4].trim()) == 0) {
                    unavailable++;
                }
            }
            report.append(String.format(" %s: %d s, at most %d connected, %d s unavailable to its probe, last %s;",
                    mode, rows.size() - 1, maxConnected, unavailable, rows.get(rows.size() - 1)));
        }
        // the daemon lets go of every connection of the attack, and serves normally
        long deadline = System.nanoTime() + 15_000_000_000L;
        double open = daemon.metric("kerat_http_open_connections");
        while (open > 5 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            open = daemon.metric("kerat_http_open_connections");
        }
        daemon.healthMillis(Duration.ofSeconds(2));
        long runMs = daemon.pythonRun();
        long rssAfter = daemon.rssKib();
        long fdsAfter = daemon.fds();
        System.out.printf("[slowhttptest]%s health worst %d ms; afterwards %.0f connections open, a python run in %d ms; "
                        + "daemon RSS %d MiB before, peak %d MiB, after %d MiB; fds %d before, %d after; timeouts "
                        + "request %.0f, idle %.0f, response %.0f%n", report, worst, open, runMs, rssBefore >> 10,
                peak.get() >> 10, rssAfter >> 10, fdsBefore, fdsAfter,
                daemon.metric("kerat_http_timeouts_total{kind=\"request\",}"),
                daemon.metric("kerat_http_timeouts_total{kind=\"idle\",}"),
                daemon.metric("kerat_http_timeouts_total{kind=\"response\",}"));
        assertTrue(open <= 5, "connections of the attack still open: " + open);
        assertTrue(fdsAfter <= fdsBefore + 10, "descriptors " + fdsBefore + " -> " + fdsAfter);
        // 900 connections hold at most a few KiB of headers or body each, and nothing is kept once they are
        // closed: what the heap grew by stays far below 64 MiB (heap and direct memory are capped anyway)
        assertTrue(rssAfter - rssBefore < 64 * 1024, "RSS " + (rssBefore >> 10) + " -> " + (rssAfter >> 10) + " MiB");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
