package io.kerat.image;

import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.image.ImageFixtures.Layer;
import io.kerat.image.TarUnpackerTest.Tar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kerat image import: layouts and archives are built in the test; no root needed. */
class ImageImportTest {
    @TempDir
    Path tmp;
    Path home;
    Path data;
    ImageStore store;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final PrintStream progress = new PrintStream(log, true);

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("oci-bundles"));
        data = Files.createDirectories(tmp.resolve("data"));
        Settings s = Settings.fromEnvironment(Map.of("KERAT_HOME", home.toString(), "KERAT_DATA_DIR", data.toString(),
                "KERAT_CACHE_DIR", tmp.resolve("cache").toString()));
        store = new ImageStore(s, new Layout(s));
    }

    /** A hook that bakes a runner file into the image makes that file's bytes part of the build key. */
    @org.junit.jupiter.api.Test
    void theBuildKeyFollowsRunnerFilesAHookBakesIn() throws IOException {
        Path recipe = Files.createDirectories(home.resolve("oci-bundles/cpp")).resolve("image.json");
        Files.createDirectories(home.resolve("runners/cpp"));
        Path listener = home.resolve("runners/cpp/kerat_listener.cpp");
        Path other = home.resolve("runners/cpp/test-run.sh");
        Files.writeString(listener, "// v1\n");
        Files.writeString(other, "echo v1\n");
        Files.writeString(recipe, "{\"packages\": [\"g++\"], \"version_package\": \"g++\", \"customize_hooks\": "
                + "[\"cp \\\"{runners}/cpp/kerat_listener.cpp\\\" \\\"$1\\\"/usr/local/lib/\"]}");
        String k1 = store.key("cpp");
        Files.writeString(other, "echo v2\n");
        assertEquals(k1, store.key("cpp"), "a runner file no hook names does not enter the key");
        Files.writeString(listener, "// v2\n");
        String k2 = store.key("cpp");
        org.junit.jupiter.api.Assertions.assertNotEquals(k1, k2, "the baked-in file changed: a new image");
        Files.writeString(listener, "// v1\n");
        assertEquals(k1, store.key("cpp"));
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** Three layers (plain, gzip, zstd) exercising order, whiteouts, opaque dirs and hard links across layers. */
    static List<Layer> threeLayers() throws IOException {
        byte[] l1 = ImageFixtures.bytes(new Tar().dir("etc", 0755).file("etc/a", "a1", 0644).file("etc/b", "b1", 0644)
                .dir("etc/keep", 0755).file("etc/keep/x", "x", 0644)
                .dir("opt", 0755).dir("opt/dir", 0755).file("opt/dir/old1", "o", 0644).file("opt/dir/old2", "o", 0644)
                .dir("opt/dir/sub", 0755).file("opt/dir/sub/deep", "d", 0644)
                .dir("usr", 0755).dir("usr/bin", 0755).file("usr/bin/tool", "v1", 0755)
                .dir("data", 0755).file("data/f", "f", 0644));
        byte[] l2 = ImageFixtures.bytes(new Tar().file("etc/.wh.a", "", 0644).file("etc/b", "b2", 0644)
                // written in this layer BEFORE the opaque marker: it must survive (whiteouts hide lower layers only)
                .file("opt/dir/new", "n", 0644).file("opt/dir/.wh..wh..opq", "", 0644)
                .hardlink("usr/bin/tool-link", "usr/bin/tool")
                // a file replacing a lower directory
                .file("data", "now a file", 0644));
        byte[] l3 = ImageFixtures.bytes(new Tar().file("usr/bin/tool", "v3", 0755).file("etc/.wh.keep", "", 0644)
                .hardlink("etc/b-link", "etc/b"));
        return List.of(Layer.plain(l1), Layer.gzip(l2), Layer.zstd(l3));
    }

    static void assertThreeLayers(Path rootfs) throws IOException {
        assertFalse(Files.exists(rootfs.resolve("etc/a")), "whiteout deletes a lower file");
        assertFalse(Files.exists(rootfs.resolve("etc/.wh.a")), "whiteout entries are not written");
        assertEquals("b2", read(rootfs.resolve("etc/b")), "later layer wins");
        assertFalse(Files.exists(rootfs.resolve("etc/keep")), "whiteout deletes a lower directory");
        assertEquals(List.of("new"), names(rootfs.resolve("opt/dir")), "opaque dir keeps only this layer's entries");
        assertEquals("v3", read(rootfs.resolve("usr/bin/tool")));
        assertEquals("v1", read(rootfs.resolve("usr/bin/tool-link")), "hard link to a lower layer's file keeps its content");
        assertEquals("b2", read(rootfs.resolve("etc/b-link")));
        assertEquals(Files.getAttribute(rootfs.resolve("etc/b"), "unix:ino"), Files.getAttribute(rootfs.resolve("etc/b-link"), "unix:ino"));
        assertEquals("now a file", read(rootfs.resolve("data")));
    }

    static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void ociLayoutDirectoryAppliesLayersInOrder() throws Exception {
        String[] manifest = new String[1];
        ImageFixtures.oci(threeLayers(), Map.of("org.opencontainers.image.version", "9.9"), "latest", manifest)
                .writeTo(tmp.resolve("layout"));
        ImageInfo info = store.importImage("python", tmp.resolve("layout"), null, progress);
        assertThreeLayers(info.rootfs());
        assertEquals(manifest[0], info.digest(), "an OCI import is named by its manifest digest");
        assertEquals("import-" + ImageFixtures.hex(manifest[0]).substring(0, 16), info.key());
        assertEquals("9.9", info.version(), "no recipe: the config's version label");
        assertEquals("imported", info.source());
        assertTrue(info.imported());
        assertTrue(Files.isDirectory(info.rootfs().resolve("workspace")), "mount points are added");
        assertEquals(info.key(), Files.readSymbolicLink(data.resolve("images/python/current")).toString());
        assertEquals(info, store.resolve("python"));
        assertTrue(info.rootfsBytes() > 0);
    }

    @Test
    void ociLayoutAsTarAndAsCompressedTar() throws Exception {
        ImageFixtures.Files_ f = ImageFixtures.oci(threeLayers(), null, null, null);
        f.writeTar(tmp.resolve("layout.tar"));
        ImageInfo a = store.importImage("python", tmp.resolve("layout.tar"), null, progress);
        assertThreeLayers(a.rootfs());
        assertEquals("imported", a.version(), "no recipe and no label");
        Files.write(tmp.resolve("layout.tar.zst"), ImageFixtures.zstd(f.tar()));
        ImageInfo b = store.importImage("ruby", tmp.resolve("layout.tar.zst"), null, progress);
        assertThreeLayers(b.rootfs());
        assertEquals(a.digest(), b.digest());
    }

    @Test
    void dockerSaveLegacyWithALinkedLayer() throws Exception {
        ImageFixtures.dockerLegacy(threeLayers().stream().map(l -> Layer.plain(l.tar())).toList(), "py:1", true)
                .writeTar(tmp.resolve("save.tar"));
        ImageInfo info = store.importImage("python", tmp.resolve("save.tar"), null, progress);
        assertThreeLayers(info.rootfs());
        assertTrue(log.toString().contains("DOCKER"), log.toString());
    }

    @Test
    void dockerSaveLegacyDirectoryAndGzippedTar() throws Exception {
        ImageFixtures.Files_ f = ImageFixtures.dockerLegacy(threeLayers().stream().map(l -> Layer.plain(l.tar())).toList(), "py:1", true);
        f.writeTo(tmp.resolve("save"));
        assertThreeLayers(store.importImage("python", tmp.resolve("save"), null, progress).rootfs());
        Files.write(tmp.resolve("save.tar.gz"), ImageFixtures.gzip(f.tar()));
        assertThreeLayers(store.importImage("node", tmp.resolve("save.tar.gz"), null, progress).rootfs());
    }

    @Test
    void dockerSaveOciFormat() throws Exception {
        ImageFixtures.dockerOci(threeLayers(), "docker.io/library/py:1").writeTar(tmp.resolve("save.tar"));
        ImageInfo info = store.importImage("python", tmp.resolve("save.tar"), "py:1", progress);
        assertThreeLayers(info.rootfs());
        assertTrue(log.toString().contains("DOCKER"), log.toString());
        assertThrows(ImageException.class, () -> store.importImage("go", tmp.resolve("save.tar"), "nope:2", progress));
    }

    @Test
    void corruptedLayerBlobIsRefusedAndNothingInstalled() throws Exception {
        // one set of layers: gzip stamps the current second, so two calls can differ in the victim's digest
        var layers = threeLayers();
        ImageFixtures.Files_ f = ImageFixtures.oci(layers, null, null, null);
        f.writeTo(tmp.resolve("layout"));
        // swap the content of the gzip layer's blob for another valid gzip tar: the name keeps the old digest
        String victim = "blobs/sha256/" + ImageFixtures.hex(ImageFixtures.sha256(layers.get(1).blob()));
        Files.write(tmp.resolve("layout").resolve(victim),
                ImageFixtures.gzip(ImageFixtures.bytes(new Tar().file("etc/evil", "x", 0644))));
        ImageException e = assertThrows(ImageException.class, () -> store.importImage("python", tmp.resolve("layout"), null, progress));
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
        assertFalse(Files.exists(data.resolve("images/python/current"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), names(data.resolve("images/python")), "the staging directory is removed");
    }

    @Test
    void wrongDiffIdIsRefused() throws Exception {
        List<Layer> layers = threeLayers().stream().map(l -> Layer.plain(l.tar())).toList();
        ImageFixtures.Files_ f = ImageFixtures.dockerLegacy(layers, "py:1", false);
        // replace one layer.tar: its digest no longer matches the config's diff_ids
        String path = f.files.keySet().stream().filter(k -> k.endsWith("/layer.tar")).findFirst().orElseThrow();
        f.files.put(path, ImageFixtures.bytes(new Tar().file("etc/evil", "x", 0644)));
        f.writeTar(tmp.resolve("save.tar"));
        ImageException e = assertThrows(ImageException.class, () -> store.importImage("python", tmp.resolve("save.tar"), null, progress));
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
        assertFalse(Files.exists(data.resolve("images/python/current"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void tamperedManifestIsRefused() throws Exception {
        ImageFixtures.Files_ f = ImageFixtures.oci(threeLayers(), null, null, null);
        f.writeTo(tmp.resolve("layout"));
        String index = read(tmp.resolve("layout/index.json"));
        String manifestPath = "blobs/sha256/" + index.replaceAll(".*\"digest\":\"sha256:([0-9a-f]{64})\".*", "$1");
        Files.writeString(tmp.resolve("layout").resolve(manifestPath), "{\"schemaVersion\":2,\"layers\":[]}");
        ImageException e = assertThrows(ImageException.class, () -> store.importImage("python", tmp.resolve("layout"), null, progress));
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
    }

    @Test
    void whiteoutsNeverReachOutsideTheRoot() throws Exception {
        Path victimDir = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(victimDir.resolve("precious"), "keep me");
        byte[] base = ImageFixtures.bytes(new Tar().dir("a", 0755).file("a/f", "f", 0644)
                .symlink("link", victimDir.toString()).symlink("rel", "../outside"));
        for (String evil : List.of("../.wh.outside", "a/.wh...", "a/../../.wh.outside", "link/.wh.precious",
                "rel/.wh.precious", "link/.wh..wh..opq", "/.wh.etc")) {
            byte[] layer;
            if (evil.startsWith("/")) {
                layer = ImageFixtures.bytes(new Tar().absolute(evil));
            } else {
                layer = ImageFixtures.bytes(new Tar().file(evil, "", 0644));
            }
            ImageFixtures.oci(List.of(Layer.plain(base), Layer.plain(layer)), null, null, null).writeTo(tmp.resolve("l-" + evil.hashCode()));
            IOException e = assertThrows(IOException.class,
                    () -> store.importImage("python", tmp.resolve("l-" + evil.hashCode()), null, progress), evil);
            assertTrue(e instanceof UnsafeArchiveException, evil + ": " + e);
            assertEquals("keep me", read(victimDir.resolve("precious")), evil);
            assertTrue(Files.exists(tmp.resolve("outside")), evil);
        }
        assertFalse(Files.exists(data.resolve("images/python/current"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void imageForAnotherCpuIsRefused() throws Exception {
        ImageFixtures.Files_ g = ImageFixtures.oci(threeLayers(), null, null, null, "riscv64");
        g.writeTo(tmp.resolve("layout"));
        ImageException e = assertThrows(ImageException.class, () -> store.importImage("python", tmp.resolve("layout"), null, progress));
        assertTrue(e.getMessage().contains("riscv64"), e.getMessage());
        assertFalse(Files.exists(data.resolve("images/python/current"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void whiteoutOfALinkDeletesTheLinkNotItsTarget() throws Exception {
        Path victimDir = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(victimDir.resolve("precious"), "keep me");
        byte[] base = ImageFixtures.bytes(new Tar().symlink("link", victimDir.toString()));
        byte[] layer = ImageFixtures.bytes(new Tar().file(".wh.link", "", 0644));
        ImageFixtures.oci(List.of(Layer.plain(base), Layer.plain(layer)), null, null, null).writeTo(tmp.resolve("layout"));
        ImageInfo info = store.importImage("python", tmp.resolve("layout"), null, progress);
        assertFalse(Files.exists(info.rootfs().resolve("link"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep me", read(victimDir.resolve("precious")));
    }

    @Test
    void rootfsTarballsPlainGzipZstd() throws Exception {
        byte[] tar = ImageFixtures.bytes(new Tar().dir("etc", 0755).file("etc/os-release", "ID=test", 0644)
                .file("etc/.wh.notawhiteout", "kept", 0644));
        Files.write(tmp.resolve("r.tar"), tar);
        Files.write(tmp.resolve("r.tgz"), ImageFixtures.gzip(tar));
        Files.write(tmp.resolve("r.tzst"), ImageFixtures.zstd(tar));
        for (String n : List.of("r.tar", "r.tgz", "r.tzst")) {
            ImageInfo info = store.importImage("python", tmp.resolve(n), null, progress);
            assertEquals("ID=test", read(info.rootfs().resolve("etc/os-release")), n);
            assertEquals("kept", read(info.rootfs().resolve("etc/.wh.notawhiteout")), n + ": a plain rootfs has no whiteouts");
            assertEquals(ImageFixtures.sha256(Files.readAllBytes(tmp.resolve(n))), info.digest(), n);
        }
    }

    @Test
    void versionFromDpkgWhenTheRecipeNamesAPackage() throws Exception {
        Files.createDirectories(home.resolve("oci-bundles/python"));
        Files.writeString(home.resolve("oci-bundles/python/image.json"),
                "{\"description\": \"py\", \"packages\": [\"python3\"], \"version_package\": \"python3\"}");
        byte[] tar = ImageFixtures.bytes(new Tar().dir("var", 0755).dir("var/lib", 0755).dir("var/lib/dpkg", 0755)
                .file("var/lib/dpkg/status", "Package: libc6\nVersion: 2.36-9\n\nPackage: python3\nVersion: 3.11.2-1+b1\n\n", 0644));
        ImageFixtures.oci(List.of(Layer.gzip(tar)), Map.of("org.opencontainers.image.version", "label"), null, null)
                .writeTo(tmp.resolve("layout"));
        assertEquals("3.11.2", store.importImage("python", tmp.resolve("layout"), null, progress).version());
    }

    @Test
    void multiImageIndexNeedsARef() throws Exception {
        ImageFixtures.Files_ a = ImageFixtures.oci(threeLayers(), null, "one", null);
        ImageFixtures.Files_ b = ImageFixtures.oci(List.of(Layer.plain(ImageFixtures.bytes(new Tar().file("only-b", "b", 0644)))),
                null, "two", null);
        a.writeTo(tmp.resolve("layout"));
        b.files.remove("index.json");
        b.files.remove("oci-layout");
        b.writeTo(tmp.resolve("layout"));
        // merge the two indexes
        String ia = read(tmp.resolve("layout/index.json"));
        String ib = new String(ImageFixtures.oci(List.of(Layer.plain(ImageFixtures.bytes(new Tar().file("only-b", "b", 0644)))),
                null, "two", null).files.get("index.json"), StandardCharsets.UTF_8);
        String entryB = ib.substring(ib.indexOf('[') + 1, ib.lastIndexOf(']'));
        Files.writeString(tmp.resolve("layout/index.json"), ia.replace("}]", "}," + entryB + "]"));
        IOException e = assertThrows(IOException.class, () -> store.importImage("python", tmp.resolve("layout"), null, progress));
        assertTrue(e.getMessage().contains("--ref"), e.getMessage());
        assertEquals("b", read(store.importImage("python", tmp.resolve("layout"), "two", progress).rootfs().resolve("only-b")));
        assertThreeLayers(store.importImage("python", tmp.resolve("layout"), "one", progress).rootfs());
    }

    @Test
    void replacingKeepsTheOldVersionUntilGc() throws Exception {
        byte[] t1 = ImageFixtures.bytes(new Tar().file("v", "1", 0644));
        byte[] t2 = ImageFixtures.bytes(new Tar().file("v", "2", 0644));
        Files.write(tmp.resolve("1.tar"), t1);
        Files.write(tmp.resolve("2.tar"), t2);
        ImageInfo one = store.importImage("python", tmp.resolve("1.tar"), null, progress);
        Path oldRootfs = one.rootfs();
        ImageInfo two = store.importImage("python", tmp.resolve("2.tar"), null, progress);
        assertEquals("2", read(store.resolve("python").rootfs().resolve("v")));
        assertEquals("1", read(oldRootfs.resolve("v")), "a sandbox started on the old version keeps its rootfs");
        assertTrue(Files.exists(oldRootfs.getParent().resolve(ImageStore.SUPERSEDED)));
        assertEquals(List.of(), store.gc(Duration.ofMinutes(60)), "recently superseded: kept");
        // pretend it was superseded two hours ago
        Files.setLastModifiedTime(oldRootfs.getParent().resolve(ImageStore.SUPERSEDED), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        // a dead staging directory from a crashed import
        Path staging = Files.createDirectories(data.resolve("images/python/.staging-dead"));
        Files.setLastModifiedTime(staging, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        List<Path> removed = store.gc(Duration.ofMinutes(60));
        assertEquals(2, removed.size(), removed.toString());
        assertFalse(Files.exists(oldRootfs));
        assertFalse(Files.exists(staging));
        assertEquals("2", read(store.resolve("python").rootfs().resolve("v")), "current is never collected");
        assertEquals(two.key(), store.resolve("python").key());
        // a version moved into place whose link swap has not happened yet: no stamp, fresh, so kept even by gc(0)
        Path inFlight = Files.createDirectories(data.resolve("images/python/import-0000000000000000/rootfs"));
        assertEquals(List.of(), store.gc(Duration.ZERO));
        assertTrue(Files.isDirectory(inFlight));
        ImageStore.deleteTree(inFlight.getParent());
        // the same import again moves the identical version aside, still atomically
        ImageInfo again = store.importImage("python", tmp.resolve("2.tar"), null, progress);
        assertEquals(two.key(), again.key());
        assertEquals("2", read(store.resolve("python").rootfs().resolve("v")));
    }

    @Test
    void buildDoesNotSilentlyReplaceAnImport() throws Exception {
        Files.createDirectories(home.resolve("oci-bundles/python"));
        Files.writeString(home.resolve("oci-bundles/python/image.json"),
                "{\"description\": \"py\", \"packages\": [\"python3\"], \"version_package\": \"python3\"}");
        Files.write(tmp.resolve("1.tar"), ImageFixtures.bytes(new Tar().file("v", "1", 0644)));
        ImageInfo imported = store.importImage("python", tmp.resolve("1.tar"), null, progress);
        // no mmdebstrap is run: the imported image is kept
        assertEquals(imported.key(), store.build("python", false, progress).key());
    }

    /** Issue 11: skopeo/podman write layers as {@code <digest>.tar} at the top; this was unpacked as a rootfs. */
    @Test
    void skopeoDockerArchiveWithDigestNamedLayers() throws Exception {
        ImageFixtures.Files_ f = ImageFixtures.dockerSkopeo(threeLayers().stream().map(l -> Layer.plain(l.tar())).toList(),
                "docker.io/test/py:1");
        f.writeTar(tmp.resolve("da.tar"));
        ImageInfo info = store.importImage("python", tmp.resolve("da.tar"), null, progress);
        assertThreeLayers(info.rootfs());
        assertFalse(Files.exists(info.rootfs().resolve("manifest.json")), "never unpacked as a rootfs");
        assertTrue(log.toString().contains("DOCKER"), log.toString());
        f.writeTo(tmp.resolve("da-dir"));
        assertThreeLayers(store.importImage("ruby", tmp.resolve("da-dir"), null, progress).rootfs());
        Files.write(tmp.resolve("da.tar.zst"), ImageFixtures.zstd(f.tar()));
        assertThreeLayers(store.importImage("node", tmp.resolve("da.tar.zst"), "test/py:1", progress).rootfs());
    }

    /** A layer file whose name is its digest is checked against that digest too. */
    @Test
    void skopeoLayerNotMatchingItsNameIsRefused() throws Exception {
        ImageFixtures.Files_ f = ImageFixtures.dockerSkopeo(List.of(Layer.plain(
                ImageFixtures.bytes(new Tar().file("etc/a", "a", 0644)))), "t:1");
        String layer = f.files.keySet().stream().filter(k -> k.endsWith(".tar")).findFirst().orElseThrow();
        f.files.put(layer, ImageFixtures.bytes(new Tar().file("etc/a", "b", 0644)));
        f.writeTar(tmp.resolve("da.tar"));
        ImageException e = assertThrows(ImageException.class, () -> store.importImage("python", tmp.resolve("da.tar"), null, progress));
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
    }

    /** An OCI layout tarred together with its directory (tar -cf x.tar image/) is found one level down. */
    @Test
    void ociLayoutTarredWithItsDirectory() throws Exception {
        ImageFixtures.Files_ f = ImageFixtures.oci(threeLayers(), null, null, null);
        ImageFixtures.Files_ wrapped = new ImageFixtures.Files_();
        f.files.forEach((k, v) -> wrapped.files.put("image/" + k, v));
        wrapped.writeTar(tmp.resolve("wrapped.tar"));
        assertThreeLayers(store.importImage("python", tmp.resolve("wrapped.tar"), null, progress).rootfs());
    }

    /** Anything with an image archive's index files at its top is an image archive: understood or refused. */
    @Test
    void imageArchivesThatAreNotUnderstoodAreRefusedNotTakenAsRootfs() throws Exception {
        byte[] layer = ImageFixtures.bytes(new Tar().file("etc/a", "a", 0644));
        java.util.Map<String, ImageFixtures.Files_> cases = new java.util.LinkedHashMap<>();
        ImageFixtures.Files_ onlyRepositories = new ImageFixtures.Files_();
        onlyRepositories.files.put("repositories", "{}".getBytes(StandardCharsets.UTF_8));
        onlyRepositories.files.put("abc.tar", layer);
        cases.put("looks like an image archive", onlyRepositories);
        ImageFixtures.Files_ indexNoLayout = ImageFixtures.oci(List.of(Layer.plain(layer)), null, null, null);
        indexNoLayout.files.remove("oci-layout");
        cases.put("neither an OCI image layout", indexNoLayout);
        ImageFixtures.Files_ badJson = ImageFixtures.dockerSkopeo(List.of(Layer.plain(layer)), "t:1");
        badJson.files.put("manifest.json", "[{\"Config\": ".getBytes(StandardCharsets.UTF_8));
        cases.put("manifest.json is not valid JSON", badJson);
        ImageFixtures.Files_ notArray = ImageFixtures.dockerSkopeo(List.of(Layer.plain(layer)), "t:1");
        notArray.files.put("manifest.json", "{\"schemaVersion\": 2}".getBytes(StandardCharsets.UTF_8));
        cases.put("not a docker-archive manifest", notArray);
        ImageFixtures.Files_ missingLayer = ImageFixtures.dockerSkopeo(List.of(Layer.plain(layer)), "t:1");
        missingLayer.files.keySet().removeIf(k -> k.endsWith(".tar"));
        cases.put("does not hold", missingLayer);
        int i = 0;
        for (var c : cases.entrySet()) {
            Path file = tmp.resolve("case" + i++ + ".tar");
            c.getValue().writeTar(file);
            ImageException e = assertThrows(ImageException.class, () -> store.importImage("python", file, null, progress), c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()), c.getKey() + ": " + e.getMessage());
            Files.write(tmp.resolve("case.tar.gz"), ImageFixtures.gzip(c.getValue().tar()));
            ImageException gz = assertThrows(ImageException.class,
                    () -> store.importImage("python", tmp.resolve("case.tar.gz"), null, progress), c.getKey());
            assertTrue(gz.getMessage().contains(c.getKey()), c.getKey() + " (gzip): " + gz.getMessage());
        }
        assertFalse(Files.exists(data.resolve("images/python/current"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), names(data.resolve("images/python")), "no staging directory is left");
    }

    @Test
    void layoutDetection() throws Exception {
        assertEquals(ImagePlan.Kind.ROOTFS, ArchiveLayout.detect(List.of("./", "./etc/", "./etc/passwd", "./usr/bin/x"), "s").kind());
        assertEquals(ImagePlan.Kind.DOCKER, ArchiveLayout.detect(List.of("ab.tar", "manifest.json", "repositories"), "s").kind());
        assertEquals(ImagePlan.Kind.DOCKER, ArchiveLayout.detect(List.of("blobs/sha256/ab", "index.json", "oci-layout",
                "manifest.json"), "s").kind(), "Docker 25+ save: manifest.json wins");
        assertEquals(ImagePlan.Kind.OCI, ArchiveLayout.detect(List.of("./blobs/sha256/ab", "./index.json", "./oci-layout"), "s").kind());
        ArchiveLayout wrapped = ArchiveLayout.detect(List.of("img/", "img/index.json", "img/oci-layout", "img/blobs/x"), "s");
        assertEquals(ImagePlan.Kind.OCI, wrapped.kind());
        assertEquals("img", wrapped.prefix());
        assertEquals(ImagePlan.Kind.ROOTFS, ArchiveLayout.detect(List.of("etc/manifest.json", "usr/"), "s").kind(),
                "only names at the top count");
        ImageException e = assertThrows(ImageException.class, () -> ArchiveLayout.detect(List.of("etc/", "index.json"), "s"));
        assertTrue(e.getMessage().contains("index.json at its top"), e.getMessage());
    }
}
