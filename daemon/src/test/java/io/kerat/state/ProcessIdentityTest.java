package io.kerat.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The liveness check behind recovery: pid and start time, against a fake /proc and the real one. */
class ProcessIdentityTest {
    /** A stat line as the kernel writes it; the command name holds spaces and a ')' on purpose. */
    static String stat(long pid, String comm, long start) {
        return pid + " (" + comm + ") S 1 " + pid + " " + pid + " 0 -1 4194560 1071 0 0 0 12 3 0 0 20 0 23 0 "
                + start + " 4345856000 46829 18446744073709551615 1 1 0 0 0 0 0 4096 16898 0 0 0 17 1 0 0 0 0 0\n";
    }

    static void fake(Path proc, long pid, String comm, long start) throws Exception {
        Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("stat"), stat(pid, comm, start));
    }

    @Test
    void startTimeIsField22CountedFromTheLastParenthesis() {
        assertEquals(OptionalLong.of(987654), ProcessIdentity.parseStartTime(stat(42, "java", 987654)));
        assertEquals(OptionalLong.of(5), ProcessIdentity.parseStartTime(stat(42, "a) b (c) 1 2 3", 5)));
        assertEquals(OptionalLong.empty(), ProcessIdentity.parseStartTime("42 (java) S 1 2"));
        assertEquals(OptionalLong.empty(), ProcessIdentity.parseStartTime("garbage"));
        assertEquals(OptionalLong.empty(), ProcessIdentity.parseStartTime(stat(42, "x", 1).replace(" 1 4345856000", " x 4345856000")));
    }

    @Test
    void aliveOnlyWithTheSamePidAndStartTime(@TempDir Path proc) throws Exception {
        fake(proc, 100, "java", 5000);
        assertTrue(new ProcessIdentity(100, 5000).isAlive(proc));
        assertFalse(new ProcessIdentity(100, 4999).isAlive(proc), "pid reused by a later process");
        assertFalse(new ProcessIdentity(101, 5000).isAlive(proc), "no such pid");
        assertTrue(new ProcessIdentity(100, 0).isAlive(proc), "start time unknown: any process with the pid counts");
        assertFalse(new ProcessIdentity(0, 0).isAlive(proc));
        Files.writeString(proc.resolve("100/stat"), "unreadable");
        assertFalse(new ProcessIdentity(100, 5000).isAlive(proc));
    }

    @Test
    void thisProcessIsAliveAndAChildThatEndedIsNot() throws Exception {
        ProcessIdentity me = ProcessIdentity.current();
        assertEquals(ProcessHandle.current().pid(), me.pid());
        assertTrue(me.startTime() > 0);
        assertTrue(me.isAlive());
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        OptionalLong start = ProcessIdentity.startTime(ProcessIdentity.PROC, pid);
        p.waitFor();
        ProcessIdentity child = new ProcessIdentity(pid, start.orElse(1));
        assertFalse(child.isAlive(), "an ended (and reaped) process is gone");
    }

    @Test
    void ownerNamesRoundTripAndNothingElseParses() {
        Owner o = new Owner(new ProcessIdentity(1234, 98765), 2);
        assertEquals("1234-98765-2", o.name());
        assertEquals("p1234-98765-2", o.cgroupName());
        assertEquals(Optional.of(o), Owner.parse(o.name()));
        assertEquals(Optional.of(o), Owner.parseCgroup(o.cgroupName()));
        // sandbox cgroups of the flat layout are hex ids; the doctor's probe is doctor-<hex>
        for (String other : new String[]{"0123abcd0123abcd", "0123abcd0123abcd-pool", "doctor-0123", "p", "p1-2",
                "1234-98765", "0-1-2", "-1-2-3", "1234-98765-2/x", "p1234-98765-2-", "12345678901-1-0"}) {
            assertEquals(Optional.empty(), Owner.parse(other), other);
            assertEquals(Optional.empty(), Owner.parseCgroup(other), other);
        }
        Owner a = Owner.next();
        Owner b = Owner.next();
        assertEquals(a.process(), b.process());
        assertTrue(b.instance() > a.instance());
    }
}
