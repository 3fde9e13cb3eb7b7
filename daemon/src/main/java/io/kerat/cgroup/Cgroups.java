package io.kerat.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's cgroup subtree: one child per sandbox, created and limited by the daemon (so runsc joins it
 * without touching it), read after the run, and removed once empty. Implementations take the root of the
 * cgroup filesystem as a parameter so that tests feed them fake trees.
 */
public interface Cgroups {

    /** "v1" or "v2". */
    String version();

    /** The absolute path to give runsc as {@code linux.cgroupsPath}. */
    String cgroupsPath(String name);

    /** Creates the child {@code name} and writes its limits; undoes partial work on failure. */
    void create(String name, CgroupLimits limits) throws CgroupException;

    /**
     * Lowers (or raises) the limits of an existing child: a pooled sandbox started with its language's maxima gets
     * its request's own at hand-over. Memory below what the child uses now fails (v1: the kernel answers EBUSY) or
     * is refused here (v2, where the kernel would OOM-kill instead): callers check {@link #memoryUsage} first.
     */
    void relimit(String name, CgroupLimits limits) throws CgroupException;

    /** Memory the child uses now (v1 memory.usage_in_bytes, v2 memory.current). */
    long memoryUsage(String name) throws CgroupException;

    /** CPU time so far, for the daemon's CPU-time limit. */
    long cpuNanos(String name) throws CgroupException;

    CgroupStats stats(String name) throws CgroupException;

    /**
     * OOM kills in the child so far, read while the sandbox runs: on systrap the kernel's OOM killer takes the stub
     * process that maps the guest's memory and the sentry then waits forever (runsc 20240729), so the daemon ends
     * the sandbox itself when this counter moves (on systrap only).
     */
    default long oomKills(String name) throws CgroupException {
        return stats(name).oomKills();
    }

    /**
     * Freezes (or thaws) every process of the child: an idle pooled sandbox is kept frozen, because on systrap each
     * idle sandbox spins about 45 ms of CPU per second (runsc 20240729; none on ptrace). v1: the freezer hierarchy,
     * which runsc creates beside the daemon's own controllers; v2: {@code cgroup.freeze}. Freezing is asynchronous
     * (the kernel finishes it in the background), thawing takes effect at once. A frozen v1 process does not die of
     * SIGKILL until thawed: whatever kills a sandbox thaws it first ({@link #remove} does).
     */
    void freeze(String name, boolean frozen) throws CgroupException;

    /** Resets the peak-memory counter where the kernel allows it (v1; v2 on 6.12+), so a peak counts from now. */
    void resetPeak(String name);

    /** Process ids still in the child, across controllers. */
    List<Long> pids(String name);

    /**
     * Waits up to {@code patience} for the child to empty, SIGKILLs whatever is left, then removes it.
     * Returns true when nothing of it remains.
     */
    boolean remove(String name, Duration patience);

    /** Children found under the parent (sandboxes, or under the configured parent the owners' sub-parents). */
    List<String> children();

    /** One line for the start-up log and {@code doctor}: version, parent and how it was chosen. */
    default String describe() {
        return version();
    }

    /** The same cgroup version with {@code <parent>/<name>} as parent: one owner's own subtree. */
    Cgroups child(String name);

    /** The parent, relative to the root of the cgroup filesystem(s). */
    String parent();

    /**
     * Detects the cgroup version mounted at /sys/fs/cgroup. A parent of {@code "auto"} means: on cgroup v2, the
     * subtree systemd delegated to this service ({@code Delegate=yes}) when it really is delegated (see
     * {@link Delegation}); otherwise, and on v1, the parent {@value Delegation#FALLBACK}.
     */
    static Cgroups detect(String parent) {
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            if ("auto".equals(parent)) {
                Delegation d = Delegation.decide(root, Path.of("/proc/self/cgroup"), ProcessHandle.current().pid(),
                        io.kerat.util.Posix.geteuid());
                return new CgroupV2(root, d.parent(), "auto, " + d.reason());
            }
            return new CgroupV2(root, parent, "set");
        }
        return new CgroupV1(root, "auto".equals(parent) ? Delegation.FALLBACK : parent);
    }

    static String read(Path file) throws CgroupException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new CgroupException(file.toString(), "cannot read", e);
        }
    }

    static void write(Path file, String value) throws CgroupException {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CgroupException(file.toString(), "cannot write '" + value + "'", e);
        }
    }

    /** Value of {@code key} in a flat "key value" file such as memory.events or cpu.stat; 0 when absent. */
    static long keyed(Path file, String key) throws CgroupException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new CgroupException(file.toString(), "cannot read", e);
        }
        for (String line : text.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) {
                return Long.parseLong(kv[1]);
            }
        }
        return 0;
    }

    static long number(Path file) throws CgroupException {
        String s = read(file);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CgroupException(file.toString(), "not a number: '" + s + "'", e);
        }
    }
}
