package io.kerat.it;

import io.kerat.cli.Doctor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 6: `kerat doctor` runs real checks, including a trivial sandbox per installed image. */
class DoctorIT {
    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python");
    }

    static Doctor.Check find(List<Doctor.Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no check " + name));
    }

    @Test
    void healthyMachinePassesAndRunsASandbox() throws Exception {
        List<Doctor.Check> checks = Doctor.run(ItSupport.settings(), ItSupport.SOCKET.toString(), true);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Doctor.print(checks, new PrintStream(buf, true));
        String report = buf.toString();
        for (String name : List.of("privileges", "runsc", "cgroups", "data dir", "mmdebstrap", "socket", "image python")) {
            assertTrue(find(checks, name).ok(), name + " failed:\n" + report);
        }
        assertTrue(find(checks, "image python").detail().contains("smoke test ran in"), report);
        assertTrue(find(checks, "runsc").detail().contains("runsc version"), report);
        ItSupport.assertNothingLeft();
        // the doctor's probes and its sandboxes ran as owners of their own, all removed: only the test daemon's is left
        io.kerat.Kerat daemon = ItSupport.daemon();
        long pid = ProcessHandle.current().pid();
        assertEquals(List.of(daemon.layout().owner().name()), ItSupport.stateDirsOf(ItSupport.DATA_DIR, pid));
        assertTrue(List.of(daemon.layout().owner().cgroupName()).containsAll(ItSupport.cgroupsOf(ItSupport.CGROUP_PARENT, pid)),
                () -> ItSupport.cgroupsOf(ItSupport.CGROUP_PARENT, pid).toString());
    }

    @Test
    void languagesNotInstalledAreListedNotFailedButNoImageAtAllFails() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempDirectory(ItSupport.DATA_DIR, "doctor-empty-");
        try {
            List<Doctor.Check> checks = Doctor.run(ItSupport.settings().withDataDir(empty), null, false);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int code = Doctor.print(checks, new PrintStream(buf, true));
            String report = buf.toString();
            Doctor.Check python = find(checks, "image python");
            assertTrue(python.ok() && python.skipped(), report);
            assertTrue(python.detail().contains("sudo kerat image build python"), report);
            assertTrue(report.lines().anyMatch(l -> l.matches("--\\s+image python\\s+not installed.*")), report);
            Doctor.Check none = find(checks, "images");
            assertEquals(false, none.ok(), report);
            assertEquals(1, code, report);
        } finally {
            io.kerat.image.ImageStore.deleteTree(empty);
        }
    }

    @Test
    void missingRunscFailsWithTheFix() {
        List<Doctor.Check> checks = Doctor.run(ItSupport.settings().withRunscPath("/nonexistent/runsc"), null, false);
        Doctor.Check runsc = find(checks, "runsc");
        assertEquals(false, runsc.ok());
        assertTrue(runsc.fix().contains("apt-get install runsc"), runsc.toString());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(1, Doctor.print(checks, new PrintStream(buf, true)));
    }
}
