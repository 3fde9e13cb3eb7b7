package io.kerat.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.image.ImageStore;
import io.kerat.state.Owner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;

/**
 * Compiled artifacts of successful compiles, keyed by a hash of everything that decides the output (see
 * {@link CompileKey}), in a size-bounded LRU on disk (the layout, the writing and the security of the copy:
 * {@link CompileCacheFiles}). This class keeps the LRU, its leases and counters, and eviction, under its lock.
 * Several processes may share the cache (the daemon, `kerat run`, the benchmark): each stages its writes in its own
 * tmp/&lt;owner&gt; (see {@link Owner}) and publishes by rename, so none sees another's half-written entry. Only the
 * process opening with {@code sweep} (the daemon holding the serve lock) deletes leftovers and evicts at open; the
 * others leave what they do not own alone, and remove the tmp directories of owners whose process is gone.
 * Limit: each process keeps its own LRU and leases, so one process's eviction (only when the cache is over its
 * bound) can delete an entry another process is using at that moment; that run then fails like a vanished
 * directory would. Sharing the cache between a daemon and `kerat run` was already so before owners existed.
 * An entry is written in tmp/ and renamed into entries/, so a reader never sees half an entry. A hit hands out a
 * {@link Lease}; a leased entry is never evicted (the bound may be passed while leases are held: eviction catches up
 * when they are released). Last use survives restarts as the entry directory's modification time.
 */
public final class CompileCache {
    private static final Logger LOG = LoggerFactory.getLogger(CompileCache.class);
    /** Disk use of one file or directory is accounted in blocks of this size. */
    static final long BLOCK = 4096;
    static final int MAX_FILES = 10_000;
    static final int MAX_DEPTH = 64;

    private final Path dir;
    private final CompileCacheFiles files;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> lru = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;
    private long hits;
    private long misses;
    private long stores;
    private long evictions;
    private long refused;

    private static final class Entry {
        final String key;
        final Path path;
        final long bytes;
        int leases;
        boolean removed;

        Entry(String key, Path path, long bytes) {
            this.key = key;
            this.path = path;
            this.bytes = bytes;
        }
    }

    /** What a hit returns: the compile's output, and a read-only view of its artifacts until {@link #close()}. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private final String stdout;
        private final String stderr;
        private boolean closed;

        private Lease(Entry entry, String stdout, String stderr) {
            this.entry = entry;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public Path build() { return entry.path.resolve("build"); }

        public String stdout() { return stdout; }

        public String stderr() { return stderr; }

        @Override
        public void close() {
            List<Path> doomed = new ArrayList<>();
            synchronized (CompileCache.this) {
                if (closed) {
                    return;
                }
                closed = true;
                release(entry, doomed);
            }
            files.deleteAll(doomed);
        }
    }

    /** Statistics, for /status and tests. */
    public record Stats(boolean enabled, long maxBytes, long bytes, int entries, long hits, long misses, long stores,
                        long evictions, long refused) {
    }

    private CompileCache(Path dir, long maxBytes, Owner owner) {
        this.dir = dir;
        this.files = new CompileCacheFiles(dir, owner);
        this.maxBytes = Math.max(0, maxBytes);
    }

    /** {@link #open(Path, long, Owner, boolean)} for a fresh owner, with the sweep. */
    public static CompileCache open(Path dir, long maxBytes) throws IOException {
        return open(dir, maxBytes, Owner.next(), true);
    }

    /**
     * Opens (creating it if needed) the cache in {@code dir} for {@code owner}, removing the tmp directories of owners
     * whose process is gone. With {@code sweep} (only one process at a time may sweep: the daemon holding the serve
     * lock), also drops leftovers of older versions in tmp/, entries without meta.json, and entries that no longer
     * fit, oldest use evicted first. {@code maxBytes <= 0}: disabled.
     */
    public static CompileCache open(Path dir, long maxBytes, Owner owner, boolean sweep) throws IOException {
        CompileCache c = new CompileCache(dir, maxBytes, owner);
        if (c.maxBytes == 0) {
            return c;
        }
        List<CompileCacheFiles.Found> found = c.files.open(sweep);
        List<Path> doomed = new ArrayList<>();
        synchronized (c) {
            for (CompileCacheFiles.Found f : found) {
                c.lru.put(f.key(), new Entry(f.key(), f.path(), f.bytes()));
                c.totalBytes += f.bytes();
            }
            if (sweep) {
                c.evict(doomed);
            }
        }
        c.files.deleteAll(doomed);
        return c;
    }

