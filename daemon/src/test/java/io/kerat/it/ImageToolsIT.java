package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.Kerat;
import io.kerat.image.ImageException;
import io.kerat.image.ImageInfo;
import io.kerat.image.ImageStore;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.kerat.it.ItSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: images made by real tools. umoci builds an OCI layout from a reduced copy of the python image's rootfs
 * (two layers, the second with a whiteout and a replaced directory, a version label); skopeo turns it into a
 * docker-archive, an oci-archive and an oci directory; podman (vfs storage, no daemon, offline) saves it as
 * docker-archive and oci-archive; the test itself writes a legacy {@code docker save} archive and a Docker 25+ one
 * (there is no Docker here). Each is imported as {@code python@kit} in this test's data dir and runs a Python
 * program through the daemon. A broken image (python3 removed, a malformed manifest, a rootfs without python3 given
 * to the build path) is refused by the smoke test and the previous version keeps serving; an installed image that
 * lost python3 answers {@code internal_error} naming it, over HTTP and in {@code kerat run}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageToolsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "python@kit";
    private static final String LABEL = "0.1-kit";
    private static final PrintStream LOG = new PrintStream(System.out, true);
    private static Kerat kerat;
    private static Path work;
    private static boolean podman;
    private static final Map<String, Double> SECONDS = new LinkedHashMap<>();

    /** umoci's layout, then every conversion; paths under {@link #work}. */
    private static final String BUILD = """
            set -euo pipefail
            cd "$WORK"
            umoci init --layout layout
            umoci new --image layout:kit
            umoci unpack --image layout:kit bundle >/dev/null
            # a reduced copy of the python image (about 18 MB): the interpreter and the libraries it links, the top
            # level of the standard library and encodings (enough for the programs here), /bin/sh, /etc, dpkg's status
            (cd "$SRC" && tar --exclude='*/__pycache__' -cf - ./bin ./lib ./lib64 ./sbin ./etc ./usr/lib64 \
                ./var/lib/dpkg/status \
                ./usr/bin/python3 ./usr/bin/python3.[0-9]* ./usr/bin/sh ./usr/bin/dash \
                ./usr/lib/python3.[0-9]*/*.py ./usr/lib/python3.[0-9]*/encodings \
                ./usr/lib/*-linux-gnu/lib[cmz].so* ./usr/lib/*-linux-gnu/libexpat.so* ./usr/lib/*-linux-gnu/ld-linux*) \
                | tar -C bundle/rootfs -xpf -
            echo gone > bundle/rootfs/etc/kerat-whiteout-me
            mkdir -p bundle/rootfs/opt/kerat-opaque
            echo hidden > bundle/rootfs/opt/kerat-opaque/old
            umoci repack --refresh-bundle --image layout:kit bundle
            rm bundle/rootfs/etc/kerat-whiteout-me
            rm -r bundle/rootfs/opt/kerat-opaque
            mkdir bundle/rootfs/opt/kerat-opaque
            echo visible > bundle/rootfs/opt/kerat-opaque/new
            umoci repack --refresh-bundle --image layout:kit bundle
            umoci config --image layout:kit --config.label org.opencontainers.image.version=0.1-kit
            # the same image without python3, as a third layer and as a plain rootfs tarball (the build path)
            rm bundle/rootfs/usr/bin/python3 bundle/rootfs/usr/bin/python3.*
            umoci repack --image layout:broken bundle
            tar -C bundle/rootfs -cf nopython-rootfs.tar .
            rm -rf bundle
            skopeo copy -q oci:layout:kit docker-archive:skopeo-docker.tar:kerat/kit:1
            skopeo copy -q oci:layout:kit oci-archive:skopeo-oci.tar:kit
            skopeo copy -q oci:layout:kit oci:skopeo-ocidir:kit
            skopeo copy -q oci:layout:broken docker-archive:broken-docker.tar:kerat/broken:1
            """;

    /** podman without a daemon, network or systemd: vfs storage in the work dir. */
    private static final String PODMAN = """
            set -euo pipefail
            cd "$WORK"
            mkdir -p podman
            printf '[storage]\\ndriver = "vfs"\\ngraphroot = "%s/podman/root"\\nrunroot = "%s/podman/run"\\n' "$WORK" "$WORK" > podman/storage.conf
            export CONTAINERS_STORAGE_CONF="$WORK/podman/storage.conf"
            p() { podman --cgroup-manager=cgroupfs --events-backend=none "$@"; }
            id=$(p pull -q "oci:$WORK/layout:kit")
            p tag "$id" localhost/kerat/kit:1
            p save -q --format docker-archive -o podman-docker.tar localhost/kerat/kit:1
            p save -q --format oci-archive -o podman-oci.tar localhost/kerat/kit:1
            p rmi -a -f >/dev/null
            rm -rf podman
            """;

    @BeforeAll
    static void build() throws Exception {
        kerat = ItSupport.daemon("python");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        for (String tool : List.of("umoci", "skopeo", "podman")) {
            if (!onPath(tool)) {
                if (ci) {
                    throw new AssertionError("CI=true but " + tool + " is not installed (.ci/run installs it)");
                }
                Assumptions.assumeTrue(tool.equals("podman"), tool + " is not installed (apt-get install " + tool + ")");
            }
        }
        podman = onPath("podman");
        work = ItSupport.DATA_DIR.resolve("image-tools-it");
        ImageStore.deleteTree(work);
        Files.createDirectories(work);
        kerat.images().remove(IMAGE);
        Path src = kerat.images().resolve("python").rootfs();
        timed("umoci + skopeo", () -> sh(BUILD, src));
        if (podman) {
            timed("podman", () -> sh(PODMAN, src));
        }
        timed("hand-built docker save archives", () -> {
            dockerLegacy(work.resolve("skopeo-docker.tar"), work.resolve("docker-legacy.tar"));
            docker25(work.resolve("skopeo-ocidir"), work.resolve("docker25.tar"));
        });
        try (Stream<Path> s = Files.list(work)) {
            s.sorted().forEach(p -> LOG.printf("  %-28s %6.1f MB%n", p.getFileName(), size(p) / 1e6));
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        SECONDS.forEach((k, v) -> LOG.printf("ImageToolsIT: %-40s %6.1f s%n", k, v));
        if (kerat != null) {
            kerat.images().remove(IMAGE);
            ItSupport.assertNothingLeft();
        }
        if (work != null) {
            ImageStore.deleteTree(work);
        }
    }

    @Test
    @Order(1)
    void everyToolsFormatImportsAndRuns() throws Exception {
        Map<String, Path> sources = new LinkedHashMap<>();
        sources.put("umoci OCI layout (directory, two images: --ref kit)", work.resolve("layout"));
        sources.put("skopeo docker-archive", work.resolve("skopeo-docker.tar"));
        sources.put("skopeo oci-archive", work.resolve("skopeo-oci.tar"));
        sources.put("skopeo oci directory", work.resolve("skopeo-ocidir"));
        if (podman) {
            sources.put("podman save docker-archive", work.resolve("podman-docker.tar"));
            sources.put("podman save oci-archive", work.resolve("podman-oci.tar"));
        }
        sources.put("docker save, legacy (hand-built)", work.resolve("docker-legacy.tar"));
        sources.put("docker save, Docker 25+ (hand-built)", work.resolve("docker25.tar"));
        for (Map.Entry<String, Path> e : sources.entrySet()) {
            String ref = e.getKey().contains("--ref") ? "kit" : null;
            ImageInfo[] info = new ImageInfo[1];
            timed("import " + e.getKey(), () -> info[0] = kerat.images().importImage(IMAGE, e.getValue(), ref, LOG));
            assertEquals(LABEL, info[0].version(), e.getKey());
            assertFalse(Files.exists(info[0].rootfs().resolve("manifest.json")), e.getKey() + ": unpacked as a rootfs");
            assertFalse(Files.exists(info[0].rootfs().resolve("etc/kerat-whiteout-me")), e.getKey());
            JsonNode b = runKit();
            assertEquals("ok", b.path("status").asText(), () -> e.getKey() + ": " + b);
            assertEquals(LABEL, b.path("version").asText(), e.getKey());
            String out = b.path("run").path("stdout").asText();
            assertTrue(out.startsWith("hello from 3."), e.getKey() + ": " + out);
            assertTrue(out.contains("whiteout False\n"), e.getKey() + ": " + out);
            assertTrue(out.contains("opaque ['new']\n"), e.getKey() + ": " + out);
            kerat.images().gc(Duration.ZERO); // the versions this one replaced
        }
    }

    @Test
    @Order(2)
    void brokenImagesAreRefusedAndTheOldOneKeepsServing() throws Exception {
        kerat.images().importImage(IMAGE, work.resolve("skopeo-oci.tar"), null, LOG);
        String before = kerat.images().resolve(IMAGE).key();

        ImageException e = assertThrows(ImageException.class,
                () -> kerat.images().importImage(IMAGE, work.resolve("broken-docker.tar"), null, LOG));
        LOG.println("refused: " + e.getMessage());
        assertTrue(e.getMessage().contains("python3 not found in the image"), e.getMessage());
        assertTrue(e.getMessage().contains("was not installed"), e.getMessage());
        assertKitServes(before);

        e = assertThrows(ImageException.class, () -> kerat.images().importImage(IMAGE, work.resolve("layout"), "broken", LOG));
        assertTrue(e.getMessage().contains("python3 not found in the image"), e.getMessage());
        assertKitServes(before);

        Path malformed = work.resolve("malformed.tar");
        rewrite(work.resolve("skopeo-docker.tar"), malformed, Map.of("manifest.json", "[{\"Config\": ".getBytes(StandardCharsets.UTF_8)));
        e = assertThrows(ImageException.class, () -> kerat.images().importImage(IMAGE, malformed, null, LOG));
        assertTrue(e.getMessage().contains("manifest.json is not valid JSON"), e.getMessage());
        assertKitServes(before);

        // the build path (a recipe's rootfs tarball) is gated by the same smoke test
        e = assertThrows(ImageException.class, () -> kerat.images().install(IMAGE, "kit-built",
                work.resolve("nopython-rootfs.tar"), "python3", LOG));
        assertTrue(e.getMessage().contains("python3 not found in the image"), e.getMessage());
        assertKitServes(before);
        try (Stream<Path> s = Files.list(kerat.layout().imageDir(IMAGE))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".staging")).toList(),
                    "refused imports leave no staging directory");
        }
    }

    /** An installed image that loses python3 (damaged on disk): internal_error naming it, not a runtime_error. */
    @Test
    @Order(3)
    void aProgramThatCannotStartIsAnInternalErrorNamingTheCause() throws Exception {
        ImageInfo info = kerat.images().importImage(IMAGE, work.resolve("skopeo-docker.tar"), null, LOG);
        try (Stream<Path> s = Files.list(info.rootfs().resolve("usr/bin"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("python3")).toList()) {
                Files.delete(p); // this import's own files (not the shared python image's)
            }
        }
        JsonNode b = runKit();
        assertEquals("internal_error", b.path("status").asText(), b::toString);
        String msg = b.path("message").asText();
        assertTrue(msg.contains("python3 not found in the image"), msg);
        assertFalse(msg.contains("running container:"), "no raw runsc line: " + msg);

        Path main = work.resolve("main.py");
        Files.writeString(main, "print('hi')\n");
        Path conf = Files.writeString(work.resolve("empty.yaml"), "");
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-jar", Path.of("target/kerat.jar").toAbsolutePath().toString(),
                "run", "--language", "python", "--version", "kit", main.toString());
        pb.environment().put("KERAT_DATA_DIR", ItSupport.DATA_DIR.toString());
        pb.environment().put("KERAT_CGROUP_PARENT", ItSupport.CGROUP_PARENT + "-cli");
        pb.environment().put("KERAT_CONFIG", conf.toString());
        pb.environment().putIfAbsent("KERAT_HOME", Path.of("..").toAbsolutePath().normalize().toString());
        Path err = work.resolve("cli.err");
        Path out = work.resolve("cli.out");
        Process p = pb.redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kerat run hung");
        String stderr = Files.readString(err);
        LOG.println("kerat run: exit " + p.exitValue() + ", stderr: " + stderr.strip());
        assertEquals(1, p.exitValue(), stderr + Files.readString(out));
        assertTrue(stderr.contains("internal_error") && stderr.contains("python3 not found in the image"), stderr);
        assertTrue(Files.readString(out).contains("\"status\" : \"internal_error\""), Files.readString(out));
        kerat.images().remove(IMAGE);
    }

    private static void assertKitServes(String key) throws Exception {
        assertEquals(key, kerat.images().resolve(IMAGE).key(), "the old version stays current");
        JsonNode b = runKit();
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertTrue(b.path("run").path("stdout").asText().startsWith("hello from 3."), b::toString);
    }

    private static JsonNode runKit() throws Exception {
        Map<String, Object> req = ItSupport.run("python", "main.py", "main.py", """
                import os, sys
                print("hello from", sys.version.split()[0])
                print("whiteout", os.path.exists("/etc/kerat-whiteout-me"))
                print("opaque", sorted(os.listdir("/opt/kerat-opaque")))
                """);
        req.put("version", "kit");
        ItSupport.Reply r = post("/api/v1/runs", req);
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body();
    }

    // ---- archives the test writes itself ----

    /** A legacy docker save (Docker 24 and older) from skopeo's docker-archive: {@code <id>/layer.tar} per layer. */
    static void dockerLegacy(Path skopeoArchive, Path out) throws IOException {
        try (TarFile in = new TarFile(skopeoArchive); TarArchiveOutputStream o = tar(out)) {
            JsonNode m = JSON.readTree(read(in, "manifest.json")).get(0);
            ArrayNode manifest = JSON.createArrayNode();
            ObjectNode entry = manifest.addObject();
            entry.put("Config", m.path("Config").asText());
            entry.putArray("RepoTags").add("kerat/kit:legacy");
            ArrayNode layers = entry.putArray("Layers");
            int i = 0;
            for (JsonNode l : m.path("Layers")) {
                String id = sha256(("legacy-layer-" + i++).getBytes(StandardCharsets.UTF_8)).substring(7);
                put(o, id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
                put(o, id + "/json", ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
                TarArchiveEntry src = entry(in, l.asText());
                try (InputStream data = in.getInputStream(src)) {
                    put(o, id + "/layer.tar", data, src.getSize());
                }
                layers.add(id + "/layer.tar");
            }
            put(o, m.path("Config").asText(), read(in, m.path("Config").asText()));
            put(o, "repositories", "{\"kerat/kit\":{\"legacy\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
            put(o, "manifest.json", JSON.writeValueAsBytes(manifest));
        }
    }

    /** Docker 25+'s docker save: an OCI layout plus manifest.json and repositories pointing into blobs/. */
    static void docker25(Path ociDir, Path out) throws IOException {
        JsonNode index = JSON.readTree(ociDir.resolve("index.json").toFile());
        String manifestDigest = index.path("manifests").get(0).path("digest").asText();
        JsonNode manifest = JSON.readTree(ociDir.resolve("blobs/sha256/" + manifestDigest.substring(7)).toFile());
        ArrayNode dm = JSON.createArrayNode();
        ObjectNode entry = dm.addObject();
        entry.put("Config", "blobs/sha256/" + manifest.path("config").path("digest").asText().substring(7));
        entry.putArray("RepoTags").add("kerat/kit:25");
        ArrayNode layers = entry.putArray("Layers");
        manifest.path("layers").forEach(l -> layers.add("blobs/sha256/" + l.path("digest").asText().substring(7)));
        try (TarArchiveOutputStream o = tar(out); Stream<Path> files = Files.walk(ociDir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream data = Files.newInputStream(f)) {
                    put(o, ociDir.relativize(f).toString(), data, Files.size(f));
                }
            }
            put(o, "manifest.json", JSON.writeValueAsBytes(dm));
            put(o, "repositories", "{\"kerat/kit\":{\"25\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Copies a tar, replacing the named members' content. */
    static void rewrite(Path from, Path to, Map<String, byte[]> replace) throws IOException {
        try (TarFile in = new TarFile(from); TarArchiveOutputStream o = tar(to)) {
            for (TarArchiveEntry e : in.getEntries()) {
                if (replace.containsKey(e.getName())) {
                    put(o, e.getName(), replace.get(e.getName()));
                } else {
                    o.putArchiveEntry(e);
                    if (e.isFile()) {
                        try (InputStream data = in.getInputStream(e)) {
                            data.transferTo(o);
                        }
                    }
                    o.closeArchiveEntry();
                }
            }
        }
    }

    private static TarArchiveOutputStream tar(Path out) throws IOException {
        TarArchiveOutputStream t = new TarArchiveOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16));
        t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return t;
    }

    private static void put(TarArchiveOutputStream o, String name, byte[] b) throws IOException {
        put(o, name, new java.io.ByteArrayInputStream(b), b.length);
    }

    private static void put(TarArchiveOutputStream o, String name, InputStream data, long size) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(size);
        o.putArchiveEntry(e);
        data.transferTo(o);
        o.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(TarFile t, String name) throws IOException {
        for (TarArchiveEntry e : t.getEntries()) {
            if (e.getName().equals(name) || e.getName().equals("./" + name)) {
                return e;
            }
        }
        throw new IOException("no " + name + " in the archive");
    }

    private static byte[] read(TarFile t, String name) throws IOException {
        try (InputStream in = t.getInputStream(entry(t, name))) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] b) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers ----

    private interface Step {
        void run() throws Exception;
    }

    private static void timed(String what, Step s) throws Exception {
        long t0 = System.nanoTime();
        s.run();
        SECONDS.put(what, (System.nanoTime() - t0) / 1e9);
    }

    private static void sh(String script, Path src) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        pb.environment().put("WORK", work.toString());
        pb.environment().put("SRC", src.toString());
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "script hung");
        String text = out.toString(StandardCharsets.UTF_8);
        LOG.print(text);
        assertEquals(0, p.exitValue(), "the image tools failed:\n" + text);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long size(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
