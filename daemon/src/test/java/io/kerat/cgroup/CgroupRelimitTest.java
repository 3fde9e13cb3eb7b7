package io.kerat.cgroup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pooled sandbox's cgroup gets its stage's limits at hand-over: both versions, against fake trees. */
class CgroupRelimitTest {

    @Test
    void v1LowersMemorySwapCpuAndPids(@TempDir Path root) throws Exception {
        for (String c : List.of("memory", "cpu", "cpuacct", "pids")) {
            Files.createDirectories(root.resolve(c));
        }
        CgroupV1 cg = new CgroupV1(root, "kerat");
        cg.create("p1", new CgroupLimits(2112L << 20, 2.0, 32768));
        Path mem = root.resolve("memory/kerat/p1");
        Files.writeString(mem.resolve("memory.memsw.limit_in_bytes"), String.valueOf(2112L << 20)); // swap accounted
        Files.writeString(mem.resolve("memory.usage_in_bytes"), String.valueOf(30L << 20));
        assertEquals(30L << 20, cg.memoryUsage("p1"));

        cg.relimit("p1", new CgroupLimits(128L << 20, 0.5, 4096));
        assertEquals(String.valueOf(128L << 20), Files.readString(mem.resolve("memory.limit_in_bytes")));
        assertEquals(String.valueOf(128L << 20), Files.readString(mem.resolve("memory.memsw.limit_in_bytes")));
        assertEquals("50000", Files.readString(root.resolve("cpu/kerat/p1/cpu.cfs_quota_us")));
        assertEquals("4096", Files.readString(root.resolve("pids/kerat/p1/pids.max")));
    }

    @Test
    void v2LowersTheLeafAndRefusesMemoryBelowItsUse(@TempDir Path root) throws Exception {
        CgroupV2 cg = new CgroupV2(root, "kerat");
        cg.create("p1", new CgroupLimits(2112L << 20, 2.0, 32768));
        Path leaf = root.resolve("kerat/p1");
        Files.writeString(leaf.resolve("memory.current"), String.valueOf(40L << 20));
        Files.writeString(leaf.resolve("memory.swap.max"), "0");

        cg.relimit("p1", new CgroupLimits(80L << 20, 1.0, 4096));
        assertEquals(String.valueOf(80L << 20), Files.readString(leaf.resolve("memory.max")));
        assertEquals("100000 100000", Files.readString(leaf.resolve("cpu.max")));
        assertEquals("4096", Files.readString(leaf.resolve("pids.max")));
        assertEquals("0", Files.readString(leaf.resolve("memory.swap.max")));

        // the kernel would OOM-kill the idle sandbox: refused, memory.max left as it was
        CgroupException e = assertThrows(CgroupException.class,
                () -> cg.relimit("p1", new CgroupLimits(32L << 20, 1.0, 4096)));
        assertTrue(e.getMessage().contains("memory.max"), e.getMessage());
        assertEquals(String.valueOf(80L << 20), Files.readString(leaf.resolve("memory.max")));
    }
}
