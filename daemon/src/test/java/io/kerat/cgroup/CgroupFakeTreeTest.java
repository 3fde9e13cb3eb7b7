package io.kerat.cgroup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both cgroup implementations against fake trees: what they write, what they parse, what they remove. */
class CgroupFakeTreeTest {

    @Test
    void v1WritesLimitsIntoEachController(@TempDir Path root) throws Exception {
        for (String c : List.of("memory", "cpu", "cpuacct", "pids", "cpuset")) {
            Files.createDirectories(root.resolve(c));
        }
        CgroupV1 cg = new CgroupV1(root, "kerat");
        // memsw exists on kernels with swap accounting; the fake says so by a file in the parent's place
        cg.create("r1", new CgroupLimits(300L << 20, 1.5, 700));
        Path mem = root.resolve("memory/kerat/r1");
        assertEquals(String.valueOf(300L << 20), Files.readString(mem.resolve("memory.limit_in_bytes")));
        assertEquals("150000", Files.readString(root.resolve("cpu/kerat/r1/cpu.cfs_quota_us")));
        assertEquals("100000", Files.readString(root.resolve("cpu/kerat/r1/cpu.cfs_period_us")));
        assertEquals("700", Files.readString(root.resolve("pids/kerat/r1/pids.max")));
        assertTrue(Files.isDirectory(root.resolve("cpuacct/kerat/r1")));
        assertFalse(Files.exists(root.resolve("cpuset/kerat/r1")), "cpuset is left to runsc");
        assertEquals("/kerat/r1", cg.cgroupsPath("r1"));
    }

