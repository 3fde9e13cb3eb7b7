package io.kerat.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Issue 7: every PythonRunIT test again, with a warm pool of pre-started Python sandboxes. Limits, verdicts and
 * metrics must be the same as on the cold path; afterwards the pool is emptied and nothing may be left.
 */
class PythonRunPoolIT extends PythonRunIT {
    private static long handOutsBefore;

    @BeforeAll
    static void enablePool() throws Exception {
        handOutsBefore = ItSupport.enablePool("python", 2);
    }

    @AfterAll
    static void disablePoolAndCheckItWasUsed() throws Exception {
        ItSupport.disablePool("python", handOutsBefore, 5);
    }
}
