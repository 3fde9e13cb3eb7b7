package io.kerat.cgroup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An idle pooled sandbox is frozen and thawed through its cgroup (v1: the freezer hierarchy runsc creates; v2:
 * cgroup.freeze), and removing a child thaws it first. Fake trees: the files the kernel would act on. The real
 * freezer is exercised by the pool's integration tests (PoolLimitsIT, PythonPrestartIT).
 */
class CgroupFreezeTest {

    @Test
    void v1WritesTheFreezerStateAndThawsBeforeRemoving(@TempDir Path root) throws Exception {
        for (String c : List.of("memory", "cpu", "cpuacct", "pids", "freezer")) {
            Files.createDirectories(root.resolve(c));
        }
        CgroupV1 cg = new CgroupV1(root, "kerat");
        cg.create("p1", new CgroupLimits(64L << 20, 1.0, 64));
        // no freezer directory yet (runsc creates it when it joins): refused, nothing written
        assertThrows(CgroupException.class, () -> cg.freeze("p1", true));
        Path state = root.resolve("freezer/kerat/p1/freezer.state");
        Files.createDirectories(state.getParent());
        Files.writeString(state, "THAWED");
        cg.freeze("p1", true);
        assertEquals("FROZEN", Files.readString(state));
        cg.freeze("p1", false);
        assertEquals("THAWED", Files.readString(state));
        cg.freeze("p1", true);
        cg.remove("p1", Duration.ZERO); // (a fake directory with files in it stays: only the write is checked)
        assertEquals("THAWED", Files.readString(state));
    }

    @Test
    void v2WritesCgroupFreezeAndThawsBeforeRemoving(@TempDir Path root) throws Exception {
        CgroupV2 cg = new CgroupV2(root, "kerat");
        cg.create("p1", new CgroupLimits(64L << 20, 1.0, 64));
        assertThrows(CgroupException.class, () -> cg.freeze("p1", true));
        Path f = root.resolve("kerat/p1/cgroup.freeze");
        Files.writeString(f, "0");
        cg.freeze("p1", true);
        assertEquals("1", Files.readString(f));
        cg.remove("p1", Duration.ZERO);
        assertEquals("0", Files.readString(f));
    }
}