    @Test
    void v1ReadsStats(@TempDir Path root) throws Exception {
        Path mem = Files.createDirectories(root.resolve("memory/kerat/r1"));
        Path acct = Files.createDirectories(root.resolve("cpuacct/kerat/r1"));
        Files.writeString(acct.resolve("cpuacct.usage"), "1234567890\n");
        Files.writeString(mem.resolve("memory.max_usage_in_bytes"), "31457280\n");
        Files.writeString(mem.resolve("memory.failcnt"), "7\n");
        Files.writeString(mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        CgroupV1 cg = new CgroupV1(root, "kerat");
        assertEquals(new CgroupStats(1234567890L, 31457280L, 2, 7), cg.stats("r1"));
        assertEquals(1234567890L, cg.cpuNanos("r1"));
    }

    @Test
    void v1OlderKernelsWithoutOomKillLineReadZero(@TempDir Path root) throws Exception {
        Path mem = Files.createDirectories(root.resolve("memory/kerat/r1"));
        Files.createDirectories(root.resolve("cpuacct/kerat/r1"));
        Files.writeString(root.resolve("cpuacct/kerat/r1/cpuacct.usage"), "5");
        Files.writeString(mem.resolve("memory.max_usage_in_bytes"), "10");
        Files.writeString(mem.resolve("memory.failcnt"), "0");
        Files.writeString(mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\n");
        assertEquals(0, new CgroupV1(root, "kerat").stats("r1").oomKills());
    }

    @Test
    void v1GarbageIsAnErrorNamingTheFile(@TempDir Path root) throws Exception {
        Path acct = Files.createDirectories(root.resolve("cpuacct/kerat/r1"));
        Files.writeString(acct.resolve("cpuacct.usage"), "lots");
        CgroupException e = assertThrows(CgroupException.class, () -> new CgroupV1(root, "kerat").cpuNanos("r1"));
        assertTrue(e.getMessage().contains("cpuacct.usage"), e.getMessage());
    }

    @Test
    void v1RemovesEveryHierarchyAndListsOrphans(@TempDir Path root) throws Exception {
        for (String c : List.of("memory", "cpu", "cpuacct", "pids", "freezer")) {
            Files.createDirectories(root.resolve(c).resolve("kerat/r1"));
        }
        Files.createDirectories(root.resolve("memory/kerat/r2"));
        CgroupV1 cg = new CgroupV1(root, "kerat");
        assertEquals(List.of("r1", "r2"), cg.children());
        assertTrue(cg.remove("r1", Duration.ZERO));
        assertFalse(Files.exists(root.resolve("freezer/kerat/r1")), "runsc-made hierarchies too");
        assertEquals(List.of("r2"), cg.children());
    }

    @Test
    void v1UndoesPartialCreate(@TempDir Path root) throws Exception {
        for (String c : List.of("memory", "cpu", "cpuacct")) {
            Files.createDirectories(root.resolve(c));
        }
        // pids hierarchy is a file: creation fails there
        Files.writeString(root.resolve("pids"), "not a dir");
        CgroupV1 cg = new CgroupV1(root, "kerat");
        assertThrows(CgroupException.class, () -> cg.create("r1", new CgroupLimits(1 << 20, 1, 10)));
        assertFalse(Files.exists(root.resolve("memory/kerat/r1")));
    }

    @Test
    void v2WritesLeafAndEnablesControllers(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        CgroupV2 cg = new CgroupV2(root, "kerat");
        cg.create("r1", new CgroupLimits(256L << 20, 0.5, 512));
        Path leaf = root.resolve("kerat/r1");
        assertEquals(String.valueOf(256L << 20), Files.readString(leaf.resolve("memory.max")));
        assertEquals("50000 100000", Files.readString(leaf.resolve("cpu.max")));
        assertEquals("512", Files.readString(leaf.resolve("pids.max")));
        assertTrue(Files.readString(root.resolve("cgroup.subtree_control")).contains("+memory"));
        assertTrue(Files.readString(root.resolve("kerat/cgroup.subtree_control")).contains("+pids"));
        assertEquals("/kerat/r1", cg.cgroupsPath("r1"));
    }

    @Test
    void v2ReadsStats(@TempDir Path root) throws Exception {
        Path leaf = Files.createDirectories(root.resolve("kerat/r1"));
        Files.writeString(leaf.resolve("cpu.stat"), "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n");
        Files.writeString(leaf.resolve("memory.peak"), "41943040\n");
        Files.writeString(leaf.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
        CgroupV2 cg = new CgroupV2(root, "kerat");
        assertEquals(new CgroupStats(1_500_000_000L, 41943040L, 1, 12), cg.stats("r1"));
    }

    @Test
    void v2WithoutMemoryPeakFallsBackToCurrent(@TempDir Path root) throws Exception {
        Path leaf = Files.createDirectories(root.resolve("kerat/r1"));
        Files.writeString(leaf.resolve("cpu.stat"), "usage_usec 10\n");
        Files.writeString(leaf.resolve("memory.current"), "4096\n");
        Files.writeString(leaf.resolve("memory.events"), "oom_kill 0\n");
        assertEquals(4096, new CgroupV2(root, "kerat").stats("r1").peakMemoryBytes());
    }

    @Test
    void v2RemovesLeafAndNestedChildren(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("kerat/r1/runsc-inner"));
        Files.createDirectories(root.resolve("kerat/r2"));
        CgroupV2 cg = new CgroupV2(root, "kerat");
        assertEquals(List.of("r1", "r2"), cg.children());
        assertTrue(cg.remove("r1", Duration.ZERO));
        assertEquals(List.of("r2"), cg.children());
    }

    @Test
    void v2DelegatedSubtreeUnderSystemd(@TempDir Path root) throws Exception {
        Path service = Files.createDirectories(root.resolve("system.slice/kerat.service"));
        Files.writeString(service.resolve("cgroup.subtree_control"), "");
        Files.writeString(service.resolve("cgroup.procs"), "");
        Path self = Files.writeString(root.resolve("self-cgroup"), "0::/system.slice/kerat.service\n");
        int uid = (Integer) Files.getAttribute(service, "unix:uid");
        Delegation d = Delegation.decide(root, self, 4242, uid);
        assertEquals("system.slice/kerat.service/sandboxes", d.parent());
        assertTrue(d.delegated(), d.reason());
        assertEquals("4242", Files.readString(service.resolve("daemon/cgroup.procs")));
        assertEquals("+memory +cpu +pids", Files.readString(service.resolve("cgroup.subtree_control")));
        // restarted inside the leaf already
        Files.writeString(self, "0::/system.slice/kerat.service/daemon\n");
        assertEquals("system.slice/kerat.service/sandboxes", Delegation.decide(root, self, 4343, uid).parent());
        // at the root
        Files.writeString(self, "0::/\n");
        Delegation atRoot = Delegation.decide(root, self, 1, uid);
        assertEquals("kerat", atRoot.parent());
        assertFalse(atRoot.delegated());
        CgroupV2 cg = new CgroupV2(root, "system.slice/kerat.service/sandboxes");
        assertEquals("/system.slice/kerat.service/sandboxes/r1", cg.cgroupsPath("r1"));
    }

    @Test
    void v2AutoFromAShellFallsBackAndLeavesNothing(@TempDir Path root) throws Exception {
        // an ssh session's scope: the shell (pid 100) is still there after the daemon (4242) moved out
        Path scope = Files.createDirectories(root.resolve("user.slice/user-0.slice/session-3.scope"));
        Files.writeString(scope.resolve("cgroup.subtree_control"), "");
        Files.writeString(scope.resolve("cgroup.procs"), "100\n4242\n");
        Path self = Files.writeString(root.resolve("self-cgroup"), "0::/user.slice/user-0.slice/session-3.scope\n");
        int uid = (Integer) Files.getAttribute(scope, "unix:uid");
        Delegation d = Delegation.decide(root, self, 4242, uid);
        assertEquals("kerat", d.parent());
        assertFalse(d.delegated());
        assertTrue(d.reason().contains("also holds processes [100]"), d.reason());
        assertFalse(Files.exists(scope.resolve("daemon")), "the daemon leaf it made is gone");
        assertEquals("", Files.readString(scope.resolve("cgroup.subtree_control")), "controllers untouched");
    }

    @Test
    void v2AutoRefusesACgroupOfAnotherUserOrWithoutWritableControl(@TempDir Path root) throws Exception {
        Path service = Files.createDirectories(root.resolve("system.slice/other.service"));
        Path self = Files.writeString(root.resolve("self-cgroup"), "0::/system.slice/other.service\n");
        int uid = (Integer) Files.getAttribute(service, "unix:uid");
        Delegation noControl = Delegation.decide(root, self, 7, uid);
        assertFalse(noControl.delegated());
        assertTrue(noControl.reason().contains("cgroup.subtree_control is not writable"), noControl.reason());
        Files.writeString(service.resolve("cgroup.subtree_control"), "");
        Delegation otherUid = Delegation.decide(root, self, 7, uid + 1);
        assertFalse(otherUid.delegated());
        assertTrue(otherUid.reason().contains("owned by uid"), otherUid.reason());
        assertFalse(Files.exists(service.resolve("daemon")));
    }
}
