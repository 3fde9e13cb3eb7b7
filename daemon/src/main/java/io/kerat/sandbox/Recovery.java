package io.kerat.sandbox;

import io.kerat.cgroup.Cgroups;
import io.kerat.image.ImageStore;
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

/**
 * Removes what a daemon that died left behind, before a new one serves: sandboxes in its runsc root, cgroups
 * under its parent, run directories and their tmpfs mounts. Everything a sandbox could write was on those tmpfs
 * mounts, so after unmounting only daemon-written files remain to delete.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {}

    /** What recovery removed, for the log and for tests. */
    public record Report(List<String> sandboxes, List<String> cgroups, List<String> runDirs, List<String> mounts) {
        public boolean isEmpty() {
            return sandboxes.isEmpty() && cgroups.isEmpty() && runDirs.isEmpty() && mounts.isEmpty();
        }
    }

    public static Report run(Runsc runsc, Cgroups cgroups, Path runsDir) {
        List<String> sandboxes = new ArrayList<>();
        for (String id : runsc.containers()) {
            runsc.deleteForce(id);
            sandboxes.add(id);
        }
        List<String> groups = new ArrayList<>();
        for (String name : cgroups.children()) {
            if (cgroups.remove(name, Duration.ZERO)) {
                groups.add(name);
            } else {
                LOG.warn("orphan cgroup {} could not be removed", name);
            }
        }
        List<String> mounts = new ArrayList<>();
        for (Path m : mountsUnder(runsDir)) {
            if (Posix.umount(m)) {
                mounts.add(m.toString());
            }
        }
        List<String> dirs = new ArrayList<>();
        if (Files.isDirectory(runsDir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(runsDir)) {
                for (Path d : s) {
                    try {
                        ImageStore.deleteTree(d);
                        dirs.add(d.getFileName().toString());
                    } catch (IOException e) {
                        LOG.warn("cannot remove orphan run directory {}: {}", d, e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot list {}: {}", runsDir, e.getMessage());
            }
        }
        Report r = new Report(sandboxes, groups, dirs, mounts);
        if (!r.isEmpty()) {
            LOG.info("recovery removed orphans: sandboxes={} cgroups={} run_dirs={} mounts={}",
                    sandboxes, groups, dirs, mounts);
        }
        return r;
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
