package io.kerat.it;

import io.kerat.Kerat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7: every PythonRunIT test again, with a warm pool of pre-started Python sandboxes. Limits, verdicts and
 * metrics must be the same as on the cold path; afterwards the pool is emptied and nothing may be left.
 */
class PythonRunPoolIT extends PythonRunIT {
    private static long handOutsBefore;

    @BeforeAll
    static void enablePool() throws Exception {
        Kerat k = ItSupport.daemon("python");
        handOutsBefore = k.executor().poolHandOuts();
        k.executor().configurePool(Map.of("python", 2), 1L << 30);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (k.executor().poolIdleIds().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(2, k.executor().poolIdleIds().size(), "the pool did not fill");
    }

    @AfterAll
    static void disablePoolAndCheckItWasUsed() throws Exception {
        Kerat k = ItSupport.daemon();
        long used = k.executor().poolHandOuts() - handOutsBefore;
        k.executor().configurePool(Map.of("python", 0), 1L << 30);
        assertEquals(0, k.executor().poolIdleIds().size());
        // tests with non-default limits start cold; the default-limit ones must have been served warm
        assertTrue(used >= 5, "only " + used + " runs were served by the pool");
        ItSupport.assertNothingLeft();
    }
}
