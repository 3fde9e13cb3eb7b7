package io.kerat.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every CIT test again with a warm pool of pre-started c sandboxes: run, cases and test stages get the compile
 * output (fresh or from the compile cache) copied into the pooled sandbox's build mount at hand-over. Verdicts,
 * outputs and per-test results must be those of the cold path; afterwards the pool is emptied and nothing is left.
 */
class CPoolIT extends CIT {
    private static long handOutsBefore;

    @BeforeAll
    static void enablePool() throws Exception {
        handOutsBefore = ItSupport.enablePool("c", 2);
    }

    @AfterAll
    static void disablePoolAndCheckItWasUsed() throws Exception {
        ItSupport.disablePool("c", handOutsBefore, 5);
    }
}
