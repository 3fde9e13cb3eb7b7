package io.kerat.config;

import io.kerat.state.Owner;
import io.kerat.state.ServeLock;

import java.nio.file.Path;

/**
 * The one class that computes paths on disk. Images and the compile cache are shared by every process using the
 * data dir; sandboxes are not: each {@link Owner} (one Kerat instance of one process) has its own state directory
 * {@code procs/<pid>-<starttime>-<n>/} holding its runsc root and its run directories, so that no process ever
 * removes another's sandboxes (see {@code Recovery}).
 */
public final class Layout {
    private final Settings settings;
    private final Owner owner;

    /** A layout with a fresh owner of this process. */
    public Layout(Settings settings) {
        this(settings, Owner.next());
    }

    public Layout(Settings settings, Owner owner) {
        this.settings = settings;
        this.owner = owner;
    }

    public Owner owner() { return owner; }

    public Path home() { return settings.home(); }

    public Path runnersDir() { return settings.home().resolve("runners"); }

    public Path runnerDir(String language) { return runnersDir().resolve(language); }

    public Path recipesDir() { return settings.home().resolve("oci-bundles"); }

    public Path recipeDir(String image) { return recipesDir().resolve(image); }

    public Path seccompProfile(String name) { return settings.home().resolve("seccomp").resolve(name + ".json"); }

    public Path imagesDir() { return settings.dataDir().resolve("images"); }

    public Path imageDir(String image) { return imagesDir().resolve(image); }

    /** Symbolic link to the active version directory of an image; swapped atomically on rebuild. */
    public Path imageCurrent(String image) { return imageDir(image).resolve("current"); }

    /** The lock `kerat serve` holds for its life (one daemon per data dir). */
    public Path serveLock() { return settings.dataDir().resolve(ServeLock.FILE); }

    /** The state directories of every owner, by owner name. */
    public Path procsDir() { return settings.dataDir().resolve("procs"); }

    /** This owner's state directory: its runsc root and run directories, removed when it closes. */
    public Path stateDir() { return stateDir(owner); }

    public Path stateDir(Owner o) { return procsDir().resolve(o.name()); }

    public Path runsDir() { return stateDir().resolve("runs"); }

    public Path jobDir(String jobId) { return runsDir().resolve(jobId); }

    /** Compiled artifacts of successful compiles, a size-bounded LRU (see CompileCache). */
    public Path compileCacheDir() { return settings.dataDir().resolve("compile-cache"); }

    public Path runscRoot() { return runscRoot(owner); }

    public Path runscRoot(Owner o) { return stateDir(o).resolve("runsc"); }

    /** The runsc root shared by every process before per-process state (removed by a daemon holding the lock). */
    public Path legacyRunscRoot() { return settings.dataDir().resolve("runsc"); }

    /** The run directories shared by every process before per-process state. */
    public Path legacyRunsDir() { return settings.dataDir().resolve("runs"); }

    /** Stored asynchronous submissions (SQLite, WAL: also -wal and -shm next to it); only `kerat serve` opens it. */
    public Path submissionsDb() { return settings.dataDir().resolve("submissions.db"); }

    /**
     * Where sqlite-jdbc extracts its native library (org.sqlite.tmpdir): a directory of the daemon's own, not /tmp,
     * which systemd's PrivateTmp makes private and which may be mounted noexec.
     */
    public Path nativeLibDir() { return settings.dataDir().resolve("lib"); }

    public Path tarballCache() { return settings.cacheDir().resolve("tarballs"); }
}
