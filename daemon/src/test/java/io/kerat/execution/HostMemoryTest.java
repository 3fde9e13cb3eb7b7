package io.kerat.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool's view of the host's memory, from a fake /proc/meminfo. */
class HostMemoryTest {
    private static final long MIB = 1L << 20;

    @Test
    void belowTheThresholdIsLowAndStartingNeedsRoomAboveIt(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("meminfo"), "MemTotal:        2097152 kB\nMemFree:  100 kB\n"
                + "MemAvailable:     614400 kB\n");
        HostMemory m = new HostMemory(f, 512 * MIB);
        assertEquals(2048 * MIB, m.total());
        assertEquals(600 * MIB, m.available());
        assertFalse(m.low());
        assertTrue(m.roomFor(64 * MIB));
        assertFalse(m.roomFor(100 * MIB), "starting one more would go below the threshold");
        m.minAvailableBytes(601 * MIB);
        assertTrue(m.low());
        m.minAvailableBytes(0);
        assertFalse(m.low());
    }

    @Test
    void anUnreadableFileNeverHoldsThePoolBack(@TempDir Path d) {
        HostMemory m = new HostMemory(d.resolve("missing"), Long.MAX_VALUE);
        assertEquals(-1, m.available());
        assertEquals(0, m.total());
        assertFalse(m.low());
        assertTrue(m.roomFor(64 * MIB));
    }
}
