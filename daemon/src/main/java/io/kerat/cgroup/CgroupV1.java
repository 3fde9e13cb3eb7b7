package io.kerat.cgroup;

import io.kerat.util.Posix;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * cgroup v1: one hierarchy per controller. The daemon creates the child in memory, cpu, cpuacct and pids and
 * writes the limits; runsc joins those without changes and creates (and removes) the other controllers itself.
 */
public final class CgroupV1 implements Cgroups {
    static final List<String> OWNED = List.of("memory", "cpu", "cpuacct", "pids");

    private final Path root;
    private final String parent;

    public CgroupV1(Path root, String parent) {
        this.root = root;
        this.parent = parent;
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public String describe() {
        return "v1, parent /" + parent + " in " + OWNED;
    }

    @Override
    public Cgroups child(String name) {
        return new CgroupV1(root, parent + "/" + name);
    }

    @Override
    public String parent() {
        return parent;
    }

    @Override
    public String cgroupsPath(String name) {
        return "/" + parent + "/" + name;
    }

    private Path dir(String controller, String name) {
        return root.resolve(controller).resolve(parent).resolve(name);
    }

    /** Distinct real directories (cpu and cpuacct are often one hierarchy reached through links). */
    private List<Path> ownedDirs(String name) {
        Set<Path> seen = new LinkedHashSet<>();
        for (String c : OWNED) {
            Path base = root.resolve(c);
            try {
                seen.add(base.toRealPath().resolve(parent).resolve(name));
            } catch (IOException e) {
                seen.add(base.resolve(parent).resolve(name));
            }
        }
        return new ArrayList<>(seen);
    }

    @Override
    public void create(String name, CgroupLimits limits) throws CgroupException {
        List<Path> made = new ArrayList<>();
        try {
            for (Path d : ownedDirs(name)) {
                try {
                    Files.createDirectories(d.getParent());
                    Files.createDirectory(d);
                } catch (IOException e) {
                    throw new CgroupException(d.toString(), "cannot create cgroup", e);
                }
                made.add(d);
            }
            writeLimits(name, limits, true);
        } catch (CgroupException e) {
            for (Path d : made) {
                try {
                    Files.deleteIfExists(d);
                } catch (IOException ignored) {
                    // best effort undo
                }
            }
            throw e;
        }
    }

    /**
     * memory (and memory+swap: equal, so no swap), CPU quota, pids. memsw may never be below memory: when raising,
     * memsw goes first; when lowering (a fresh child starts unlimited), memory does.
     */
    private void writeLimits(String name, CgroupLimits limits, boolean fresh) throws CgroupException {
        Path mem = dir("memory", name);
        Path memsw = mem.resolve("memory.memsw.limit_in_bytes");
        String bytes = Long.toString(limits.memoryBytes());
        boolean swapAccounted = Files.exists(memsw);
        boolean raising = !fresh && limits.memoryBytes() > Cgroups.number(mem.resolve("memory.limit_in_bytes"));
        if (swapAccounted && raising) {
            Cgroups.write(memsw, bytes);
        }
        Cgroups.write(mem.resolve("memory.limit_in_bytes"), bytes);
        if (swapAccounted && !raising) {
            Cgroups.write(memsw, bytes);
        }
        if (fresh && Files.exists(mem.resolve("memory.swappiness"))) {
            try {
                Cgroups.write(mem.resolve("memory.swappiness"), "0");
            } catch (CgroupException ignored) {
                // not writable on every kernel; memsw above is what forbids swap
            }
        }
        Path cpu = dir("cpu", name);
        Cgroups.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CgroupLimits.CPU_PERIOD_US));
        Cgroups.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuQuotaUs()));
        Cgroups.write(dir("pids", name).resolve("pids.max"), Long.toString(limits.pids()));
    }

    @Override
    public void relimit(String name, CgroupLimits limits) throws CgroupException {
        writeLimits(name, limits, false);
    }

    @Override
    public long memoryUsage(String name) throws CgroupException {
        return Cgroups.number(dir("memory", name).resolve("memory.usage_in_bytes"));
    }

    @Override
    public long cpuNanos(String name) throws CgroupException {
        return Cgroups.number(dir("cpuacct", name).resolve("cpuacct.usage"));
    }

    @Override
    public long oomKills(String name) throws CgroupException {
        return Cgroups.keyed(dir("memory", name).resolve("memory.oom_control"), "oom_kill");
    }

    @Override
    public CgroupStats stats(String name) throws CgroupException {
        Path mem = dir("memory", name);
        return new CgroupStats(
                cpuNanos(name),
                Cgroups.number(mem.resolve("memory.max_usage_in_bytes")),
                Cgroups.keyed(mem.resolve("memory.oom_control"), "oom_kill"),
                Cgroups.number(mem.resolve("memory.failcnt")));
    }

    @Override
    public void resetPeak(String name) {
        try {
            Cgroups.write(dir("memory", name).resolve("memory.max_usage_in_bytes"), "0");
        } catch (CgroupException ignored) {
            // the peak then includes the sandbox's start
        }
    }

    @Override
    public List<Long> pids(String name) {
        Set<Long> pids = new TreeSet<>();
        for (Path d : allDirs(name)) {
            pids.addAll(readProcs(d.resolve("cgroup.procs")));
        }
        return new ArrayList<>(pids);
    }

    static List<Long> readProcs(Path procs) {
        List<Long> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(procs)) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.trim()));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // gone already
        }
        return out;
    }

    /** The child's directory in every mounted hierarchy, including those runsc created. */
    private List<Path> allDirs(String name) {
        Set<Path> dirs = new LinkedHashSet<>();
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(root)) {
            for (Path h : hierarchies) {
                Path d = h.resolve(parent).resolve(name);
                if (Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        dirs.add(d.toRealPath());
                    } catch (IOException e) {
                        dirs.add(d);
                    }
                }
            }
        } catch (IOException ignored) {
            // no cgroup root
        }
        return new ArrayList<>(dirs);
    }

    @Override
    public void freeze(String name, boolean frozen) throws CgroupException {
        Path state = dir("freezer", name).resolve("freezer.state");
        if (!Files.isRegularFile(state)) {
            throw new CgroupException(state.toString(), "no freezer cgroup", null);
        }
        Cgroups.write(state, frozen ? "FROZEN" : "THAWED");
    }

    @Override
    public boolean remove(String name, Duration patience) {
        try {
            if (Files.isRegularFile(dir("freezer", name).resolve("freezer.state"))) {
                freeze(name, false); // a frozen process would not die of SIGKILL
            }
        } catch (CgroupException ignored) {
            // gone meanwhile
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (!pids(name).isEmpty() && System.nanoTime() < deadline) {
            sleep(5);
        }
        for (long pid : pids(name)) {
            Posix.kill(pid, 9);
        }
        boolean clean = true;
        for (Path d : allDirs(name)) {
            clean &= rmdirPatiently(d, Duration.ofSeconds(2));
        }
        return clean;
    }

    static boolean rmdirPatiently(Path d, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                Files.deleteIfExists(d);
                return true;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                sleep(10);
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<String> children() {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(root)) {
            for (Path h : hierarchies) {
                Path p = h.resolve(parent);
                if (!Files.isDirectory(p)) {
                    continue;
                }
                try (DirectoryStream<Path> kids = Files.newDirectoryStream(p, Files::isDirectory)) {
                    for (Path k : kids) {
                        names.add(k.getFileName().toString());
                    }
                }
            }
        } catch (IOException ignored) {
            // nothing to list
        }
        return new ArrayList<>(names);
    }
}
