package io.kerat.sandbox;

import io.kerat.cgroup.Cgroups;
import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.image.ImageStore;
import io.kerat.state.Owner;
import io.kerat.state.ProcessIdentity;
import io.kerat.util.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Removes sandboxes whose owner is gone: for each owner (one Kerat instance of one process, see {@link Owner}) its
 * sandboxes in its runsc root, its cgroup subtree, its run directories and their tmpfs mounts, then its state
 * directory. An owner is gone when its process is: no such pid, or a pid with another start time (reused). Owners
 * of live processes, this process included, are never touched; each removes its own state when it closes
 * ({@link #removeOwn}). Everything a sandbox could write was on those tmpfs mounts, so after unmounting only
 * daemon-written files remain to delete.
 *
 * <p>The flat layout from before per-process state ({@code <data>/runsc}, {@code <data>/runs}, sandbox cgroups
 * directly under the parent) names no owner. Only a process of an older version can have made it, and only the
 * daemon holding the data dir's serve lock removes it ({@code legacy}): under the lock no other daemon of this
 * version runs there, and an upgrade replaces the old daemon rather than running beside it. `kerat run`, doctor and
 * the benchmark never touch it, since they cannot tell whether an old process is still using it.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {}

    /** What recovery removed, for the log and for tests. */
    public record Report(List<String> owners, List<String> sandboxes, List<String> cgroups, List<String> runDirs,
                         List<String> mounts) {
        Report() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        public boolean isEmpty() {
            return owners.isEmpty() && sandboxes.isEmpty() && cgroups.isEmpty() && runDirs.isEmpty() && mounts.isEmpty();
        }
    }

    /**
     * Removes the state of every owner whose process is gone; with {@code legacy}, also the flat layout (call it
     * so only while holding the serve lock). {@code top} is the configured parent cgroup.
     */
    public static Report reapGone(Settings settings, Layout layout, Cgroups top, boolean legacy) {
        return reapGone(settings, layout, top, legacy, ProcessIdentity::isAlive);
    }

    static Report reapGone(Settings settings, Layout layout, Cgroups top, boolean legacy, Predicate<ProcessIdentity> alive) {
        Report r = new Report();
        TreeSet<String> seen = new TreeSet<>();
        List<Owner> owners = new ArrayList<>();
        for (Path d : list(layout.procsDir())) {
            Owner.parse(d.getFileName().toString()).filter(o -> seen.add(o.name())).ifPresent(owners::add);
        }
        List<String> legacyGroups = new ArrayList<>();
        for (String c : top.children()) {
            Optional<Owner> o = Owner.parseCgroup(c);
            if (o.isPresent()) {
                if (seen.add(o.get().name())) {
                    owners.add(o.get());
                }
            } else {
                legacyGroups.add(c);
            }
        }
        ProcessIdentity self = ProcessIdentity.current();
        for (Owner o : owners) {
            if (o.process().equals(self) || alive.test(o.process())) {
                continue;
            }
            remove(settings, layout, o, top, r, Duration.ZERO);
            r.owners().add(o.name());
        }
        if (legacy) {
            removeLegacy(settings, layout, top, legacyGroups, r);
        }
        if (!r.isEmpty()) {
            LOG.info("recovery removed orphans: owners={} sandboxes={} cgroups={} run_dirs={} mounts={}",
                    r.owners(), r.sandboxes(), r.cgroups(), r.runDirs(), r.mounts());
        }
        return r;
    }

    /** Removes this owner's own state (its shutdown): whatever its sandboxes left, and its state directory. */
    public static Report removeOwn(Settings settings, Layout layout, Cgroups top) {
        Report r = new Report();
        // a stage cancelled by this shutdown may still be tearing its sandbox down in its own thread (a gVisor
        // sandbox took seconds to die under load): its processes get OWN_PATIENCE to leave their cgroup, and the
        // state directory is removed again until then, so nothing is left behind by the race
        remove(settings, layout, layout.owner(), top, r, OWN_PATIENCE);
        return r;
    }

    /** How long this owner's shutdown waits for its sandboxes' processes and files to go. */
    static final Duration OWN_PATIENCE = Duration.ofSeconds(10);

    private static void remove(Settings settings, Layout layout, Owner o, Cgroups top, Report r, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        Runsc runsc = new Runsc(settings, layout.runscRoot(o));
        Cgroups sub = top.child(o.cgroupName());
        thawAll(sub, sub.children());
        for (String id : runsc.containers()) {
            runsc.deleteForce(id);
            r.sandboxes().add(id);
        }
        for (String name : sub.children()) {
            if (sub.remove(name, remaining(deadline))) {
                r.cgroups().add(o.cgroupName() + "/" + name);
            } else {
                LOG.warn("orphan cgroup {}/{} could not be removed", sub.parent(), name);
            }
        }
        if (top.children().contains(o.cgroupName()) && !top.remove(o.cgroupName(), Duration.ZERO)) {
            LOG.warn("cgroup {} could not be removed", sub.parent());
        }
        Path state = layout.stateDir(o);
        unmountUnder(state, r);
        for (Path d : list(state.resolve("runs"))) {
            r.runDirs().add(d.getFileName().toString());
        }
        while (!delete(state, System.nanoTime() >= deadline)) {
            sleepQuietly(100);
            unmountUnder(state, r);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An idle pooled sandbox may have been left frozen: runsc could not reach it, nor SIGKILL end it (v1). */
    private static void thawAll(Cgroups cgroups, List<String> names) {
        for (String name : names) {
            try {
                cgroups.freeze(name, false);
            } catch (io.kerat.cgroup.CgroupException | RuntimeException ignored) {
                // not a sandbox's cgroup, or gone
            }
        }
    }

    private static void removeLegacy(Settings settings, Layout layout, Cgroups top, List<String> groups, Report r) {
        thawAll(top, groups);
        Path root = layout.legacyRunscRoot();
        if (Files.isDirectory(root)) {
            Runsc runsc = new Runsc(settings, root);
            for (String id : runsc.containers()) {
                runsc.deleteForce(id);
                r.sandboxes().add(id);
            }
        }
        for (String name : groups) {
            if (top.remove(name, Duration.ZERO)) {
                r.cgroups().add(name);
            } else {
                LOG.warn("orphan cgroup {} could not be removed", name);
            }
        }
        Path runs = layout.legacyRunsDir();
        unmountUnder(runs, r);
        for (Path d : list(runs)) {
            r.runDirs().add(d.getFileName().toString());
        }
        delete(runs, true);
        delete(root, true);
    }

    private static void unmountUnder(Path dir, Report r) {
        for (Path m : mountsUnder(dir)) {
            if (Posix.umount(m)) {
                r.mounts().add(m.toString());
            }
        }
    }

    /** Removes a tree; false if it could not (said in the log when {@code last}, and then true: give up). */
    private static boolean delete(Path dir, boolean last) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try {
            ImageStore.deleteTree(dir);
            return true;
        } catch (IOException e) {
            if (last || Thread.currentThread().isInterrupted()) {
                LOG.warn("cannot remove {}: {}", dir, e.getMessage());
                return true;
            }
            return false;
        }
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /** Mount points at or below {@code dir}, deepest first, from /proc/self/mountinfo. */
    static List<Path> mountsUnder(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length < 5) {
                    continue;
                }
                Path mp = Path.of(unescape(f[4]));
                if (mp.startsWith(dir) && !mp.equals(dir)) {
                    out.add(mp);
                }
            }
        } catch (IOException ignored) {
            // no procfs
        }
        out.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
