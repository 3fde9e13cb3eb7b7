package io.kerat.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serve lock within one process (across processes: SecondDaemonIT). */
class ServeLockTest {
    @Test
    void heldOnceNamesTheHolderAndIsFreeAgainAfterRelease(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        // a stale file from a daemon that died: a lock file alone never blocks
        Files.createDirectories(data);
        Files.writeString(data.resolve(ServeLock.FILE), "999999\n");
        ServeLock lock = ServeLock.acquire(data);
        try {
            assertTrue(ServeLock.isHeld(data));
            assertEquals(data.resolve(ServeLock.FILE), lock.file());
            ServeLock.BusyException e = assertThrows(ServeLock.BusyException.class, () -> ServeLock.acquire(data));
            String pid = Long.toString(ProcessHandle.current().pid());
            assertEquals(pid, e.holder());
            assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains("pid " + pid), e.getMessage());
            assertFalse(ServeLock.isHeld(tmp.resolve("other")));
        } finally {
            lock.release();
        }
        assertFalse(ServeLock.isHeld(data));
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(data.resolve(ServeLock.FILE)));
        ServeLock again = ServeLock.acquire(data);
        again.release();
    }
}
