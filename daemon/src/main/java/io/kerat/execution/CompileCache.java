package io.kerat.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.image.ImageStore;
import io.kerat.state.Owner;
import io.kerat.state.ProcessIdentity;
import io.kerat.util.Ids;
import io.kerat.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compiled artifacts of successful compiles, keyed by a hash of everything that decides the output (see
 * {@link CompileKey}), in a size-bounded LRU on disk:
 * <pre>
 *   &lt;dir&gt;/entries/&lt;sha256&gt;/build/...   the artifacts (root-owned, 0644/0755, regular files and directories only)
 *   &lt;dir&gt;/entries/&lt;sha256&gt;/meta.json  the compile's stdout/stderr and the entry's accounted size
 *   &lt;dir&gt;/tmp/&lt;owner&gt;/                 entries being written, and evicted ones being deleted, per process
 * </pre>
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
 *
 * <p>Security: the build directory was written by an untrusted sandbox. {@link #store} is only called once that
 * sandbox is dead, and it copies nothing but regular files and directories: every entry is examined with lstat
 * (links are never followed), files are opened with O_NOFOLLOW|O_NONBLOCK and checked again with fstat (same inode,
 * still a regular file), nothing may leave the build directory's filesystem, and the byte, file and depth counts are
 * capped. Because every file and directory must be on the build directory's own fresh tmpfs (lstat and fstat
 * device), even a writer racing the copy could only redirect it within that tmpfs, never to a host file. A build
 * holding anything else (a symbolic link, FIFO, socket or device) is not cached at all, so a hit
 * always sees exactly what a fresh compile would have given. Hard links cannot reach outside the stage's own tmpfs;
 * their content is copied like any file.
 */
