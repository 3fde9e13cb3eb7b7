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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The compile cache's directory on disk, for one owner: sweeping tmp/ and finding the entries at open, writing a new
 * entry in this owner's staging, reading meta.json, and retiring and deleting entry directories. It keeps no
 * in-memory state and takes no lock: the LRU, its counters and its lock are {@link CompileCache}'s.
 * <pre>
 *   &lt;dir&gt;/entries/&lt;sha256&gt;/build/...   the artifacts (root-owned, 0644/0755, regular files and directories only)
 *   &lt;dir&gt;/entries/&lt;sha256&gt;/meta.json  the compile's stdout/stderr and the entry's accounted size
 *   &lt;dir&gt;/tmp/&lt;owner&gt;/                 entries being written, and evicted ones being deleted, per process
 * </pre>
 *
 * <p>Security: the build directory was written by an untrusted sandbox. {@link CompileCache#store} is only called
 * once that sandbox is dead, and {@link #write} copies nothing but regular files and directories: every entry is
 * examined with lstat (links are never followed), files are opened with O_NOFOLLOW|O_NONBLOCK and checked again with
 * fstat (same inode, still a regular file), nothing may leave the build directory's filesystem, and the byte, file and
 * depth counts are capped. Because every file and directory must be on the build directory's own fresh tmpfs (lstat
 * and fstat device), even a writer racing the copy could only redirect it within that tmpfs, never to a host file. A
 * build holding anything else (a symbolic link, FIFO, socket or device) is not cached at all, so a hit
 * always sees exactly what a fresh compile would have given. Hard links cannot reach outside the stage's own tmpfs;
 * their content is copied like any file.
 */
final class CompileCacheFiles {
    /** Under the cache's logger name: the log lines are the cache's. */
    private static final Logger LOG = LoggerFactory.getLogger(CompileCache.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final Path entries;
    private final Path tmpRoot;
    private final Path tmp;

    /** An entry found on disk at open, with its last use. */
    record Found(String key, Path path, long bytes, long used) {
    }

    CompileCacheFiles(Path dir, Owner owner) {
        this.entries = dir.resolve("entries");
        this.tmpRoot = dir.resolve("tmp");
        this.tmp = tmpRoot.resolve(owner.name());
    }

    static boolean isKey(String key) {
        return KEY.matcher(key).matches();
    }

    /** This owner's staging directory. */
    Path tmp() {
        return tmp;
    }

    /** Where the entry for {@code key} is published. */
    Path entry(String key) {
        return entries.resolve(key);
    }

    /**
     * Creates the directories, removes the tmp directories of owners whose process is gone and empties this owner's,
     * and returns the entries found, oldest use first. With {@code sweep}, also drops leftovers of older versions in
     * tmp/ and entries without meta.json (see {@link CompileCache#open(Path, long, Owner, boolean)}).
     */
    List<Found> open(boolean sweep) throws IOException {
        Files.createDirectories(entries);
        Files.createDirectories(tmpRoot);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmpRoot)) {
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
        ImageStore.deleteTree(tmp);
        Files.createDirectories(tmp);
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(entries)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                try {
                    JsonNode meta = isKey(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
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
        return found;
    }

    /** A new, empty directory in this owner's staging, to {@link #write} an entry in. */
    Path newStaging() throws IOException {
        Path staging = tmp.resolve("new-" + Ids.random());
        Files.createDirectory(staging);
        return staging;
    }

    /**
     * Writes the entry for {@code key} into {@code staging}: a copy of {@code build} and meta.json. Returns the
     * entry's accounted size, or empty (refused: the build holds anything but regular files and directories, passes
     * a cap, or the entry would be larger than {@code maxBytes}).
     */
    OptionalLong write(Path staging, String key, Path build, String stdout, String stderr, long maxBytes)
            throws IOException {
        long bytes;
        try {
            bytes = SafeCopy.copy(build, staging.resolve("build"), maxBytes, CompileCache.MAX_FILES,
                    CompileCache.MAX_DEPTH);
        } catch (SafeCopy.Refused r) {
            LOG.info("not caching compile {}: {}", key, r.getMessage());
            return OptionalLong.empty();
        }
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("stdout", stdout);
        meta.put("stderr", stderr);
        byte[] metaBytes = Json.mapper().writeValueAsBytes(meta);
        bytes += CompileCache.BLOCK * ((metaBytes.length + 64 + CompileCache.BLOCK - 1) / CompileCache.BLOCK)
                + CompileCache.BLOCK;
        if (bytes > maxBytes) {
            return OptionalLong.empty();
        }
        meta.put("bytes", bytes);
        try (OutputStream o = Files.newOutputStream(staging.resolve("meta.json"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            Json.mapper().writeValue(o, meta);
        }
        return OptionalLong.of(bytes);
    }

    /** Moves an entry's directory out of entries/ (fast, under the cache's lock); deleting it happens outside. */
    Path retire(Path entry) {
        Path dead = tmp.resolve("dead-" + Ids.random());
        try {
            Files.move(entry, dead, StandardCopyOption.ATOMIC_MOVE);
            return dead;
        } catch (IOException e) {
            LOG.warn("cannot retire compile cache entry {}: {}", entry, e.getMessage());
            return null;
        }
    }

    void deleteAll(List<Path> doomed) {
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

    static JsonNode readMeta(Path entry) throws IOException {
        Path m = entry.resolve("meta.json");
        if (!Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return Json.mapper().readTree(Files.readAllBytes(m));
    }
}
