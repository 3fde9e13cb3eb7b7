package io.kerat.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an image from outside the recipes: a rootfs tarball (plain, gzip or zstd), an OCI image layout (a
 * directory or a tar of one) or a {@code docker save} archive (legacy layout or the OCI-in-docker-save one,
 * directory or tar, optionally compressed). Layers are applied in order with whiteouts and hard links by
 * {@link TarUnpacker#applyLayer}; every blob whose digest is known is verified while it streams (compressed
 * digest from the descriptor, uncompressed digest from the config's {@code rootfs.diff_ids}). A mismatch fails the
 * import; since everything happens in a staging directory, nothing is installed.
 */
public final class ImageImporter {
    /** What kind of source it is. */
    public enum Kind { ROOTFS, OCI, DOCKER }

    /** One layer: a member of the archive, its blob digest (nullable) and its uncompressed digest (nullable). */
    public record Layer(String path, String digest, String diffId) {
    }

    /**
     * What to apply: {@code digest} identifies the content (manifest digest for OCI, config digest = image id for
     * docker save, file digest for a rootfs tarball; null until computed for a rootfs).
     */
    public record Plan(Kind kind, String digest, List<Layer> layers, JsonNode config) {
        /** A label of the image config, or null. */
        public String label(String key) {
            if (config == null) {
                return null;
            }
            JsonNode v = config.path("config").path("Labels").path(key);
            return v.isTextual() ? v.asText() : null;
        }
    }

    /** The result of an import into a rootfs directory. */
    public record Result(Plan plan, String digest, int entries, long sourceBytes) {
    }

    private static final Pattern DIGEST = Pattern.compile("(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})");
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256|sha512)/([0-9a-f]{64}|[0-9a-f]{128})");
    private static final Pattern LEGACY_CONFIG = Pattern.compile("([0-9a-f]{64})\\.json");
    private static final Pattern ARCHIVE_NAME = Pattern.compile(
            "|oci-layout|index\\.json|manifest\\.json|repositories|blobs(/.*)?|[0-9a-f]{64}(\\.json|/.*)?");
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final long MAX_JSON = 16L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Reads the source and applies its layers to {@code rootfs}. */
    public Result importInto(Path rootfs, boolean chown) throws IOException {
        if (Files.isDirectory(source)) {
            try (Archive a = new DirArchive(source)) {
                return fromArchive(a, rootfs, chown);
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
            boolean archive;
            try (TarFile tf = new TarFile(source)) {
                archive = isImageArchive(tf.getEntries().stream().map(TarArchiveEntry::getName).toList());
            }
            if (archive) {
                try (Archive a = new TarArchive(source)) {
                    return fromArchive(a, rootfs, chown);
                }
            }
            return rootfsTarball(rootfs, chown);
        }
        if (!compressedIsImageArchive()) {
            return rootfsTarball(rootfs, chown);
        }
        Path tmp = Files.createTempFile(scratch, "source-", ".tar");
        try {
            try (InputStream in = Compression.decompress(Files.newInputStream(source));
                 OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            try (Archive a = new TarArchive(tmp)) {
                return fromArchive(a, rootfs, chown);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** True if every name fits an OCI layout or docker save archive and one of their index files is there. */
    static boolean isImageArchive(List<String> names) {
        boolean marker = false;
        for (String raw : names) {
            String n = clean(raw);
            if (n == null || !ARCHIVE_NAME.matcher(n).matches()) {
                return false;
            }
            marker |= n.equals("manifest.json") || n.equals("index.json");
        }
        return marker;
    }

    /** Streams a compressed file's entry names, stopping at the first that no image archive has. */
    private boolean compressedIsImageArchive() throws IOException {
        boolean marker = false;
        try (InputStream in = Compression.decompress(Files.newInputStream(source));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String n = clean(e.getName());
                if (n == null || !ARCHIVE_NAME.matcher(n).matches()) {
                    return false;
                }
                marker |= n.equals("manifest.json") || n.equals("index.json");
            }
        }
        return marker;
    }

    private Result rootfsTarball(Path rootfs, boolean chown) throws IOException {
        progress.println("importing " + source + " as a rootfs tarball");
        MessageDigest md = sha("sha256");
        int entries;
        try (HashingInputStream raw = new HashingInputStream(Files.newInputStream(source), md);
             InputStream in = Compression.decompress(raw)) {
            entries = new TarUnpacker(rootfs, chown).unpack(in);
            in.transferTo(OutputStream.nullOutputStream());
            raw.transferTo(OutputStream.nullOutputStream());
        }
        String digest = "sha256:" + HexFormat.of().formatHex(md.digest());
        Plan plan = new Plan(Kind.ROOTFS, digest, List.of(new Layer(source.toString(), digest, null)), null);
        return new Result(plan, digest, entries, Files.size(source));
    }

    private Result fromArchive(Archive a, Path rootfs, boolean chown) throws IOException {
        Plan plan = a.exists("manifest.json") ? dockerPlan(a) : ociPlan(a);
        progress.printf("importing %s (%s, %d layers, %s)%n", source, plan.kind(), plan.layers().size(), plan.digest());
        TarUnpacker unpacker = new TarUnpacker(rootfs, chown);
        int entries = 0;
        int i = 0;
        for (Layer l : plan.layers()) {
            i++;
            entries += applyLayer(a, l, unpacker);
            progress.printf("  layer %d/%d %s applied%n", i, plan.layers().size(), l.digest() != null ? l.digest() : l.path());
        }
        return new Result(plan, plan.digest(), entries, sizeOf(source));
    }

    private static int applyLayer(Archive a, Layer l, TarUnpacker unpacker) throws IOException {
        MessageDigest raw = l.digest() == null ? null : sha(algorithm(l.digest()));
        MessageDigest diff = l.diffId() == null ? null : sha(algorithm(l.diffId()));
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
        check(l.path(), l.digest(), raw);
        check(l.path() + " (uncompressed)", l.diffId(), diff);
        return n;
    }

    private static void check(String what, String expected, MessageDigest md) throws ImageException {
        if (expected == null) {
            return;
        }
        String got = expected.substring(0, expected.indexOf(':') + 1) + HexFormat.of().formatHex(md.digest());
        if (!got.equals(expected)) {
            throw new ImageException("digest mismatch for " + what + ": expected " + expected + ", got " + got);
        }
    }

    // ---- OCI image layout ----

    private Plan ociPlan(Archive a) throws IOException {
        if (!a.exists("oci-layout") || !a.exists("index.json")) {
            throw new ImageException(source + " is neither an OCI image layout (oci-layout, index.json) nor a docker save archive (manifest.json)");
        }
        JsonNode layout = JSON.readTree(readSmall(a, "oci-layout"));
        if (!layout.path("imageLayoutVersion").asText("").startsWith("1.")) {
            throw new ImageException("unsupported OCI layout version " + layout.path("imageLayoutVersion"));
        }
        JsonNode index = JSON.readTree(readSmall(a, "index.json"));
        JsonNode desc = pick(a, index, 0);
        String manifestDigest = digestOf(desc);
        JsonNode manifest = JSON.readTree(readBlob(a, desc));
        JsonNode configDesc = manifest.path("config");
        JsonNode config = JSON.readTree(readBlob(a, configDesc));
        checkPlatform(config);
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        JsonNode layers = manifest.path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new ImageException("manifest " + manifestDigest + " has no layers");
        }
        if (diffIds.isArray() && diffIds.size() != layers.size()) {
            throw new ImageException("manifest has " + layers.size() + " layers but the config " + diffIds.size() + " diff_ids");
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String d = digestOf(layers.get(i));
            String diffId = diffIds.isArray() ? checkedDigest(diffIds.get(i).asText()) : null;
            out.add(new Layer(blobPath(d), d, diffId));
        }
        return new Plan(Kind.OCI, manifestDigest, out, config);
    }

    /** Chooses the image manifest of an index: by ref name, then by platform; nested indexes are followed. */
    private JsonNode pick(Archive a, JsonNode index, int depth) throws IOException {
        if (depth > 4) {
            throw new ImageException("image indexes nested too deep");
        }
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            candidates.add(m);
        }
        if (ref != null && depth == 0) {
            List<JsonNode> named = new ArrayList<>();
            for (JsonNode m : candidates) {
                JsonNode ann = m.path("annotations");
                String name = ann.path("org.opencontainers.image.ref.name").asText(null);
                String full = ann.path("io.containerd.image.name").asText(null);
                if (ref.equals(name) || ref.equals(full) || (full != null && full.endsWith("/" + ref))) {
                    named.add(m);
                }
            }
            if (named.isEmpty()) {
                throw new ImageException("no image named '" + ref + "' in " + source);
            }
            candidates = named;
        }
        if (candidates.size() > 1) {
            String arch = hostArch();
            List<JsonNode> mine = new ArrayList<>();
            for (JsonNode m : candidates) {
                JsonNode p = m.path("platform");
                if (p.isMissingNode() || ("linux".equals(p.path("os").asText()) && arch.equals(p.path("architecture").asText()))) {
                    mine.add(m);
                }
            }
            candidates = mine;
        }
        if (candidates.size() != 1) {
            throw new ImageException(candidates.isEmpty() ? "no image for linux/" + hostArch() + " in " + source
                    : candidates.size() + " images in " + source + ": choose one with --ref NAME");
        }
        JsonNode desc = candidates.get(0);
        if (INDEX_TYPES.contains(desc.path("mediaType").asText())) {
            return pick(a, JSON.readTree(readBlob(a, desc)), depth + 1);
        }
        return desc;
    }

    /** Refuses an image built for another OS or CPU: it would install fine and fail on the first run. */
    private static void checkPlatform(JsonNode config) throws ImageException {
        String os = config.path("os").asText("");
        String arch = config.path("architecture").asText("");
        if ((!os.isEmpty() && !os.equals("linux")) || (!arch.isEmpty() && !arch.equals(hostArch()))) {
            throw new ImageException("the image is for " + os + "/" + arch + ", this host runs linux/" + hostArch());
        }
    }

    /** The host's CPU in OCI terms (amd64, arm64, ...). */
    public static String hostArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> a;
        };
    }

    // ---- docker save ----

    private Plan dockerPlan(Archive a) throws IOException {
        JsonNode manifest = JSON.readTree(readSmall(a, "manifest.json"));
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new ImageException("manifest.json of " + source + " lists no image");
        }
        JsonNode entry = null;
        if (ref != null) {
            for (JsonNode m : manifest) {
                for (JsonNode tag : m.path("RepoTags")) {
                    String t = tag.asText();
                    if (t.equals(ref) || t.endsWith("/" + ref) || t.equals(ref + ":latest")) {
                        entry = m;
                    }
                }
            }
            if (entry == null) {
                throw new ImageException("no image tagged '" + ref + "' in " + source);
            }
        } else if (manifest.size() == 1) {
            entry = manifest.get(0);
        } else {
            throw new ImageException(manifest.size() + " images in " + source + ": choose one with --ref TAG");
        }
        String configPath = entry.path("Config").asText("");
        byte[] configBytes = readSmall(a, configPath);
        String configDigest = "sha256:" + HexFormat.of().formatHex(sha("sha256").digest(configBytes));
        String named = digestInName(configPath);
        if (named != null && !named.equals(configDigest)) {
            throw new ImageException("digest mismatch for " + configPath + ": got " + configDigest);
        }
        JsonNode config = JSON.readTree(configBytes);
        checkPlatform(config);
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        JsonNode layers = entry.path("Layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new ImageException("image " + configDigest + " has no layers");
        }
        if (!diffIds.isArray() || diffIds.size() != layers.size()) {
            throw new ImageException("manifest.json lists " + layers.size() + " layers but the config has "
                    + diffIds.size() + " diff_ids");
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String p = layers.get(i).asText();
            out.add(new Layer(p, digestInName(p), checkedDigest(diffIds.get(i).asText())));
        }
        return new Plan(Kind.DOCKER, configDigest, out, config);
    }

    /** The digest a member's name encodes ({@code blobs/sha256/<hex>} or legacy {@code <hex>.json}), or null. */
    static String digestInName(String path) {
        String p = clean(path);
        if (p == null) {
            return null;
        }
        Matcher m = BLOB_PATH.matcher(p);
        if (m.matches()) {
            return checkedDigestOrNull(m.group(1) + ":" + m.group(2));
        }
        m = LEGACY_CONFIG.matcher(p);
        return m.matches() ? "sha256:" + m.group(1) : null;
    }

    // ---- blobs ----

    private static String digestOf(JsonNode desc) throws ImageException {
        return checkedDigest(desc.path("digest").asText(""));
    }

    private static String checkedDigest(String d) throws ImageException {
        if (!DIGEST.matcher(d).matches()) {
            throw new ImageException("not a supported digest: '" + d + "'");
        }
        return d;
    }

    private static String checkedDigestOrNull(String d) {
        return DIGEST.matcher(d).matches() ? d : null;
    }

    private static String blobPath(String digest) {
        int colon = digest.indexOf(':');
        return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
    }

    private static String algorithm(String digest) {
        return digest.substring(0, digest.indexOf(':'));
    }

    /** Reads a small JSON blob and checks its digest (and size, if given). */
    private static byte[] readBlob(Archive a, JsonNode desc) throws IOException {
        String d = digestOf(desc);
        byte[] b = readSmall(a, blobPath(d));
        String got = algorithm(d) + ":" + HexFormat.of().formatHex(sha(algorithm(d)).digest(b));
        if (!got.equals(d)) {
            throw new ImageException("digest mismatch for " + blobPath(d) + ": expected " + d + ", got " + got);
        }
        if (desc.has("size") && desc.path("size").asLong() != b.length) {
            throw new ImageException("size mismatch for " + blobPath(d) + ": expected " + desc.path("size") + ", got " + b.length);
        }
        return b;
    }

    private static byte[] readSmall(Archive a, String path) throws IOException {
        try (InputStream in = a.open(path)) {
            byte[] b = in.readNBytes((int) MAX_JSON + 1);
            if (b.length > MAX_JSON) {
                throw new ImageException(path + " is too large for a JSON document");
            }
            return b;
        }
    }

    private static MessageDigest sha(String alg) {
        try {
            return MessageDigest.getInstance(alg.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** A member name without {@code ./} and trailing {@code /}; null if absolute or with {@code ..}. */
    static String clean(String name) {
        if (name == null || name.indexOf('\0') >= 0 || name.startsWith("/")) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return null;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    /** Resolves a relative symbolic link target against the directory of {@code from}, lexically, inside the archive. */
    static String follow(String from, String target) throws ImageException {
        if (target.startsWith("/")) {
            throw new ImageException("archive member " + from + " links outside the archive: " + target);
        }
        Deque<String> parts = new ArrayDeque<>(List.of(from.split("/")));
        parts.removeLast();
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ImageException("archive member " + from + " links outside the archive: " + target);
                }
                parts.removeLast();
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    // ---- archives: a directory or an uncompressed tar ----

    /** Read access to the members of an image archive. */
    interface Archive extends Closeable {
        boolean exists(String path) throws IOException;

        InputStream open(String path) throws IOException;
    }

    /** An image layout in a directory; symbolic links are followed only as relative links that stay inside it. */
    static final class DirArchive implements Archive {
        private final Path root;

        DirArchive(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        private Path locate(String path) throws IOException {
            String p = clean(path);
            if (p == null || p.isEmpty()) {
                throw new ImageException("bad archive member name '" + path + "'");
            }
            for (int hops = 0; hops < 16; hops++) {
                Path cur = root;
                String[] parts = p.split("/");
                String next = null;
                for (int i = 0; i < parts.length; i++) {
                    cur = cur.resolve(parts[i]);
                    if (Files.isSymbolicLink(cur)) {
                        String prefix = String.join("/", List.of(parts).subList(0, i + 1));
                        String rest = String.join("/", List.of(parts).subList(i + 1, parts.length));
                        String t = follow(prefix, Files.readSymbolicLink(cur).toString());
                        next = rest.isEmpty() ? t : t + "/" + rest;
                        break;
                    }
                    if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                        return null;
                    }
                }
                if (next == null) {
                    return cur;
                }
                p = next;
            }
            throw new ImageException("too many symbolic links at " + path);
        }

        @Override
        public boolean exists(String path) throws IOException {
            Path p = locate(path);
            return p != null && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public InputStream open(String path) throws IOException {
            Path p = locate(path);
            if (p == null || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new ImageException("missing " + path + " in " + root);
            }
            return new BufferedInputStream(Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS), 1 << 16);
        }

        @Override
        public void close() {
        }
    }

    /** An image layout or docker save archive as an uncompressed tar file, read with random access. */
    static final class TarArchive implements Archive {
        private final TarFile tar;
        private final Map<String, TarArchiveEntry> entries = new HashMap<>();

        TarArchive(Path file) throws IOException {
            this.tar = new TarFile(file);
            for (TarArchiveEntry e : tar.getEntries()) {
                String n = clean(e.getName());
                if (n != null && !n.isEmpty()) {
                    entries.put(n, e);
                }
            }
        }

        private TarArchiveEntry locate(String path) throws IOException {
            String p = clean(path);
            if (p == null || p.isEmpty()) {
                throw new ImageException("bad archive member name '" + path + "'");
            }
            for (int hops = 0; hops < 16; hops++) {
                TarArchiveEntry e = entries.get(p);
                if (e == null) {
                    // a link on a parent directory (legacy docker save links whole layer directories)
                    String[] parts = p.split("/");
                    String next = null;
                    for (int i = 1; i < parts.length && next == null; i++) {
                        String prefix = String.join("/", List.of(parts).subList(0, i));
                        TarArchiveEntry d = entries.get(prefix);
                        if (d != null && d.isSymbolicLink()) {
                            next = follow(prefix, d.getLinkName()) + "/" + String.join("/", List.of(parts).subList(i, parts.length));
                        }
                    }
                    if (next == null) {
                        return null;
                    }
                    p = next;
                } else if (e.isSymbolicLink()) {
                    p = follow(p, e.getLinkName());
                } else if (e.isLink()) {
                    String t = clean(e.getLinkName());
                    if (t == null) {
                        throw new ImageException("archive member " + p + " links outside the archive");
                    }
                    p = t;
                } else {
                    return e.isFile() ? e : null;
                }
            }
            throw new ImageException("too many links at " + path);
        }

        @Override
        public boolean exists(String path) throws IOException {
            return locate(path) != null;
        }

        @Override
        public InputStream open(String path) throws IOException {
            TarArchiveEntry e = locate(path);
            if (e == null) {
                throw new ImageException("missing " + path + " in the archive");
            }
            return new BufferedInputStream(tar.getInputStream(e), 1 << 16);
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
