package io.kerat.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kerat image import} on hostile input: it imports or throws an {@link IOException} (mostly
 * {@link ImageException}), in bounded time, writes nothing outside the rootfs it fills, and leaves no temporary
 * file behind. {@link #archive} takes the bytes as the file to import (format detection, tar or compressed tar,
 * docker save, OCI layout or rootfs). {@link #layout} builds a well-formed OCI layout or docker save archive from
 * fuzzed documents, filling in the digests, so the fuzzer gets past the digest checks into the index, manifest and
 * config readers and the layers (format: see {@link #layout}).
 */
@Tag("fuzz")
@Timeout(30)
class ImageImporterFuzzTest {
    private static final byte[] SEPARATOR = "\n%%\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static Path base;

    @BeforeAll
    static void setUp() throws IOException {
        base = Files.createTempDirectory("kerat-fuzz-import-");
    }

    @AfterAll
    static void tearDown() throws IOException {
        ImageStore.deleteTree(base);
    }

    /** The input is the file given to {@code kerat image import}. */
    @FuzzTest(maxDuration = "5m")
    void archive(byte[] input) throws IOException {
        try (Confinement c = new Confinement(base)) {
            importInto(c, Files.write(c.box.resolve("source"), input));
        }
    }

    /**
     * Sections separated by a line {@code %%}: a first line {@code oci} or {@code docker} (optionally followed by
     * {@code tar}: the layout is packed into a tar file instead of a directory), then the top document
     * (index.json or manifest.json), the image manifest (OCI only, ignored for docker), the config, then the layer
     * blobs. Placeholders are replaced by what the blobs really are: {@code @D<i>} the layer's diff id, {@code @L<i>}
     * its digest, {@code @S<i>} its size, {@code @LP<i>} its path; {@code @C}, {@code @CS}, {@code @CP} the config's
     * digest, size and path; {@code @M}, {@code @MS} the manifest's digest and size.
     */
    @FuzzTest(maxDuration = "5m")
    void layout(byte[] input) throws IOException {
        List<byte[]> parts = split(input);
        if (parts.size() < 4) {
            return;
        }
        boolean tar = new String(parts.get(0), StandardCharsets.ISO_8859_1).trim().endsWith("tar");
        Map<String, byte[]> files = layoutFiles(parts);
        try (Confinement c = new Confinement(base)) {
            Path source = c.box.resolve("source");
            if (tar) {
                writeTar(source, files);
            } else {
                writeDir(source, files);
            }
            importInto(c, source);
        }
    }

    /** The well-formed seeds really import (else the harness would only ever test refusals). */
    @org.junit.jupiter.api.Test
    void wellFormedSeedsImport() throws IOException {
        for (String seed : List.of("layout/oci-dir", "layout/oci-tar", "layout/docker-dir", "layout/docker-tar",
                "archive/oci.tar", "archive/oci.tar.gz", "archive/docker-legacy.tar", "archive/docker-oci.tar",
                "archive/docker-symlinked-layer.tar", "archive/rootfs.tar")) {
            byte[] input;
            try (InputStream in = getClass().getResourceAsStream("ImageImporterFuzzTestInputs/" + seed)) {
                input = in.readAllBytes();
            }
            List<byte[]> parts = split(input);
            try (Confinement c = new Confinement(base)) {
                Path source = c.box.resolve("source");
                if (seed.startsWith("layout/")) {
                    boolean tar = new String(parts.get(0), StandardCharsets.ISO_8859_1).endsWith("tar");
                    Map<String, byte[]> files = layoutFiles(parts);
                    if (tar) {
                        writeTar(source, files);
                    } else {
                        writeDir(source, files);
                    }
                } else {
                    Files.write(source, input);
                }
                Path scratch = Files.createDirectory(c.box.resolve("scratch"));
                new ImageImporter(source, null, scratch, QUIET).importInto(c.root, false);
                org.junit.jupiter.api.Assertions.assertTrue(Files.isRegularFile(c.root.resolve("usr/bin/python3")), seed);
            }
        }
    }

    /** Imports {@code source} (inside the sandbox, removed afterwards) and checks what was written where. */
    private static void importInto(Confinement c, Path source) throws IOException {
        Path scratch = Files.createDirectory(c.box.resolve("scratch"));
        try {
            new ImageImporter(source, null, scratch, QUIET).importInto(c.root, false);
        } catch (IOException expected) {
            // refused: the importer's own error
        } finally {
            ImageStore.deleteTree(source);
        }
        try (var s = Files.list(scratch)) {
            org.junit.jupiter.api.Assertions.assertEquals(0, s.count(), "a temporary file was left behind");
        }
        Files.delete(scratch);
        c.check();
    }

    /** The members of the layout {@link #layout} describes, by path, digests filled in. */
    static Map<String, byte[]> layoutFiles(List<byte[]> parts) {
        String head = new String(parts.get(0), StandardCharsets.ISO_8859_1).trim();
        boolean docker = head.startsWith("docker");
        List<byte[]> layers = parts.subList(4, Math.min(parts.size(), 14));
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            byte[] l = layers.get(i);
            String d = ImageFixtures.sha256(l);
            vars.put("@LP" + i, "blobs/sha256/" + ImageFixtures.hex(d));
            vars.put("@L" + i, d);
            vars.put("@S" + i, Integer.toString(l.length));
            vars.put("@D" + i, diffId(l));
            files.put("blobs/sha256/" + ImageFixtures.hex(d), l);
        }
        byte[] config = fill(parts.get(3), vars);
        String cd = ImageFixtures.sha256(config);
        files.put("blobs/sha256/" + ImageFixtures.hex(cd), config);
        files.put(ImageFixtures.hex(cd) + ".json", config);
        vars.put("@CP", "blobs/sha256/" + ImageFixtures.hex(cd));
        vars.put("@CS", Integer.toString(config.length));
        vars.put("@C", cd);
        byte[] manifest = fill(parts.get(2), vars);
        String md = ImageFixtures.sha256(manifest);
        files.put("blobs/sha256/" + ImageFixtures.hex(md), manifest);
        vars.put("@MS", Integer.toString(manifest.length));
        vars.put("@M", md);
        files.put(docker ? "manifest.json" : "index.json", fill(parts.get(1), vars));
        if (!docker) {
            files.put("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static void writeDir(Path dir, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
    }

    /** The digest of the layer's uncompressed tar (of the bytes themselves if they do not decompress). */
    private static String diffId(byte[] layer) {
        try (InputStream in = Confinement.capped(Compression.decompress(new ByteArrayInputStream(layer)))) {
            return ImageFixtures.sha256(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return ImageFixtures.sha256(layer);
        }
    }

    private static byte[] fill(byte[] doc, Map<String, String> vars) {
        String s = new String(doc, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> v : vars.entrySet()) {
            s = s.replace(v.getKey(), v.getValue());
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<byte[]> split(byte[] in) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + SEPARATOR.length <= in.length; i++) {
            if (java.util.Arrays.equals(in, i, i + SEPARATOR.length, SEPARATOR, 0, SEPARATOR.length)) {
                out.add(java.util.Arrays.copyOfRange(in, start, i));
                start = i + SEPARATOR.length;
                i = start - 1;
            }
        }
        out.add(java.util.Arrays.copyOfRange(in, start, in.length));
        return out;
    }

    private static void writeTar(Path file, Map<String, byte[]> files) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setMode(0100644);
                e.setSize(f.getValue().length);
                out.putArchiveEntry(e);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
    }
}