    public boolean enabled() {
        return maxBytes > 0;
    }

    /** This owner's staging directory. */
    Path tmpDir() {
        return files.tmp();
    }

    /** Removes this owner's tmp directory (entries stay for the next process). Call when no store runs. */
    public void close() {
        if (!enabled()) {
            return;
        }
        try {
            ImageStore.deleteTree(files.tmp());
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", files.tmp(), e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    public synchronized Stats stats() {
        return new Stats(enabled(), maxBytes, totalBytes, lru.size(), hits, misses, stores, evictions, refused);
    }

    /** A leased entry for {@code key}, or null (a miss). The caller closes the lease when its stages are done. */
    public Lease lookup(String key) {
        if (!enabled()) {
            return null;
        }
        Entry e;
        synchronized (this) {
            e = lru.get(key);
            if (e == null) {
                misses++;
                return null;
            }
            e.leases++;
        }
        Lease lease = null;
        try {
            JsonNode meta = CompileCacheFiles.readMeta(e.path);
            if (meta == null) {
                throw new IOException("meta.json missing");
            }
            lease = new Lease(e, meta.path("stdout").asText(""), meta.path("stderr").asText(""));
            try {
                Files.setLastModifiedTime(e.path, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException ignored) {
                // only the order after a restart suffers
            }
            synchronized (this) {
                hits++;
            }
            return lease;
        } catch (IOException ex) {
            LOG.warn("compile cache entry {} is unreadable, dropping it: {}", key, ex.getMessage());
            List<Path> doomed = new ArrayList<>();
            synchronized (this) {
                misses++;
                remove(e);
                release(e, doomed);
            }
            files.deleteAll(doomed);
            return null;
        }
    }

    /** Drops one lease; the entry's files go if it was removed meanwhile. Caller holds the lock. */
    private void release(Entry e, List<Path> doomed) {
        e.leases--;
        if (e.leases == 0 && e.removed) {
            doomed.add(files.retire(e.path));
        }
        evict(doomed);
    }

    /**
     * Copies a successful compile's build directory into the cache under {@code key}. Call only once the sandbox
     * that wrote {@code build} is dead. Returns false (and caches nothing) if the build holds anything but regular
     * files and directories, passes a cap, or does not fit in the bound; never throws for the build's content.
     */
    public boolean store(String key, Path build, String stdout, String stderr) throws IOException {
        if (!enabled() || !CompileCacheFiles.isKey(key)) {
            return false;
        }
        synchronized (this) {
            if (lru.containsKey(key)) {
                return false;
            }
        }
        Path staging = files.newStaging();
        try {
            OptionalLong written = files.write(staging, key, build, stdout, stderr, maxBytes);
            if (written.isEmpty()) {
                synchronized (this) {
                    refused++;
                }
                return false;
            }
            long bytes = written.getAsLong();
            List<Path> doomed = new ArrayList<>();
            synchronized (this) {
                if (lru.containsKey(key)) {
                    return false;
                }
                Path target = files.entry(key);
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    return false;
                }
                lru.put(key, new Entry(key, target, bytes));
                totalBytes += bytes;
                stores++;
                evict(doomed, key);
            }
            files.deleteAll(doomed);
            return true;
        } finally {
            ImageStore.deleteTree(staging);
        }
    }

    private void evict(List<Path> doomed) {
        evict(doomed, null);
    }

    /**
     * Evicts least recently used, unleased entries until the bound holds, never {@code keep} (the entry just stored:
     * when leased entries fill the bound, the cache stays over it until they are released). Caller holds the lock.
     */
    private void evict(List<Path> doomed, String keep) {
        Iterator<Entry> it = lru.values().iterator();
        while (totalBytes > maxBytes && it.hasNext()) {
            Entry e = it.next();
            if (e.leases > 0 || e.key.equals(keep)) {
                continue;
            }
            it.remove();
            e.removed = true;
            totalBytes -= e.bytes;
            evictions++;
            Path p = files.retire(e.path);
            if (p != null) {
                doomed.add(p);
            }
        }
    }

    /** Forgets an entry (its files go once no lease holds them). Caller holds the lock. */
    private void remove(Entry e) {
        if (!e.removed && lru.get(e.key) == e) {
            lru.remove(e.key);
            totalBytes -= e.bytes;
        }
        e.removed = true;
    }
}
