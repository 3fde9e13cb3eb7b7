package io.kerat.sandbox;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One reader for both pipes of a real process: order kept, caps kept, the listener told only what is kept. */
class OrderedCaptureTest {
    private static String run(String script, long cap, AtomicInteger overflows, ByteArrayOutputStream seen,
                              StringBuilder tags) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).start();
        CappedCapture.Chunks outL = (b, o, n) -> {
            synchronized (seen) {
                seen.write(b, o, n);
                tags.append('o');
            }
        };
        CappedCapture.Chunks errL = (b, o, n) -> {
            synchronized (seen) {
                seen.write(b, o, n);
                tags.append('e');
            }
        };
        CappedCapture out = new CappedCapture(p.getInputStream(), cap, overflows::incrementAndGet, outL);
        CappedCapture err = new CappedCapture(p.getErrorStream(), cap, overflows::incrementAndGet, errL);
        Thread t = new Thread(new OrderedCapture(out, err, p));
        t.start();
        p.waitFor();
        t.join(5000);
        assertTrue(!t.isAlive(), "the reader ended with the process");
        return new String(out.bytes(), StandardCharsets.UTF_8) + "|" + new String(err.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheOrderOfWritesToTwoPipes() throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        StringBuilder tags = new StringBuilder();
        AtomicInteger overflows = new AtomicInteger();
        String both = run("echo o1; sleep 0.05; echo e1 >&2; sleep 0.05; echo o2; sleep 0.05; echo e2 >&2",
                1 << 20, overflows, seen, tags);
        assertEquals("o1\no2\n|e1\ne2\n", both);
        assertEquals("o1\ne1\no2\ne2\n", seen.toString(StandardCharsets.UTF_8));
        assertEquals("oeoe", tags.toString());
        assertEquals(0, overflows.get());
    }

    @Test
    void capsStillApplyAndTheListenerGetsOnlyTheKeptPrefix() throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        AtomicInteger overflows = new AtomicInteger();
        String both = run("head -c 100000 /dev/zero | tr '\\0' x", 1000, overflows, seen, new StringBuilder());
        assertEquals(1000 + 1, both.length(), "1000 bytes of stdout kept, none of stderr");
        assertEquals(1000, seen.size());
        assertEquals(1, overflows.get());
    }
}
