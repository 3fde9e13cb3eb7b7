package io.kerat.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code cgroup_parent: auto} chose on cgroup v2. The daemon's own cgroup is used only when it is really
 * delegated to it: not the root, owned by the daemon's uid, a writable {@code cgroup.subtree_control}, and no
 * other process in it once the daemon has moved itself into the {@code daemon} leaf (cgroup v2 allows no
 * processes in a cgroup whose controllers are enabled for children). Systemd gives exactly that to a unit with
 * {@code Delegate=yes}. Anywhere else (a shell, an ssh session, a service without delegation) the daemon moves
 * back where it was, removes the leaf it made, and uses the named fallback parent at the root of the tree.
 *
 * @param parent    the cgroup parent to use, relative to the root of the cgroup filesystem
 * @param delegated true when {@code parent} is inside the daemon's own delegated cgroup
 * @param reason    one line for the start-up log and {@code doctor}
 */
public record Delegation(String parent, boolean delegated, String reason) {

    /** The parent used when the own cgroup is not delegated to us. */
    public static final String FALLBACK = "kerat";

    static Delegation fallback(String why) {
        return new Delegation(FALLBACK, false, "not delegated (" + why + "): using '" + FALLBACK + "'");
    }

    /**
     * Decides, and on success leaves {@code pid} in {@code <own>/daemon} with the memory, cpu and pids controllers
     * enabled on {@code <own>}; returns {@code <own>/sandboxes} as the parent. On every other path the tree is as
     * it was before the call.
     */
    public static Delegation decide(Path root, Path procSelfCgroup, long pid, int uid) {
        String own = null;
        try {
            for (String line : Files.readAllLines(procSelfCgroup)) {
                if (line.startsWith("0::")) {
                    own = line.substring(3).trim();
                }
            }
        } catch (IOException e) {
            return fallback("cannot read " + procSelfCgroup + ": " + e.getMessage());
        }
        if (own == null || own.equals("/") || own.isEmpty()) {
            return fallback("the daemon runs in the root cgroup");
        }
        String base = own.startsWith("/") ? own.substring(1) : own;
        if (base.endsWith("/daemon")) {
            base = base.substring(0, base.length() - "/daemon".length());
        }
        Path ownDir = root.resolve(base);
        Path control = ownDir.resolve("cgroup.subtree_control");
        try {
            Object owner = Files.getAttribute(ownDir, "unix:uid");
            if (owner instanceof Integer o && o != uid) {
                return fallback("/" + base + " is owned by uid " + o + ", not " + uid);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return fallback("cannot stat /" + base + ": " + e.getMessage());
        }
        if (!Files.isWritable(control)) {
            return fallback("/" + base + "/cgroup.subtree_control is not writable");
        }
        Path leaf = ownDir.resolve("daemon");
        boolean made = !Files.isDirectory(leaf);
        try {
            Files.createDirectories(leaf);
            Cgroups.write(leaf.resolve("cgroup.procs"), Long.toString(pid));
        } catch (IOException e) {
            undo(ownDir, leaf, made, pid);
            return fallback("cannot move into /" + base + "/daemon: " + e.getMessage());
        }
        List<Long> others = new ArrayList<>(CgroupV1.readProcs(ownDir.resolve("cgroup.procs")));
        others.remove(Long.valueOf(pid));
        if (!others.isEmpty()) {
            undo(ownDir, leaf, made, pid);
            return fallback("/" + base + " also holds processes " + (others.size() > 5 ? others.subList(0, 5) + "..." : others));
        }
        try {
            String current = Files.exists(control) ? Cgroups.read(control) : "";
            if (!(current.contains("memory") && current.contains("cpu") && current.contains("pids"))) {
                Cgroups.write(control, "+memory +cpu +pids");
            }
        } catch (CgroupException e) {
            undo(ownDir, leaf, made, pid);
            return fallback(e.getMessage());
        }
        return new Delegation(base + "/sandboxes", true, "delegated: /" + base + " (daemon in /" + base + "/daemon)");
    }

    /** Moves {@code pid} back to {@code ownDir} and removes the leaf when this call made it. */
    private static void undo(Path ownDir, Path leaf, boolean made, long pid) {
        try {
            Cgroups.write(ownDir.resolve("cgroup.procs"), Long.toString(pid));
        } catch (CgroupException ignored) {
            // we never left, or cannot go back: the leaf then stays with us in it
        }
        if (made) {
            try {
                // rmdir: a real cgroup directory goes although it lists control files
                Files.deleteIfExists(leaf);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                try {
                    deleteFake(leaf); // a test's fake tree, whose control files are plain files
                } catch (IOException ignored) {
                    // nothing else to do
                }
            } catch (IOException ignored) {
                // still busy: the kernel refuses; nothing else to do
            }
        }
    }

    /** In tests' fake trees the control files are plain files that rmdir will not remove. */
    private static void deleteFake(Path leaf) throws IOException {
        try (var files = Files.list(leaf)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(leaf);
    }
}
