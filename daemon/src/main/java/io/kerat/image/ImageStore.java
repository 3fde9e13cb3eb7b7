package io.kerat.image;

import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images on disk: {@code images/<name>/<key>/rootfs} plus {@code image.json}, and a {@code current} link that is
 * swapped atomically, so a rebuild never disturbs sandboxes already running on the previous rootfs.
 * This class reads, lists and removes installed images; it hands building from a recipe to {@code ImageBuilder}
 * and putting a new version in place to {@code ImageInstaller}.
 */
public final class ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);

    private final Layout layout;
    private final ImageRecipes recipes;
    private final ImageInstaller installer;
    private final ImageBuilder builder;
    /** Parsed image.json by version directory and its inode (a re-import of the same key is a new directory). */
    private final Map<List<Object>, ImageInfo> byDir = new ConcurrentHashMap<>();

    public ImageStore(Settings settings, Layout layout) {
        this.layout = layout;
        this.recipes = new ImageRecipes(settings, layout);
        this.installer = new ImageInstaller(layout, this);
        this.builder = new ImageBuilder(layout, recipes, this, installer);
    }

    /** Proves that a new image works before it becomes current; throws saying what is wrong with it. */
    @FunctionalInterface
    public interface Verifier {
        /** @param staged the new image, its rootfs still in the staging directory */
        void verify(ImageInfo staged) throws IOException;
    }

    /** Every later build or import must pass {@code v} before it becomes current (null: no check, for unit tests). */
    public void verifyWith(Verifier v) {
        installer.verifyWith(v);
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
        return builder.build(name, force, progress);
    }

    /** Unpacks a rootfs tarball as a new version of the image and makes it current atomically. */
    public ImageInfo install(String name, String key, Path tarball, String versionPackage, PrintStream progress)
            throws IOException {
        return installer.install(name, key, tarball, rootfs -> {
            String v = DpkgStatus.version(rootfs, versionPackage);
            return v == null ? null : DpkgStatus.upstream(v);
        }, progress);
    }

    /**
     * Imports an image from a rootfs tarball (plain, gzip, zstd), an OCI image layout (directory or tar) or a
     * {@code docker save} archive as a new version of image {@code name}, and makes it current atomically.
     * The version directory is {@code import-<first 16 hex of the content digest>}.
     *
     * @param ref which image of a multi-image archive, or null
     */
    public ImageInfo importImage(String name, Path source, String ref, PrintStream progress) throws IOException {
        return installer.importImage(name, source, ref, progress);
    }

    /** The installed versions of the language whose runner uses image {@code base} ({@code base}, {@code base@*}). */
    public RuntimeVersions versions(String base, String adminDefault) {
        // every request asks this: read only the language's own images, not all of them
        return new RuntimeVersions(base, list(n -> n.equals(base) || n.startsWith(base + "@")), adminDefault);
    }

    /** An image name: a language's image, optionally with a version tag ({@code python}, {@code python@3.11}). */
    public static final String NAME_PATTERN = "[a-z][a-z0-9_-]{0,31}(@[0-9a-z][0-9a-z.+~_-]{0,31})?";

    /** The name of the version directory {@code current} points to, or null. */
    String currentKey(String name) {
        try {
            Path t = Files.readSymbolicLink(layout.imageCurrent(name));
            return t.getNameCount() == 1 ? t.toString() : null;
        } catch (IOException e) {
            return null;
        }
    }

    static final String SUPERSEDED = ".superseded";

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
