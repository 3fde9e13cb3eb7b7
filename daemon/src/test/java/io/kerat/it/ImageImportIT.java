package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.Kerat;
import io.kerat.image.ImageInfo;
import io.kerat.image.ImageStore;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.kerat.it.ItSupport.post;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6: an OCI image layout built here from the cached Python rootfs tarball, split into two layers (the second
 * zstd-compressed, with a whiteout and an opaque directory), imported as the python image of this test's own data
 * dir, then a Python program runs on it under real runsc.
 */
class ImageImportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Kerat kerat;
    private static Path layoutDir;
    private static String manifestDigest;

    @BeforeAll
    static void start() throws Exception {
        kerat = ItSupport.daemon("python"); // builds the recipe's tarball if it is not cached yet
        Path tarball = pythonTarball();
        Assumptions.assumeTrue(tarball != null, "no cached tarball of the python recipe in " + kerat.layout().tarballCache());
        layoutDir = ItSupport.DATA_DIR.resolve("import-it-layout");
        ImageStore.deleteTree(layoutDir);
        manifestDigest = buildLayout(tarball, layoutDir);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (kerat != null) {
            ItSupport.assertNothingLeft();
        }
        if (kerat != null && manifestDigest != null) { // the import ran (no cached tarball: the class was skipped)
            // Put the recipe-built python image back (later test classes of this JVM run on it). `build` keeps an
            // imported image on purpose, so install the recipe's cached tarball again, then remove the versions it
            // superseded: without this every run of this class left a 160 MB version behind in the data dir.
            ImageStore images = kerat.images();
            String key = images.key("python");
            Path recipeTarball = kerat.layout().tarballCache().resolve("python-" + key + ".tar");
            String versionPackage = io.kerat.image.Recipe.load(
                    kerat.layout().recipeDir("python").resolve("image.json")).versionPackage();
            images.install("python", key, recipeTarball, versionPackage, new PrintStream(System.out, true));
            images.gc(java.time.Duration.ZERO);
            List<String> versions = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(kerat.layout().imageDir("python"))) {
                s.forEach(p -> versions.add(p.getFileName().toString()));
            }
            java.util.Collections.sort(versions);
            org.junit.jupiter.api.Assertions.assertEquals(List.of(key, "current"), versions,
                    "after the import and the reinstall only the recipe's version is left");
        }
        if (layoutDir != null) {
            ImageStore.deleteTree(layoutDir);
        }
    }

    /** The cached mmdebstrap tarball of the current python recipe (the one the reinstall after the test uses). */
    static Path pythonTarball() throws IOException {
        Path t = kerat.layout().tarballCache().resolve("python-" + kerat.images().key("python") + ".tar");
        return Files.isRegularFile(t) ? t : null;
    }

    /** Writes the layout; returns the manifest digest. */
    static String buildLayout(Path tarball, Path dir) throws Exception {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        long total = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
            while (in.getNextEntry() != null) {
                total++;
            }
        }
        // layer 1: the first half of the entries (plain tar) plus things the second layer hides;
        // layer 2: the rest, zstd-compressed, with a whiteout and an opaque directory
        Path l1 = dir.resolve("l1.tmp");
        Path l2 = dir.resolve("l2.tmp");
        MessageDigest d1 = sha();
        MessageDigest d2raw = sha();
        MessageDigest d2tar = sha();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)));
             TarArchiveOutputStream o1 = tar(new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(l1)), d1));
             TarArchiveOutputStream o2 = tar(new DigestOutputStream(new ZstdCompressorOutputStream(
                     new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(l2)), d2raw)), d2tar))) {
            TarArchiveEntry e;
            long i = 0;
            while ((e = in.getNextEntry()) != null) {
                TarArchiveOutputStream o = i++ < total / 2 ? o1 : o2;
                o.putArchiveEntry(e);
                if (e.isFile()) {
                    in.transferTo(o);
                }
                o.closeArchiveEntry();
            }
            file(o1, "etc/kerat-whiteout-me", "gone");
            dir(o1, "opt/");
            dir(o1, "opt/kerat-opaque/");
            file(o1, "opt/kerat-opaque/old", "hidden");
            file(o2, "etc/.wh.kerat-whiteout-me", "");
            dir(o2, "opt/kerat-opaque/");
            file(o2, "opt/kerat-opaque/.wh..wh..opq", "");
            file(o2, "opt/kerat-opaque/new", "visible");
        }
        String l1Digest = digest(d1);
        String l2Digest = digest(d2raw);
        Files.move(l1, blobs.resolve(hex(l1Digest)), StandardCopyOption.ATOMIC_MOVE);
        Files.move(l2, blobs.resolve(hex(l2Digest)), StandardCopyOption.ATOMIC_MOVE);

        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", io.kerat.image.ImageImporter.hostArch());
        config.put("os", "linux");
        config.putObject("config").putObject("Labels").put("org.opencontainers.image.version", "from-label");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(l1Digest).add(digest(d2tar));
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configDigest = write(blobs, configBytes);

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.set("config", desc("application/vnd.oci.image.config.v1+json", configDigest, configBytes.length));
        ArrayNode layers = manifest.putArray("layers");
        layers.add(desc("application/vnd.oci.image.layer.v1.tar", l1Digest, Files.size(blobs.resolve(hex(l1Digest)))));
        layers.add(desc("application/vnd.oci.image.layer.v1.tar+zstd", l2Digest, Files.size(blobs.resolve(hex(l2Digest)))));
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        String md = write(blobs, manifestBytes);

        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.putArray("manifests").add(desc("application/vnd.oci.image.manifest.v1+json", md, manifestBytes.length));
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return md;
    }

    private static TarArchiveOutputStream tar(OutputStream out) {
        TarArchiveOutputStream t = new TarArchiveOutputStream(out);
        t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return t;
    }

    private static void file(TarArchiveOutputStream o, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(b.length);
        o.putArchiveEntry(e);
        o.write(b);
        o.closeArchiveEntry();
    }

    private static void dir(TarArchiveOutputStream o, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        o.putArchiveEntry(e);
        o.closeArchiveEntry();
    }

    private static ObjectNode desc(String type, String digest, long size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", type);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static String write(Path blobs, byte[] b) throws IOException {
        MessageDigest m = sha();
        m.update(b);
        String d = digest(m);
        Files.write(blobs.resolve(hex(d)), b);
        return d;
    }

    private static MessageDigest sha() throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static String digest(MessageDigest m) {
        return "sha256:" + HexFormat.of().formatHex(m.digest());
    }

    private static String hex(String d) {
        return d.substring(7);
    }

    @Test
    void importedOciLayoutRunsPython() throws Exception {
        long t0 = System.nanoTime();
        ImageInfo info = kerat.images().importImage("python", layoutDir, null, new PrintStream(System.out, true));
        System.out.printf("imported python in %.1f s, rootfs %d bytes%n", (System.nanoTime() - t0) / 1e9, info.rootfsBytes());
        assertEquals(manifestDigest, info.digest());
        assertEquals("imported", info.source());
        assertTrue(info.version().matches("3\\.\\d+\\.\\d+"), "version from dpkg (the recipe names python3): " + info.version());
        assertTrue(info.rootfs().toString().startsWith(ItSupport.DATA_DIR.toString()), info.rootfs().toString());
        assertFalse(Files.exists(info.rootfs().resolve("etc/kerat-whiteout-me")));

        ItSupport.Reply r = post("/api/v1/runs", run("python", "main.py", "main.py", """
                import os, sys
                print("hello from", sys.version.split()[0])
                print("whiteout", os.path.exists("/etc/kerat-whiteout-me"))
                print("opaque", sorted(os.listdir("/opt/kerat-opaque")))
                """));
        assertEquals(200, r.status(), () -> r.body().toString());
        JsonNode b = r.body();
        assertEquals("ok", b.path("status").asText(), b::toString);
        String out = b.path("run").path("stdout").asText();
        assertTrue(out.startsWith("hello from 3."), out);
        assertTrue(out.contains("whiteout False\n"), out);
        assertTrue(out.contains("opaque ['new']\n"), out);
        assertEquals(info.version(), b.path("version").asText(), b::toString);
        assertEquals(info.key(), kerat.images().resolve("python").key());
    }
}
