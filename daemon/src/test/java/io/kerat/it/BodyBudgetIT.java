package io.kerat.it;

import io.kerat.Kerat;
import io.kerat.config.HttpSettings;
import io.kerat.http.BodyBudget;
import io.kerat.http.DialectRoutes;
import io.kerat.http.HttpServer;
import io.kerat.http.MetricsRoutes;
import io.kerat.http.NativeRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: every way a request can end gives its body bytes back to the shared budget (no leak on any path), and
 * the TCP listener and the Unix socket share one budget. A second listener of the test daemon with small limits:
 * a 20 MiB budget, 16 MiB bodies, a 1 s request timeout.
 */
class BodyBudgetIT {
    static final long MIB = 1L << 20;
    static final long MAX_BODY = 16 * MIB;
    static final Path SOCKET = Path.of("/run/kerat-test/" + ItSupport.CGROUP_PARENT + "-budget.sock");
    static HttpServer server;
    static BodyBudget budget;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Kerat k = ItSupport.daemon("python");
        server = new HttpServer(List.of(new NativeRoutes(k), new DialectRoutes(k), new MetricsRoutes(k)), MAX_BODY,
                new HttpSettings(20 * MIB, 1_000, 5_000, 5_000, 100, false));
        port = server.bind("127.0.0.1", 0, null).getPort();
        server.bindUnix(SOCKET, "root");
        budget = server.budget();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Socket tcp() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static void sendZeros(OutputStream out, long n) throws IOException {
        byte[] b = new byte[64 * 1024];
        for (long left = n; left > 0; left -= b.length) {
            out.write(b, 0, (int) Math.min(b.length, left));
        }
    }

    /** The status code of the next response on {@code s}, or "closed"/"none". */
    static String status(Socket s) throws IOException {
        try {
            byte[] head = s.getInputStream().readNBytes(12);
            return head.length < 12 ? "closed" : new String(head, StandardCharsets.ISO_8859_1).substring(9, 12);
        } catch (SocketTimeoutException e) {
            return "none";
        } catch (java.net.SocketException e) {
            return "closed";
        }
    }

    static void drain(Socket s) {
        try {
            s.setSoTimeout(5_000);
            InputStream in = s.getInputStream();
            while (in.read(new byte[8192]) >= 0) {
                // until the daemon closes
            }
        } catch (IOException ignored) {
            // closed
        }
    }

    static void assertBudgetBackToZero(String after) throws InterruptedException {
        awaitUsed(0, "body bytes still reserved after " + after);
    }

    /** Waits (the daemon may be slow on a loaded machine) until the budget holds {@code n} bytes. */
    static void awaitUsed(long n, String why) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (budget.used() != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, budget.used(), why);
    }

    @org.junit.jupiter.api.BeforeEach
    void clean() throws InterruptedException {
        assertBudgetBackToZero("the previous test");
    }

    static String post(String path, long length) {
        return "POST " + path + " HTTP/1.1\r\nHost: k\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
    }

    static final String CHUNKED = "POST /api/v1/runs HTTP/1.1\r\nHost: k\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";

    @Test
    void completedRequestsReleaseTheirBytes() throws Exception {
        try (Socket s = tcp()) {
            String body = SpawnedDaemon.RUN;
            send(s, post("/api/v1/runs", body.length()) + body);
            assertEquals("200", status(s));
        }
        assertBudgetBackToZero("a run");
        try (Socket s = tcp()) { // chunked, answered 400 (not a valid request)
            send(s, CHUNKED + "2\r\n{}\r\n0\r\n\r\n");
            assertEquals("400", status(s));
        }
        assertBudgetBackToZero("a chunked request");
    }

    @Test
    void refusedAndOversizedRequestsHoldNothing() throws Exception {
        try (Socket a = tcp(); Socket b = tcp(); Socket c = tcp(); Socket d = tcp()) {
            send(a, post("/api/v1/runs", MAX_BODY));
            sendZeros(a.getOutputStream(), MIB);
            awaitUsed(MAX_BODY, "a 16 MiB upload reserves its length");
            // a second large one does not fit: 503 busy before its body is read
            send(b, post("/api/v1/runs", MAX_BODY));
            assertEquals("503", status(b));
            // chunked, growing past the budget: 503 busy once the chunk that does not fit arrives
            send(c, CHUNKED);
            try {
                for (int i = 0; i < 40; i++) {
                    send(c, Long.toHexString(64 * 1024) + "\r\n");
                    sendZeros(c.getOutputStream(), 64 * 1024);
                    send(c, "\r\n");
                }
            } catch (IOException e) {
                // closed after its 503
            }
            assertEquals("503", status(c));
            // larger than any body may be: 413, nothing reserved
            send(d, post("/api/v1/runs", MAX_BODY + 1));
            assertEquals("413", status(d));
            assertTrue(budget.used() >= MAX_BODY && budget.used() <= 20 * MIB, "used " + budget.used());
        }
        assertBudgetBackToZero("clients closing mid-body, a 503 and a 413");
        try (Socket e = tcp()) { // chunked past the body cap: 413 once it passes 16 MiB
            send(e, CHUNKED);
            try {
                for (int i = 0; i < 17 * 16; i++) {
                    send(e, Long.toHexString(64 * 1024) + "\r\n");
                    sendZeros(e.getOutputStream(), 64 * 1024);
                    send(e, "\r\n");
                }
            } catch (IOException ignored) {
                // closed after its 413
            }
            assertEquals("413", status(e));
            drain(e);
        }
        assertBudgetBackToZero("a chunked body over the cap");
    }

    @Test
    void aTimedOutUploadReleasesItsBytes() throws Exception {
        try (Socket s = tcp()) {
            send(s, post("/api/v1/runs", 4 * MIB));
            sendZeros(s.getOutputStream(), MIB);
            awaitUsed(4 * MIB, "a 4 MiB upload reserves its length");
            assertEquals("408", status(s)); // after the 1 s request timeout
            drain(s);
        }
        assertBudgetBackToZero("a 408");
    }

    @Test
    void aClientLeavingDuringItsRunReleasesItsBytes() throws Exception {
        String body = "{\"language\":\"python\",\"files\":[{\"name\":\"main.py\",\"content\":\"import time\\ntime.sleep(3)\"}]}";
        try (Socket s = tcp()) {
            send(s, post("/api/v1/runs", body.length()) + body);
            awaitUsed(body.length(), "held while the run is computed");
        }
        assertBudgetBackToZero("a client that left during its run");
    }

    @Test
    void theUnixSocketSharesTheBudget() throws Exception {
        try (SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX); Socket tcp = tcp()) {
            unix.connect(UnixDomainSocketAddress.of(SOCKET));
            unix.write(ByteBuffer.wrap(post("/api/v1/runs", MAX_BODY).getBytes(StandardCharsets.ISO_8859_1)));
            unix.write(ByteBuffer.allocate((int) MIB));
            awaitUsed(MAX_BODY, "a 16 MiB upload over the socket reserves its length");
            send(tcp, post("/api/v1/runs", MAX_BODY));
            assertEquals("503", status(tcp));
        }
        assertBudgetBackToZero("a Unix socket client leaving");
    }
}
