package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import io.kerat.config.PoolSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: while the host's MemAvailable is below the pool's threshold, the pool drains its idle sandboxes and does
 * not refill, requests run cold; once memory is back it refills. The host's RAM is not filled: the threshold (the
 * setting pool_min_available_bytes, changed here through the executor's test hook) is set above what the host has.
 */
class PoolMemoryPressureIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void drainsBelowTheThresholdAndRefillsAbove() throws Exception {
        Kerat k = ItSupport.daemon();
        long before = ItSupport.enablePool("python", 2);
        long available = memAvailable();
        try {
            k.executor().poolMinAvailableBytes(available + (64L << 30)); // 64 GiB more than the host has
            await(() -> k.executor().poolIdleIds().isEmpty() && k.executor().poolPaused(), "the pool did not drain");

            long handOuts = k.executor().poolHandOuts();
            for (int i = 0; i < 3; i++) {
                JsonNode b = ok(run("python", "main.py", "main.py", "print(6 * 7)"));
                assertEquals("ok", b.path("status").asText(), b::toString);
                assertEquals("42\n", b.path("run").path("stdout").asText(), b::toString);
            }
            assertEquals(handOuts, k.executor().poolHandOuts(), "served warm while the host was short of memory");
            assertEquals(0, k.executor().poolIdleIds().size(), "refilled while the host was short of memory");
            assertTrue(k.executor().poolPaused());

            k.executor().poolMinAvailableBytes(0);
            await(() -> k.executor().poolIdleIds().size() == 2 && !k.executor().poolPaused(), "the pool did not refill");
            JsonNode b = ok(run("python", "main.py", "main.py", "print(6 * 7)"));
            assertEquals("42\n", b.path("run").path("stdout").asText(), b::toString);
            assertEquals(handOuts + 1, k.executor().poolHandOuts(), "not served warm once memory was back");
        } finally {
            k.executor().poolMinAvailableBytes(PoolSettings.DEFAULT_MIN_AVAILABLE_BYTES);
            ItSupport.disablePool("python", before, 0); // the hand-outs are checked above
        }
        assertFalse(k.executor().poolPaused());
    }

    static long memAvailable() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no MemAvailable in /proc/meminfo");
    }

    interface Condition {
        boolean holds();
    }

    /** Polls {@code c} for up to a minute (the pool looks at the host's memory every second). */
    static void await(Condition c, String message) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!c.holds() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(c.holds(), message);
    }
}
