package io.kerat.it;

import io.kerat.Kerat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every CompileLimitsIT test again with a compile pool for C: a compile stage that hits its wall time or output cap
 * in a pooled sandbox must end as it does cold. (The clamped compile may be answered by the compile cache when
 * CompileLimitsIT ran first, so at least the two failing compiles must have been served by the pool.)
 */
class CompileLimitsPoolIT extends CompileLimitsIT {
    private static long handOutsBefore;

    @BeforeAll
    static void enableCompilePool() throws Exception {
        Kerat k = ItSupport.daemon("c");
        handOutsBefore = k.executor().poolHandOuts();
        k.executor().configurePool(Map.of("c:compile", 1), 1L << 30);
        full();
    }

    /** Each test starts once the previous test's compile sandbox has been replaced. */
    @BeforeEach
    void waitFull() throws Exception {
        full();
    }

    private static void full() throws Exception {
        Kerat k = ItSupport.daemon();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (k.executor().poolIdleIds().size() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, k.executor().poolIdleIds().size(), "the c compile pool did not fill");
    }

    @AfterAll
    static void disableCompilePoolAndCheckItWasUsed() throws Exception {
        Kerat k = ItSupport.daemon();
        long used = k.executor().poolHandOuts() - handOutsBefore;
        k.executor().configurePool(Map.of("c:compile", 0), 1L << 30);
        assertEquals(0, k.executor().poolIdleIds().size());
        assertTrue(used >= 2, "only " + used + " compile stages were served by the pool");
        ItSupport.assertNothingLeft();
    }
}