public final class CompileCache {
    private static final Logger LOG = LoggerFactory.getLogger(CompileCache.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    /** Disk use of one file or directory is accounted in blocks of this size. */
    static final long BLOCK = 4096;
    static final int MAX_FILES = 10_000;
    static final int MAX_DEPTH = 64;

    private final Path dir;
    private final Path entries;
    private final Path tmpRoot;
    private final Path tmp;
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
            deleteAll(doomed);
        }
    }

    /** Statistics, for /status and tests. */
    public record Stats(boolean enabled, long maxBytes, long bytes, int entries, long hits, long misses, long stores,
                        long evictions, long refused) {
    }

    private CompileCache(Path dir, long maxBytes, Owner owner) {
        this.dir = dir;
        this.entries = dir.resolve("entries");
        this.tmpRoot = dir.resolve("tmp");
        this.tmp = tmpRoot.resolve(owner.name());
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
        Files.createDirectories(c.entries);
        Files.createDirectories(c.tmpRoot);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(c.tmpRoot)) {
            for (Path p : s) {
                java.util.Optional<Owner> o = Owner.parse(p.getFileName().toString());
                boolean gone = o.isPresent() ? !o.get().process().equals(ProcessIdentity.current()) && !o.get().process().isAlive()
                        : sweep; // not an owner's: staging of a version before owners; only the sweeping daemon's
                if (gone) {
                    try {
                        ImageStore.deleteTree(p);
                    } catch (IOException e) {
                        LOG.warn("cannot remove {} (another process removing it too?): {}", p, e.getMessage());
                    }
                }
            }
        }
        ImageStore.deleteTree(c.tmp);
        Files.createDirectories(c.tmp);
        record Found(String key, Path path, long bytes, long used) {
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(c.entries)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                try {
                    JsonNode meta = KEY.matcher(name).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                            ? readMeta(p) : null;
                    if (meta == null || !meta.path("bytes").canConvertToLong()) {
                        if (sweep) {
                            ImageStore.deleteTree(p);
                        }
                        continue;
                    }
                    found.add(new Found(name, p, meta.path("bytes").asLong(),
                            Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis()));
                } catch (IOException e) {
                    if (sweep) {
                        LOG.warn("dropping unreadable compile cache entry {}: {}", p, e.getMessage());
                        ImageStore.deleteTree(p);
                    }
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.used(), b.used()));
        List<Path> doomed = new ArrayList<>();
        synchronized (c) {
            for (Found f : found) {
                c.lru.put(f.key(), new Entry(f.key(), f.path(), f.bytes()));
                c.totalBytes += f.bytes();
            }
            if (sweep) {
                c.evict(doomed);
            }
        }
        c.deleteAll(doomed);
        return c;
    }

    public boolean enabled() {
        return maxBytes > 0;
    }

    /** This owner's staging directory. */
    Path tmpDir() {
        return tmp;
    }

    /** Removes this owner's tmp directory (entries stay for the next process). Call when no store runs. */
    public void close() {
        if (!enabled()) {
            return;
        }
        try {
            ImageStore.deleteTree(tmp);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", tmp, e.getMessage());
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
            JsonNode meta = readMeta(e.path);
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
            deleteAll(doomed);
            return null;
        }
    }

    /** Drops one lease; the entry's files go if it was removed meanwhile. Caller holds the lock. */
    private void release(Entry e, List<Path> doomed) {
        e.leases--;
        if (e.leases == 0 && e.removed) {
            doomed.add(retire(e.path));
        }
        evict(doomed);
    }

    /**
     * Copies a successful compile's build directory into the cache under {@code key}. Call only once the sandbox
     * that wrote {@code build} is dead. Returns false (and caches nothing) if the build holds anything but regular
     * files and directories, passes a cap, or does not fit in the bound; never throws for the build's content.
     */
    public boolean store(String key, Path build, String stdout, String stderr) throws IOException {
        if (!enabled() || !KEY.matcher(key).matches()) {
            return false;
        }
        synchronized (this) {
            if (lru.containsKey(key)) {
                return false;
            }
        }
        Path staging = tmp.resolve("new-" + Ids.random());
        Files.createDirectory(staging);
        try {
            long bytes;
            try {
                bytes = SafeCopy.copy(build, staging.resolve("build"), maxBytes, MAX_FILES, MAX_DEPTH);
            } catch (SafeCopy.Refused r) {
                LOG.info("not caching compile {}: {}", key, r.getMessage());
                synchronized (this) {
                    refused++;
                }
                return false;
            }
            ObjectNode meta = Json.mapper().createObjectNode();
            meta.put("stdout", stdout);
            meta.put("stderr", stderr);
            byte[] metaBytes = Json.mapper().writeValueAsBytes(meta);
            bytes += BLOCK * ((metaBytes.length + 64 + BLOCK - 1) / BLOCK) + BLOCK;
            if (bytes > maxBytes) {
                synchronized (this) {
                    refused++;
                }
                return false;
            }
            meta.put("bytes", bytes);
            try (OutputStream o = Files.newOutputStream(staging.resolve("meta.json"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                Json.mapper().writeValue(o, meta);
            }
            List<Path> doomed = new ArrayList<>();
            synchronized (this) {
                if (lru.containsKey(key)) {
                    return false;
                }
                Path target = entries.resolve(key);
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
            deleteAll(doomed);
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
            Path p = retire(e.path);
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

    /** Moves an entry's directory out of entries/ (fast, under the lock); deleting it happens outside. */
    private Path retire(Path entry) {
        Path dead = tmp.resolve("dead-" + Ids.random());
        try {
            Files.move(entry, dead, StandardCopyOption.ATOMIC_MOVE);
            return dead;
        } catch (IOException e) {
            LOG.warn("cannot retire compile cache entry {}: {}", entry, e.getMessage());
            return null;
        }
    }

    private void deleteAll(List<Path> doomed) {
        for (Path p : doomed) {
            if (p == null) {
                continue;
            }
            try {
                ImageStore.deleteTree(p);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", p, e.getMessage());
            }
        }
    }

    private static JsonNode readMeta(Path entry) throws IOException {
        Path m = entry.resolve("meta.json");
        if (!Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return Json.mapper().readTree(Files.readAllBytes(m));
    }
}
