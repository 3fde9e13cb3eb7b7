package io.kerat.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.config.Layout;
import io.kerat.util.Ids;
import io.kerat.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
import java.util.HexFormat;
import java.util.List;

/**
 * New versions of images: a staging directory filled from a rootfs tarball or an image archive, checked by the
 * verifier and made the image's current version atomically.
 */
final class ImageInstaller {
    /** ImageStore's logger, so that the log reads as it did before this class was split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);

    private static final List<String> MOUNT_POINTS = List.of("workspace", "kerat/out", "kerat/runner", "kerat/build",
            "tmp", "var/tmp", "dev/shm", "proc", "sys", "dev");

    private final Layout layout;
    private final ImageStore store;
    private volatile ImageStore.Verifier verifier;

    ImageInstaller(Layout layout, ImageStore store) {
        this.layout = layout;
        this.store = store;
    }

    /** See {@link ImageStore#verifyWith}. */
    void verifyWith(ImageStore.Verifier v) {
        this.verifier = v;
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

    /** How a new rootfs tells the runtime's version (the recipe's version package or version file); null: unknown. */
    @FunctionalInterface
    interface VersionReader {
        String version(Path rootfs) throws IOException;
    }

    /** The work of {@link ImageStore#install}, the version read by {@code versionReader}. */
    ImageInfo install(String name, String key, Path tarball, VersionReader versionReader, PrintStream progress)
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
            ImageStore.deleteTree(staging);
            throw e;
        }
    }

    /** The work of {@link ImageStore#importImage}. */
    ImageInfo importImage(String name, Path source, String ref, PrintStream progress) throws IOException {
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
            ImageStore.deleteTree(staging);
            throw e;
        }
    }

    /** From the dpkg database or the version file the image's recipe names, else the config's label, else "imported". */
    private String importedVersion(String name, Path rootfs, ImagePlan plan) {
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

    private static void checkName(String name) throws ImageException {
        if (name == null || !name.matches(ImageStore.NAME_PATTERN)) {
            throw new ImageException("bad image name: " + name);
        }
    }

    /**
     * Adds the mount points, writes image.json, moves the staging directory to its version directory and swaps
     * the {@code current} link atomically. The version it replaces stays on disk (running sandboxes use it) with a
     * {@code .superseded} stamp that {@link ImageStore#gc} reads.
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
                    ImageStore.deleteTree(parent);
                }
            }
            Files.createDirectories(d);
        }
        ImageInfo info = new ImageInfo(name, version, digest, Instant.now().toString(), sizeBytes, key, source,
                rootfsBytes(rootfs), null);
        ImageStore.Verifier v = verifier;
        if (v != null) {
            try {
                v.verify(new ImageInfo(name, version, digest, info.builtAt(), sizeBytes, key, source, info.rootfsBytes(), rootfs));
            } catch (ImageException e) {
                String cur = store.currentKey(name);
                throw new ImageException("the new " + name + " image (version " + version + ") was not installed: "
                        + e.getMessage() + (cur != null ? "; the current version (" + cur + ") stays in service" : ""), e);
            }
        }
        ObjectNode json = Json.mapper().valueToTree(info);
        Files.write(staging.resolve("image.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        Path imageDir = layout.imageDir(name);
        Path versionDir = imageDir.resolve(key);
        String previous = store.currentKey(name);
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
        return store.resolve(name);
    }

    private static void stampSuperseded(Path versionDir) {
        try {
            if (Files.isDirectory(versionDir, LinkOption.NOFOLLOW_LINKS)) {
                Path stamp = versionDir.resolve(ImageStore.SUPERSEDED);
                Files.deleteIfExists(stamp);
                Files.createFile(stamp);
            }
        } catch (IOException e) {
            LOG.warn("cannot stamp {} as superseded: {}", versionDir, e.getMessage());
        }
    }

    /** Regular-file bytes under a rootfs, each hard-linked file counted once. */
    private static long rootfsBytes(Path rootfs) throws IOException {
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
}
