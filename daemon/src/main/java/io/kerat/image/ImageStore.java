package io.kerat.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.util.Ids;
import io.kerat.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images on disk: {@code images/<name>/<key>/rootfs} plus {@code image.json}, and a {@code current} link that is
 * swapped atomically, so a rebuild never disturbs sandboxes already running on the previous rootfs.
 * Rootfs tarballs built with mmdebstrap are cached under the cache dir by recipe hash.
 */
public final class ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);

    static final List<String> MOUNT_POINTS = List.of("workspace", "kerat/out", "kerat/runner", "kerat/build",
            "tmp", "var/tmp", "dev/shm", "proc", "sys", "dev");

    private final Settings settings;
    private final Layout layout;
    private final ImageRecipes recipes;
    /** Parsed image.json by version directory and its inode (a re-import of the same key is a new directory). */
    private final Map<List<Object>, ImageInfo> byDir = new ConcurrentHashMap<>();

    public ImageStore(Settings settings, Layout layout) {
        this.settings = settings;
        this.layout = layout;
        this.recipes = new ImageRecipes(settings, layout);
    }

    /** Proves that a new image works before it becomes current; throws saying what is wrong with it. */
    @FunctionalInterface
    public interface Verifier {
        /** @param staged the new image, its rootfs still in the staging directory */
        void verify(ImageInfo staged) throws IOException;
    }

    private volatile Verifier verifier;

    /** Every later build or import must pass {@code v} before it becomes current (null: no check, for unit tests). */
    public void verifyWith(Verifier v) {
        this.verifier = v;
    }

    /** The active image, or an {@link ImageException} naming the command that builds it. */
    public ImageInfo resolve(String name) throws ImageException {
        Path current = layout.imageCurrent(name);
        Path dir;
        try {
            dir = current.toRealPath();
        } catch (IOException e) {
            throw new ImageException("image '" + name + "' is not installed: run `kerat image build " + name + "`");
        }
        List<Object> cacheKey;
        try {
            Object inode = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
            cacheKey = List.of(dir, inode == null ? "" : inode);
        } catch (IOException e) {
            throw new ImageException("image '" + name + "' vanished while being read: try again");
        }
        ImageInfo cached = byDir.get(cacheKey);
        if (cached != null && Files.isDirectory(cached.rootfs())) {
            return cached;
        }
        try {
            ImageInfo info = Json.mapper().readValue(dir.resolve("image.json").toFile(), ImageInfo.class);
            Path rootfs = dir.resolve("rootfs");
            if (!Files.isDirectory(rootfs)) {
                throw new ImageException("image '" + name + "' has no rootfs at " + rootfs
                        + ": run `kerat image build " + name + " --force`");
            }
            ImageInfo full = new ImageInfo(info.name(), info.version(), info.digest(), info.builtAt(), info.sizeBytes(),
                    info.key(), info.source(), info.rootfsBytes(), rootfs);
            byDir.put(cacheKey, full);
            return full;
        } catch (ImageException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageException("image '" + name + "' is damaged (" + e.getMessage()
                    + "): run `kerat image build " + name + " --force`", e);
        }
    }

    public List<ImageInfo> list() {
        return list(name -> true);
    }

    /** The installed images whose names {@code names} accepts (only those are read), by name. */
    private List<ImageInfo> list(java.util.function.Predicate<String> names) {
        List<ImageInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(layout.imagesDir(),
                p -> names.test(p.getFileName().toString()))) {
            for (Path p : s) {
                try {
                    out.add(resolve(p.getFileName().toString()));
                } catch (ImageException ignored) {
                    // half-built or removed
                }
            }
        } catch (IOException ignored) {
            // no images yet
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** The build key of a recipe (see {@link ImageRecipes#key}). */
    public String key(String name) throws IOException {
        return recipes.key(name);
    }

    /**
     * Builds the image from its recipe unless the current one was built from the same recipe (idempotent).
     * The mmdebstrap tarball is cached; {@code force} rebuilds it too.
     */
    public ImageInfo build(String name, boolean force, PrintStream progress) throws IOException {
        Path recipeFile = layout.recipeDir(name).resolve("image.json");
        if (!Files.isRegularFile(recipeFile)) {
            throw new ImageException("no recipe for image '" + name + "' at " + recipeFile + recipes.recipesLike(name));
        }
        Recipe recipe = Recipe.load(recipeFile);
        String key = key(name);
        if (!force) {
            try {
                ImageInfo existing = resolve(name);
                if (key.equals(existing.key())) {
                    progress.println("image " + name + " " + existing.version() + " is up to date (" + key + ")");
                    return existing;
                }
                if (existing.imported()) {
                    progress.println("image " + name + " " + existing.version() + " was imported (" + existing.digest()
                            + "): keeping it; `kerat image build " + name + " --force` replaces it with the recipe's");
                    return existing;
                }
            } catch (ImageException ignored) {
                // build it
            }
        }
        Path tarball = layout.tarballCache().resolve(name + "-" + key + ".tar");
        if (force || !Files.isRegularFile(tarball)) {
            recipes.mmdebstrap(name, recipe, tarball, progress);
        } else {
            progress.println("using cached rootfs tarball " + tarball);
        }
        return install(name, key, tarball, recipe::version, progress);
    }

    /** A fresh staging directory (with an empty rootfs/) beside the image's versions, on the same filesystem. */
    private Path newStaging(String name) throws IOException {
        checkName(name);
        Path imageDir = layout.imageDir(name);
        Files.createDirectories(imageDir);
        Path staging = imageDir.resolve(".staging-" + Ids.random());
        Files.createDirectories(staging.resolve("rootfs"));
        return staging;
    }

    /** Unpacks a rootfs tarball as a new version of the image and makes it current atomically. */
    public ImageInfo install(String name, String key, Path tarball, String versionPackage, PrintStream progress)
            throws IOException {
        return install(name, key, tarball, rootfs -> {
            String v = DpkgStatus.version(rootfs, versionPackage);
            return v == null ? null : DpkgStatus.upstream(v);
        }, progress);
    }

    /** How a new rootfs tells the runtime's version (the recipe's version package or version file); null: unknown. */
    @FunctionalInterface
    interface VersionReader {
        String version(Path rootfs) throws IOException;
    }

    private ImageInfo install(String name, String key, Path tarball, VersionReader versionReader, PrintStream progress)
            throws IOException {
        Path staging = newStaging(name);
        Path rootfs = staging.resolve("rootfs");
        long started = System.nanoTime();
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            int entries;
            // HashingInputStream, not DigestInputStream: the tar reader skips padding, and skipped bytes count too
            try (InputStream in = new HashingInputStream(new BufferedInputStream(Files.newInputStream(tarball), 1 << 16), md)) {
                entries = new TarUnpacker(rootfs, true).unpack(in);
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            String digest = "sha256:" + HexFormat.of().formatHex(md.digest());
            String version = versionReader.version(rootfs);
            if (version == null) {
                version = "unknown";
            }
            ImageInfo info = commit(name, staging, key, version, digest, Files.size(tarball), "built");
            progress.printf("image %s %s installed: %d entries, %s, %.1f s%n", name, version, entries, digest,
                    (System.nanoTime() - started) / 1e9);
            LOG.info("image {} {} installed from {}", name, version, tarball);
            return info;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    /**
     * Imports an image from a rootfs tarball (plain, gzip, zstd), an OCI image layout (directory or tar) or a
     * {@code docker save} archive as a new version of image {@code name}, and makes it current atomically.
     * The version directory is {@code import-<first 16 hex of the content digest>}.
     *
     * @param ref which image of a multi-image archive, or null
     */
    public ImageInfo importImage(String name, Path source, String ref, PrintStream progress) throws IOException {
        Path staging = newStaging(name);
        Path rootfs = staging.resolve("rootfs");
        long started = System.nanoTime();
        try {
            // lchown needs root; an unprivileged import (tests) keeps the caller's ownership
            boolean chown = io.kerat.util.Posix.geteuid() == 0;
            ImageImporter.Result r = new ImageImporter(source, ref, staging, progress).importInto(rootfs, chown);
            String hex = r.digest().substring(r.digest().indexOf(':') + 1);
            String key = "import-" + hex.substring(0, 16);
            String version = importedVersion(name, rootfs, r.plan());
            ImageInfo info = commit(name, staging, key, version, r.digest(), r.sourceBytes(), "imported");
            progress.printf("image %s %s imported: %d entries, %s, %.1f s%n", name, version, r.entries(), r.digest(),
                    (System.nanoTime() - started) / 1e9);
            LOG.info("image {} {} imported from {} ({})", name, version, source, r.digest());
            return info;
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    /** From the dpkg database or the version file the image's recipe names, else the config's label, else "imported". */
    String importedVersion(String name, Path rootfs, ImagePlan plan) {
        Path recipeFile = layout.recipeDir(name).resolve("image.json");
        if (Files.isRegularFile(recipeFile)) {
            try {
                String v = Recipe.load(recipeFile).version(rootfs);
                if (v != null) {
                    return v;
                }
            } catch (IOException e) {
                LOG.debug("no dpkg version for imported image {}: {}", name, e.getMessage());
            }
        }
        String label = plan.label("org.opencontainers.image.version");
        return label != null && !label.isBlank() ? label : "imported";
    }

    /** The installed versions of the language whose runner uses image {@code base} ({@code base}, {@code base@*}). */
    public RuntimeVersions versions(String base, String adminDefault) {
        // every request asks this: read only the language's own images, not all of them
        return new RuntimeVersions(base, list(n -> n.equals(base) || n.startsWith(base + "@")), adminDefault);
    }

    /** An image name: a language's image, optionally with a version tag ({@code python}, {@code python@3.11}). */
    public static final String NAME_PATTERN = "[a-z][a-z0-9_-]{0,31}(@[0-9a-z][0-9a-z.+~_-]{0,31})?";

    private static void checkName(String name) throws ImageException {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new ImageException("bad image name: " + name);
        }
    }

    /**
     * Adds the mount points, writes image.json, moves the staging directory to its version directory and swaps
     * the {@code current} link atomically. The version it replaces stays on disk (running sandboxes use it) with a
     * {@code .superseded} stamp that {@link #gc} reads.
     */
    private ImageInfo commit(String name, Path staging, String key, String version, String digest, long sizeBytes,
                             String source) throws IOException {
        Path rootfs = staging.resolve("rootfs");
        // mount points of every sandbox: a read-only root cannot get them at run time
        for (String mp : MOUNT_POINTS) {
            Path d = rootfs.resolve(mp);
            Path parent = rootfs;
            for (Path part : rootfs.relativize(d)) {
                parent = parent.resolve(part);
                if (Files.isSymbolicLink(parent) || (Files.exists(parent, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS))) {
                    // never create a mount point through a link of the image (it could point outside the root)
                    deleteTree(parent);
                }
            }
            Files.createDirectories(d);
        }
        ImageInfo info = new ImageInfo(name, version, digest, Instant.now().toString(), sizeBytes, key, source,
                rootfsBytes(rootfs), null);
        Verifier v = verifier;
        if (v != null) {
            try {
                v.verify(new ImageInfo(name, version, digest, info.builtAt(), sizeBytes, key, source, info.rootfsBytes(), rootfs));
            } catch (ImageException e) {
                String cur = currentKey(name);
                throw new ImageException("the new " + name + " image (version " + version + ") was not installed: "
                        + e.getMessage() + (cur != null ? "; the current version (" + cur + ") stays in service" : ""), e);
            }
        }
        ObjectNode json = Json.mapper().valueToTree(info);
        Files.write(staging.resolve("image.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        Path imageDir = layout.imageDir(name);
        Path versionDir = imageDir.resolve(key);
        String previous = currentKey(name);
        if (Files.exists(versionDir, LinkOption.NOFOLLOW_LINKS)) {
            // same key again (--force, or the same import twice): move the old one aside, gc removes it later
            Path old = imageDir.resolve(".old-" + key + "-" + Ids.random());
            Files.move(versionDir, old, StandardCopyOption.ATOMIC_MOVE);
            stampSuperseded(old);
        }
        Files.move(staging, versionDir, StandardCopyOption.ATOMIC_MOVE);
        Path link = imageDir.resolve(".current-" + Ids.random());
        Files.createSymbolicLink(link, Path.of(key));
        Files.move(link, layout.imageCurrent(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (previous != null && !previous.equals(key)) {
            stampSuperseded(imageDir.resolve(previous));
        }
        return resolve(name);
    }

    /** The name of the version directory {@code current} points to, or null. */
    private String currentKey(String name) {
        try {
            Path t = Files.readSymbolicLink(layout.imageCurrent(name));
            return t.getNameCount() == 1 ? t.toString() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void stampSuperseded(Path versionDir) {
        try {
            if (Files.isDirectory(versionDir, LinkOption.NOFOLLOW_LINKS)) {
                Path stamp = versionDir.resolve(SUPERSEDED);
                Files.deleteIfExists(stamp);
                Files.createFile(stamp);
            }
        } catch (IOException e) {
            LOG.warn("cannot stamp {} as superseded: {}", versionDir, e.getMessage());
        }
    }

    static final String SUPERSEDED = ".superseded";

    /** Regular-file bytes under a rootfs, each hard-linked file counted once. */
    static long rootfsBytes(Path rootfs) throws IOException {
        long[] total = {0};
        java.util.Set<Object> seen = new java.util.HashSet<>();
        Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if (a.isRegularFile() && (a.fileKey() == null || seen.add(a.fileKey()))) {
                    total[0] += a.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /**
     * Removes old versions of every image: version directories that are not {@code current} and were superseded
     * more than {@code olderThan} ago (from their {@code .superseded} stamp; unstamped ones by the directory's own
     * time and at least an hour), and
     * staging directories of imports or builds that died more than {@code olderThan} (at least an hour) ago.
     * A sandbox started on a version keeps using its directory until it ends, so {@code olderThan} must exceed the
     * longest request (default one hour). Returns the directories removed.
     */
    public List<Path> gc(java.time.Duration olderThan) throws IOException {
        List<Path> removed = new ArrayList<>();
        Instant now = Instant.now();
        Instant cutoff = now.minus(olderThan);
        Instant stagingCutoff = now.minus(olderThan.compareTo(java.time.Duration.ofHours(1)) > 0 ? olderThan : java.time.Duration.ofHours(1));
        if (!Files.isDirectory(layout.imagesDir())) {
            return removed;
        }
        try (DirectoryStream<Path> images = Files.newDirectoryStream(layout.imagesDir())) {
            for (Path imageDir : images) {
                if (!Files.isDirectory(imageDir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String current = currentKey(imageDir.getFileName().toString());
                try (DirectoryStream<Path> versions = Files.newDirectoryStream(imageDir)) {
                    for (Path v : versions) {
                        String n = v.getFileName().toString();
                        if (n.equals("current") || n.equals(current) || !Files.isDirectory(v, LinkOption.NOFOLLOW_LINKS)) {
                            continue;
                        }
                        if (current == null && !n.startsWith(".")) {
                            continue; // no current link: an image being removed or damaged; leave it to `image rm`
                        }
                        Instant since;
                        if (n.startsWith(".staging-")) {
                            since = Files.getLastModifiedTime(v, LinkOption.NOFOLLOW_LINKS).toInstant();
                            if (since.isAfter(stagingCutoff)) {
                                continue;
                            }
                        } else {
                            Path stamp = v.resolve(SUPERSEDED);
                            if (Files.exists(stamp, LinkOption.NOFOLLOW_LINKS)) {
                                since = Files.getLastModifiedTime(stamp, LinkOption.NOFOLLOW_LINKS).toInstant();
                                if (since.isAfter(cutoff)) {
                                    continue;
                                }
                            } else {
                                // no stamp: a version from before stamps existed, or one being made current right now
                                // (moved into place, link not swapped yet): at least an hour, like staging directories
                                since = Files.getLastModifiedTime(v, LinkOption.NOFOLLOW_LINKS).toInstant();
                                if (since.isAfter(stagingCutoff)) {
                                    continue;
                                }
                            }
                        }
                        byDir.clear();
                        deleteTree(v);
                        removed.add(v);
                        LOG.info("image gc removed {}", v);
                    }
                }
            }
        }
        return removed;
    }

    /** Removes an image; running sandboxes keep their rootfs until the directory is gone (do it when idle). */
    public boolean remove(String name) throws IOException {
        Path dir = layout.imageDir(name);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        byDir.clear();
        deleteTree(dir);
        return true;
    }

    /** Deletes a daemon-owned tree without following any symbolic link in it. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
