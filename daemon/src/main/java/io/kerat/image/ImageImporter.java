package io.kerat.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads an image from outside the recipes into a rootfs directory: a rootfs tarball (plain, gzip or zstd), an OCI
 * image layout or a docker-archive, each as a directory or a tar (optionally compressed). {@link ArchiveLayout} tells
 * which from the names at the top, {@link OciLayoutReader} and {@link DockerArchiveReader} make the plan, and the
 * layers are applied in order with whiteouts and hard links by {@link TarUnpacker#applyLayer}; every blob whose
 * digest is known is verified while it streams (compressed digest from the descriptor or the member's name,
 * uncompressed digest from the config's {@code rootfs.diff_ids}). A mismatch fails the import; since everything
 * happens in a staging directory, nothing is installed.
 */
public final class ImageImporter {
    /** The result of an import into a rootfs directory. */
    public record Result(ImagePlan plan, String digest, int entries, long sourceBytes) {
    }

    private final Path source;
    private final String ref;
    private final Path scratch;
    private final PrintStream progress;

    /**
     * @param source  the file or directory to import
     * @param ref     which image of a multi-image archive (a tag or ref name), or null
     * @param scratch a directory for temporary files (a compressed archive is decompressed there)
     */
    public ImageImporter(Path source, String ref, Path scratch, PrintStream progress) {
        this.source = source;
        this.ref = ref;
        this.scratch = scratch;
        this.progress = progress;
    }

    /** The host's CPU in OCI terms (amd64, arm64, ...). */
    public static String hostArch() {
        return ImageConfig.hostArch();
    }

    /** Reads the source and applies its layers to {@code rootfs}. */
    public Result importInto(Path rootfs, boolean chown) throws IOException {
        if (Files.isDirectory(source)) {
            List<String> top;
            try (Stream<Path> s = Files.list(source)) {
                top = s.map(p -> p.getFileName().toString()).toList();
            }
            ArchiveLayout l = ArchiveLayout.detect(top, source.toString());
            if (l.kind() == ImagePlan.Kind.ROOTFS) {
                throw new ImageException(source + " is a directory but neither an OCI image layout (oci-layout, "
                        + "index.json) nor a docker-archive (manifest.json); import a rootfs as a tarball");
            }
            try (ImageArchive a = new DirArchive(source)) {
                return fromArchive(a, l, rootfs, chown);
            }
        }
        if (!Files.isRegularFile(source)) {
            throw new ImageException("nothing to import at " + source);
        }
        Compression c;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(source))) {
            c = Compression.detect(in);
        }
        if (c == Compression.NONE) {
            ArchiveLayout l;
            try (TarFile tf = new TarFile(source)) {
                l = ArchiveLayout.detect(tf.getEntries().stream().map(TarArchiveEntry::getName).toList(), source.toString());
            } catch (ImageException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ImageException(source + " is not a tar archive (nor gzip or zstd compressed): " + e.getMessage(), e);
            }
            if (l.kind() == ImagePlan.Kind.ROOTFS) {
                return rootfsTarball(rootfs, chown);
            }
            try (ImageArchive a = new TarArchive(source, l.prefix())) {
                return fromArchive(a, l, rootfs, chown);
            }
        }
        ArchiveLayout l = ArchiveLayout.detect(compressedNames(), source.toString());
        if (l.kind() == ImagePlan.Kind.ROOTFS) {
            return rootfsTarball(rootfs, chown);
        }
        Path tmp = Files.createTempFile(scratch, "source-", ".tar");
        try {
            try (InputStream in = Compression.decompress(Files.newInputStream(source));
                 OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            try (ImageArchive a = new TarArchive(tmp, l.prefix())) {
                return fromArchive(a, l, rootfs, chown);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Every entry name of a compressed tar, read as a stream (an image archive's index may come last). */
    private List<String> compressedNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Compression.decompress(Files.newInputStream(source));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageException ie) {
                throw ie;
            }
            throw new ImageException(source + " is compressed but not a tar archive inside: " + e.getMessage(), e);
        }
        return names;
    }

    private Result rootfsTarball(Path rootfs, boolean chown) throws IOException {
        progress.println("importing " + source + " as a rootfs tarball");
        MessageDigest md = Digests.sha("sha256");
        int entries;
        try (HashingInputStream raw = new HashingInputStream(Files.newInputStream(source), md);
             InputStream in = Compression.decompress(raw)) {
            entries = new TarUnpacker(rootfs, chown).unpack(in);
            in.transferTo(OutputStream.nullOutputStream());
            raw.transferTo(OutputStream.nullOutputStream());
        }
        String digest = "sha256:" + HexFormat.of().formatHex(md.digest());
        ImagePlan plan = new ImagePlan(ImagePlan.Kind.ROOTFS, digest,
                List.of(new ImagePlan.Layer(source.toString(), digest, null)), null);
        return new Result(plan, digest, entries, Files.size(source));
    }

    private Result fromArchive(ImageArchive a, ArchiveLayout l, Path rootfs, boolean chown) throws IOException {
        ImagePlan plan = l.kind() == ImagePlan.Kind.DOCKER ? new DockerArchiveReader(a, source.toString(), ref).plan()
                : new OciLayoutReader(a, source.toString(), ref).plan();
        progress.printf("importing %s (%s, %d layers, %s)%n", source, plan.kind(), plan.layers().size(), plan.digest());
        TarUnpacker unpacker = new TarUnpacker(rootfs, chown);
        int entries = 0;
        int i = 0;
        for (ImagePlan.Layer layer : plan.layers()) {
            i++;
            entries += applyLayer(a, layer, unpacker);
            progress.printf("  layer %d/%d %s applied%n", i, plan.layers().size(),
                    layer.digest() != null ? layer.digest() : layer.path());
        }
        return new Result(plan, plan.digest(), entries, sizeOf(source));
    }

    private static int applyLayer(ImageArchive a, ImagePlan.Layer l, TarUnpacker unpacker) throws IOException {
        MessageDigest raw = l.digest() == null ? null : Digests.sha(Digests.algorithm(l.digest()));
        MessageDigest diff = l.diffId() == null ? null : Digests.sha(Digests.algorithm(l.diffId()));
        int n;
        try (InputStream blob = a.open(l.path());
             InputStream rawIn = raw == null ? blob : new HashingInputStream(blob, raw);
             InputStream unz = Compression.decompress(rawIn);
             InputStream tar = diff == null ? unz : new HashingInputStream(unz, diff)) {
            n = unpacker.applyLayer(tar);
            // the digests cover every byte, tar padding and compression trailer included
            tar.transferTo(OutputStream.nullOutputStream());
            rawIn.transferTo(OutputStream.nullOutputStream());
        }
        Digests.check(l.path(), l.digest(), raw);
        Digests.check(l.path() + " (uncompressed)", l.diffId(), diff);
        return n;
    }

    private static long sizeOf(Path p) throws IOException {
        if (Files.isRegularFile(p)) {
            return Files.size(p);
        }
        long[] total = {0};
        try (var s = Files.walk(p)) {
            s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).forEach(f -> {
                try {
                    total[0] += Files.size(f);
                } catch (IOException ignored) {
                    // vanished
                }
            });
        }
        return total[0];
    }
}
