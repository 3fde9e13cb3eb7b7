package io.kerat.execution;

import io.kerat.config.Limits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which stages a pooled sandbox (the language's maxima, the default memory and disk) can serve, and the rlimits it then gets. */
class PoolFitTest {
    private static final Limits POOL = Limits.runMaximum().withDiskBytes(Limits.runDefaults().diskBytes())
            .withMemoryBytes(Limits.runDefaults().memoryBytes());

    @Test
    void limitsWithinTheMaximaFit() {
        assertTrue(WarmPool.fits(POOL, Limits.runDefaults()));
        assertTrue(WarmPool.fits(POOL, Limits.runDefaults().withMemoryBytes(16 * Limits.MIB).withProcesses(1)
                .withOutputBytes(10).withFileSizeBytes(512).withCpuTimeMs(30_000).withWallTimeMs(60_000).withCpus(2)));
        assertTrue(WarmPool.fits(POOL, POOL));
    }

    @Test
    void limitsBeyondThePoolsOrAnotherDiskStartCold() {
        Limits d = Limits.runDefaults();
        assertFalse(WarmPool.fits(POOL, d.withMemoryBytes(POOL.memoryBytes() + 1)));
        assertFalse(WarmPool.fits(POOL, d.withProcesses(POOL.processes() + 1)));
        assertFalse(WarmPool.fits(POOL, d.withOpenFiles(POOL.openFiles() + 1)));
        assertFalse(WarmPool.fits(POOL, d.withOutputBytes(POOL.outputBytes() + 1)));
        assertFalse(WarmPool.fits(POOL, d.withFileSizeBytes(POOL.fileSizeBytes() + 512)));
        assertFalse(WarmPool.fits(POOL, d.withDiskBytes(32 * Limits.MIB)), "gVisor's /tmp cannot be resized");
        assertFalse(WarmPool.fits(POOL, d.withFileSizeBytes(1000)), "ulimit -f counts 512-byte blocks");
    }

    @Test
    void theHandOverScriptLowersTheRlimitsSoftAndHard() {
        Limits l = Limits.runDefaults().withProcesses(8).withOpenFiles(32).withFileSizeBytes(Limits.MIB);
        assertEquals("ulimit -H -S -p 8 && ulimit -H -S -n 32 && ulimit -H -S -f 2048"
                + " || { echo 'kerat: cannot apply the limits' >&2; exit 125; }\n", HandOverScript.rlimits(l));
    }
}
