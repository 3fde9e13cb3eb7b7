package io.kerat.sandbox;

import io.kerat.cgroup.CgroupV1;
import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.state.Owner;
import io.kerat.state.ProcessIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery chooses only the state of owners whose process is gone (fake runsc that logs what it is asked to delete,
 * fake cgroup v1 tree); the flat layout of older versions only when asked (the daemon holding the serve lock).
 */
class RecoveryTest {
    static final String[] CONTROLLERS = {"memory", "cpu", "cpuacct", "pids", "freezer"};

    @TempDir
    Path tmp;

    Path data;
    Path cgRoot;
    Path runscLog;
    Settings settings;

    final Owner alive = new Owner(new ProcessIdentity(3_999_001, 500), 0);
    final Owner dead = new Owner(new ProcessIdentity(3_999_002, 600), 0);
    /** The live process's pid, but another start time: a process that had the pid before it. */
    final Owner reused = new Owner(new ProcessIdentity(3_999_001, 499), 1);
    /** Known only by its cgroup (its state directory was already removed under another cgroup parent). */
    final Owner cgroupOnly = new Owner(new ProcessIdentity(3_999_003, 700), 0);

    void setUp() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        cgRoot = Files.createDirectories(tmp.resolve("cgroup"));
        runscLog = tmp.resolve("runsc.log");
        Path fake = tmp.resolve("fake-runsc");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" >> " + runscLog + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        settings = Settings.fromEnvironment(Map.of("KERAT_HOME", tmp.toString(), "KERAT_DATA_DIR", data.toString(),
                "KERAT_RUNSC", fake.toString()));
        for (String c : CONTROLLERS) {
            Files.createDirectories(cgRoot.resolve(c).resolve("kerat"));
        }
        for (Owner o : List.of(alive, dead, reused)) {
            Path state = data.resolve("procs").resolve(o.name());
            String sandbox = "sb" + o.process().startTime() + o.instance();
            Files.createDirectories(state.resolve("runsc"));
            Files.writeString(state.resolve("runsc").resolve(sandbox + "_sandbox:" + sandbox + ".state"), "{}");
            Files.createDirectories(state.resolve("runs").resolve("job-" + sandbox).resolve("run"));
            cgroup(o.cgroupName() + "/" + sandbox);
        }
        cgroup(cgroupOnly.cgroupName() + "/sb-cgroup-only");
        Files.createDirectories(data.resolve("procs/not-an-owner"));
        // the flat layout of a version before owners
        Files.createDirectories(data.resolve("runsc"));
        Files.writeString(data.resolve("runsc/legacy1_sandbox:legacy1.state"), "{}");
        Files.createDirectories(data.resolve("runs/legacyjob/run"));
        cgroup("0123456789abcdef");
    }

    void cgroup(String rel) throws Exception {
        for (String c : CONTROLLERS) {
            Files.createDirectories(cgRoot.resolve(c).resolve("kerat").resolve(rel));
        }
    }

    List<String> deleted() throws Exception {
        return Files.exists(runscLog) ? Files.readAllLines(runscLog).stream()
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).sorted().toList() : List.of();
    }

    @Test
    void removesOnlyGoneOwnersThenTheFlatLayoutOnlyWhenAsked() throws Exception {
        setUp();
        CgroupV1 top = new CgroupV1(cgRoot, "kerat");
        Layout layout = new Layout(settings, Owner.next());

        Recovery.Report r = Recovery.reapGone(settings, layout, top, false, p -> p.equals(alive.process()));
        assertEquals(List.of(reused.name(), dead.name(), cgroupOnly.name()), r.owners().stream().sorted().toList());
        assertEquals(List.of("sb4991", "sb6000"), deleted(), "runsc delete --force only in gone owners' roots");
        assertTrue(r.runDirs().containsAll(List.of("job-sb4991", "job-sb6000")), r::toString);
        assertFalse(Files.exists(data.resolve("procs").resolve(dead.name())));
        assertFalse(Files.exists(data.resolve("procs").resolve(reused.name())));
        assertTrue(Files.exists(data.resolve("procs").resolve(alive.name()).resolve("runsc/sb5000_sandbox:sb5000.state")));
        assertTrue(Files.isDirectory(data.resolve("procs").resolve(alive.name()).resolve("runs/job-sb5000")));
        assertTrue(Files.isDirectory(data.resolve("procs/not-an-owner")), "not an owner's: left alone");
        assertEquals(List.of("0123456789abcdef", alive.cgroupName()), top.children());
        assertEquals(List.of("sb5000"), top.child(alive.cgroupName()).children());
        for (String c : CONTROLLERS) {
            assertFalse(Files.exists(cgRoot.resolve(c).resolve("kerat").resolve(dead.cgroupName())), c);
        }
        // the flat layout is untouched without the lock
        assertTrue(Files.exists(data.resolve("runsc/legacy1_sandbox:legacy1.state")));
        assertTrue(Files.isDirectory(data.resolve("runs/legacyjob")));

        // again: nothing more of anyone alive goes
        assertTrue(Recovery.reapGone(settings, layout, top, false, p -> p.equals(alive.process())).isEmpty());

        Files.delete(runscLog);
        Recovery.Report legacy = Recovery.reapGone(settings, layout, top, true, p -> p.equals(alive.process()));
        assertEquals(List.of("legacy1"), deleted());
        assertEquals(List.of("0123456789abcdef"), legacy.cgroups());
        assertEquals(List.of("legacyjob"), legacy.runDirs());
        assertFalse(Files.exists(data.resolve("runsc")));
        assertFalse(Files.exists(data.resolve("runs")));
        assertEquals(List.of(alive.cgroupName()), top.children());

        // the live owner's own shutdown removes its own state, and only that
        Files.delete(runscLog);
        Recovery.Report own = Recovery.removeOwn(settings, new Layout(settings, alive), top);
        assertEquals(List.of("sb5000"), deleted());
        assertEquals(List.of("job-sb5000"), own.runDirs());
        assertEquals(List.of(), top.children());
        assertEquals(List.of("not-an-owner"), List.of(data.resolve("procs").toFile().list()));
    }

    @Test
    void theRealCheckNeverTakesThisProcessOrALiveOneForGone() throws Exception {
        setUp();
        CgroupV1 top = new CgroupV1(cgRoot, "kerat");
        ProcessIdentity me = ProcessIdentity.current();
        Owner other = Owner.next(); // another instance of this very process
        Owner init = new Owner(new ProcessIdentity(1, ProcessIdentity.startTime(ProcessIdentity.PROC, 1).orElse(0)), 0);
        for (Owner o : List.of(other, init)) {
            Files.createDirectories(data.resolve("procs").resolve(o.name()).resolve("runsc"));
            cgroup(o.cgroupName() + "/x");
        }
        assertEquals(me, other.process());
        Recovery.Report r = Recovery.reapGone(settings, new Layout(settings, Owner.next()), top, false);
        assertFalse(r.owners().contains(other.name()), r::toString);
        assertFalse(r.owners().contains(init.name()), r::toString);
        assertTrue(r.owners().contains(dead.name()), r::toString);
        assertTrue(Files.isDirectory(data.resolve("procs").resolve(other.name())));
        assertTrue(Files.isDirectory(data.resolve("procs").resolve(init.name())));
        assertTrue(top.children().contains(other.cgroupName()));
        assertTrue(top.children().contains(init.cgroupName()));
    }
}
