package io.kerat.cgroup;

import io.kerat.util.Posix;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * cgroup v2: one unified tree. The parent gets memory, cpu and pids enabled for its children; each sandbox gets
 * a leaf with memory.max, memory.swap.max=0, cpu.max and pids.max written by the daemon. runsc joins an existing
 * leaf without rewriting it, so cgroupsPath is always absolute.
 */
public final class CgroupV2 implements Cgroups {
    private static final String CONTROLLERS = "+memory +cpu +pids";

    private final Path root;
    private final String parent;
    private final String how;

    public CgroupV2(Path root, String parent) {
        this(root, parent, "set");
    }

    /** {@code how}: how the parent was chosen, for {@link #describe()}. */
    public CgroupV2(Path root, String parent, String how) {
        this.root = root;
        this.parent = parent;
        this.how = how;
    }

    @Override
    public String describe() {
        String peak = Files.exists(root.resolve("init.scope/memory.peak")) || Files.exists(parentDir().resolve("memory.peak"))
                ? "memory.peak present" : "no memory.peak (kernel < 5.19): memory_bytes is memory.current at the end of the run";
        return "v2, parent /" + parent + " (" + how + "), controllers '" + enabledControllers() + "', " + peak;
    }

    /** The controllers enabled for the parent's children, as the kernel reports them. */
    public String enabledControllers() {
        Path control = parentDir().resolve("cgroup.subtree_control");
        Path p = Files.exists(control) ? control : parentDir().getParent().resolve("cgroup.subtree_control");
        try {
            return Files.exists(p) ? Cgroups.read(p) : "";
        } catch (CgroupException e) {
            return "?";
        }
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public Cgroups child(String name) {
        return new CgroupV2(root, parent + "/" + name, how);
    }

    @Override
    public String parent() {
        return parent;
    }

    @Override
    public String cgroupsPath(String name) {
        return "/" + parent + "/" + name;
    }

    private Path parentDir() {
        return root.resolve(parent);
    }

    private Path dir(String name) {
        return parentDir().resolve(name);
    }

    /** Enables the controllers down the path from the root to the parent. */
    private void prepareParent() throws CgroupException {
        Path p = root;
        for (Path part : root.relativize(parentDir())) {
            enable(p);
            p = p.resolve(part);
            if (!Files.isDirectory(p)) {
                try {
                    Files.createDirectory(p);
                } catch (IOException e) {
                    if (!Files.isDirectory(p)) {
                        throw new CgroupException(p.toString(), "cannot create cgroup parent", e);
                    }
                }
            }
        }
        enable(p);
    }

    private static void enable(Path dir) throws CgroupException {
        Path control = dir.resolve("cgroup.subtree_control");
        String current = Files.exists(control) ? Cgroups.read(control) : "";
        if (!(current.contains("memory") && current.contains("cpu") && current.contains("pids"))) {
            Cgroups.write(control, CONTROLLERS);
        }
    }

    @Override
    public void create(String name, CgroupLimits limits) throws CgroupException {
        prepareParent();
        Path d = dir(name);
        try {
            Files.createDirectory(d);
        } catch (IOException e) {
            throw new CgroupException(d.toString(), "cannot create cgroup", e);
        }
        try {
            writeLimits(d, limits);
        } catch (CgroupException e) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException ignored) {
                // best effort undo
            }
            throw e;
        }
    }

    private static void writeLimits(Path d, CgroupLimits limits) throws CgroupException {
        Cgroups.write(d.resolve("memory.max"), Long.toString(limits.memoryBytes()));
        if (Files.exists(d.resolve("memory.swap.max"))) {
            Cgroups.write(d.resolve("memory.swap.max"), "0");
        }
        Cgroups.write(d.resolve("cpu.max"), limits.cpuQuotaUs() + " " + CgroupLimits.CPU_PERIOD_US);
        Cgroups.write(d.resolve("pids.max"), Long.toString(limits.pids()));
    }

    @Override
    public void relimit(String name, CgroupLimits limits) throws CgroupException {
        Path d = dir(name);
        long used = memoryUsage(name);
        if (limits.memoryBytes() <= used) {
            // the kernel would reclaim and then OOM-kill the sandbox: refuse, the caller starts a cold one
            throw new CgroupException(d.resolve("memory.max").toString(), "uses " + used + " bytes already, more than "
                    + limits.memoryBytes(), null);
        }
        writeLimits(d, limits);
    }

    @Override
    public long memoryUsage(String name) throws CgroupException {
        return Cgroups.number(dir(name).resolve("memory.current"));
    }

    @Override
    public long cpuNanos(String name) throws CgroupException {
        return Cgroups.keyed(dir(name).resolve("cpu.stat"), "usage_usec") * 1000L;
    }

    @Override
    public long oomKills(String name) throws CgroupException {
        return Cgroups.keyed(dir(name).resolve("memory.events"), "oom_kill");
    }

    @Override
    public CgroupStats stats(String name) throws CgroupException {
        Path d = dir(name);
        long peak = Files.exists(d.resolve("memory.peak")) ? Cgroups.number(d.resolve("memory.peak"))
                : Cgroups.number(d.resolve("memory.current"));
        return new CgroupStats(cpuNanos(name), peak,
                Cgroups.keyed(d.resolve("memory.events"), "oom_kill"),
                Cgroups.keyed(d.resolve("memory.events"), "max"));
    }

    @Override
    public void resetPeak(String name) {
        Path peak = dir(name).resolve("memory.peak");
        if (Files.exists(peak)) {
            try {
                Cgroups.write(peak, "0");
            } catch (CgroupException ignored) {
                // kernels before 6.12 cannot reset it: the peak then includes the sandbox's start
            }
        }
    }

    @Override
    public List<Long> pids(String name) {
        Set<Long> pids = new TreeSet<>(CgroupV1.readProcs(dir(name).resolve("cgroup.procs")));
        // runsc may nest its own leaves under ours
        try (DirectoryStream<Path> kids = Files.newDirectoryStream(dir(name), Files::isDirectory)) {
            for (Path k : kids) {
                pids.addAll(CgroupV1.readProcs(k.resolve("cgroup.procs")));
            }
        } catch (IOException ignored) {
            // no children
        }
        return new ArrayList<>(pids);
    }

    @Override
    public void freeze(String name, boolean frozen) throws CgroupException {
        Path f = dir(name).resolve("cgroup.freeze");
        if (!Files.isRegularFile(f)) {
            throw new CgroupException(f.toString(), "no cgroup.freeze", null);
        }
        Cgroups.write(f, frozen ? "1" : "0");
    }

    @Override
    public boolean remove(String name, Duration patience) {
        Path d = dir(name);
        if (!Files.isDirectory(d)) {
            return true;
        }
        if (Files.isRegularFile(d.resolve("cgroup.freeze"))) {
            try {
                freeze(name, false);
            } catch (CgroupException ignored) {
                // gone meanwhile
            }
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (!pids(name).isEmpty() && System.nanoTime() < deadline) {
            CgroupV1.sleep(5);
        }
        if (Files.exists(d.resolve("cgroup.kill"))) {
            try {
                Cgroups.write(d.resolve("cgroup.kill"), "1");
            } catch (CgroupException ignored) {
                // fall back to signals
            }
        }
        for (long pid : pids(name)) {
            Posix.kill(pid, 9);
        }
        boolean clean = true;
        try (DirectoryStream<Path> kids = Files.newDirectoryStream(d, Files::isDirectory)) {
            for (Path k : kids) {
                clean &= CgroupV1.rmdirPatiently(k, Duration.ofSeconds(2));
            }
        } catch (IOException ignored) {
            // none
        }
        return CgroupV1.rmdirPatiently(d, Duration.ofSeconds(2)) && clean;
    }

    @Override
    public List<String> children() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> kids = Files.newDirectoryStream(parentDir(), Files::isDirectory)) {
            for (Path k : kids) {
                names.add(k.getFileName().toString());
            }
        } catch (IOException ignored) {
            // no parent yet
        }
        names.sort(null);
        return names;
    }
}
