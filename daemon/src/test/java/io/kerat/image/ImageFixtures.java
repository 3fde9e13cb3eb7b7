package io.kerat.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds tiny OCI image layouts and docker save archives in tests, with commons-compress writers. */
final class ImageFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageFixtures() {}

    static byte[] bytes(TarUnpackerTest.Tar t) throws IOException {
        return t.stream().readAllBytes();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream z = new GzipCompressorOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdCompressorOutputStream z = new ZstdCompressorOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] b) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    /** A layer: the uncompressed tar and the blob as stored (maybe compressed). */
    record Layer(byte[] tar, byte[] blob, String mediaType) {
        static Layer plain(byte[] tar) {
            return new Layer(tar, tar, "application/vnd.oci.image.layer.v1.tar");
        }

        static Layer gzip(byte[] tar) throws IOException {
            return new Layer(tar, ImageFixtures.gzip(tar), "application/vnd.oci.image.layer.v1.tar+gzip");
        }

        static Layer zstd(byte[] tar) throws IOException {
            return new Layer(tar, ImageFixtures.zstd(tar), "application/vnd.oci.image.layer.v1.tar+zstd");
        }
    }

    static byte[] config(List<Layer> layers, Map<String, String> labels) throws IOException {
        return config(layers, labels, ImageImporter.hostArch());
    }

    static byte[] config(List<Layer> layers, Map<String, String> labels, String arch) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("architecture", arch);
        c.put("os", "linux");
        ObjectNode cc = c.putObject("config");
        cc.putArray("Cmd").add("/bin/sh");
        if (labels != null) {
            ObjectNode l = cc.putObject("Labels");
            labels.forEach(l::put);
        }
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        for (Layer l : layers) {
            ids.add(sha256(l.tar()));
        }
        return JSON.writeValueAsBytes(c);
    }

    /** Files of an archive, by path, in insertion order. */
    static final class Files_ {
        final Map<String, byte[]> files = new LinkedHashMap<>();
        final Map<String, String> symlinks = new LinkedHashMap<>();

        void writeTo(Path dir) throws IOException {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
            for (Map.Entry<String, String> e : symlinks.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.createSymbolicLink(p, Path.of(e.getValue()));
            }
        }

        byte[] tar() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(b)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                    te.setMode(0100644);
                    te.setSize(e.getValue().length);
                    out.putArchiveEntry(te);
                    out.write(e.getValue());
                    out.closeArchiveEntry();
                }
                for (Map.Entry<String, String> e : symlinks.entrySet()) {
                    TarArchiveEntry te = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    te.setLinkName(e.getValue());
                    out.putArchiveEntry(te);
                    out.closeArchiveEntry();
                }
            }
            return b.toByteArray();
        }

        void writeTar(Path file) throws IOException {
            Files.write(file, tar());
        }
    }

    static ObjectNode descriptor(String mediaType, byte[] blob) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", sha256(blob));
        d.put("size", blob.length);
        return d;
    }

    /** An OCI image layout with one image; returns its files and, in {@code manifestDigest[0]}, the manifest digest. */
    static Files_ oci(List<Layer> layers, Map<String, String> labels, String refName, String[] manifestDigest) throws IOException {
        return oci(layers, labels, refName, manifestDigest, ImageImporter.hostArch());
    }

    static Files_ oci(List<Layer> layers, Map<String, String> labels, String refName, String[] manifestDigest, String arch)
            throws IOException {
        Files_ f = new Files_();
        f.files.put("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        byte[] config = config(layers, labels, arch);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.set("config", descriptor("application/vnd.oci.image.config.v1+json", config));
        ArrayNode ls = m.putArray("layers");
        for (Layer l : layers) {
            ls.add(descriptor(l.mediaType(), l.blob()));
            f.files.put("blobs/sha256/" + hex(sha256(l.blob())), l.blob());
        }
        f.files.put("blobs/sha256/" + hex(sha256(config)), config);
        byte[] manifest = JSON.writeValueAsBytes(m);
        f.files.put("blobs/sha256/" + hex(sha256(manifest)), manifest);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode d = descriptor("application/vnd.oci.image.manifest.v1+json", manifest);
        if (refName != null) {
            d.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        }
        index.putArray("manifests").add(d);
        f.files.put("index.json", JSON.writeValueAsBytes(index));
        if (manifestDigest != null) {
            manifestDigest[0] = sha256(manifest);
        }
        return f;
    }

    /** A legacy docker save archive: {@code <id>/layer.tar}, {@code <config hex>.json}, manifest.json. */
    static Files_ dockerLegacy(List<Layer> layers, String tag, boolean dedupLastLayerAsSymlink) throws IOException {
        Files_ f = new Files_();
        byte[] config = config(layers, null);
        String configHex = hex(sha256(config));
        f.files.put(configHex + ".json", config);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String id = hex(sha256(("layer" + i).getBytes(StandardCharsets.UTF_8)));
            f.files.put(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
            f.files.put(id + "/json", "{}".getBytes(StandardCharsets.UTF_8));
            if (dedupLastLayerAsSymlink && i == layers.size() - 1) {
                // docker links a layer it already wrote instead of writing it again
                String other = hex(sha256("elsewhere".getBytes(StandardCharsets.UTF_8)));
                f.files.put(other + "/layer.tar", layers.get(i).tar());
                f.symlinks.put(id + "/layer.tar", "../" + other + "/layer.tar");
            } else {
                f.files.put(id + "/layer.tar", layers.get(i).tar());
            }
            paths.add(id + "/layer.tar");
        }
        f.files.put("manifest.json", dockerManifest(configHex + ".json", tag, paths));
        f.files.put("repositories", "{}".getBytes(StandardCharsets.UTF_8));
        return f;
    }

    /**
     * skopeo's and podman's docker-archive: each layer as {@code <diff id hex>.tar} at the top (what manifest.json
     * lists), a legacy {@code <id>/layer.tar} link to it, {@code <config hex>.json}, manifest.json, repositories.
     */
    static Files_ dockerSkopeo(List<Layer> layers, String tag) throws IOException {
        Files_ f = new Files_();
        byte[] config = config(layers, null);
        String configHex = hex(sha256(config));
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String name = hex(sha256(layers.get(i).tar())) + ".tar";
            f.files.put(name, layers.get(i).tar());
            String id = hex(sha256(("legacy" + i).getBytes(StandardCharsets.UTF_8)));
            f.symlinks.put(id + "/layer.tar", "../" + name);
            f.files.put(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
            f.files.put(id + "/json", "{}".getBytes(StandardCharsets.UTF_8));
            paths.add(name);
        }
        f.files.put(configHex + ".json", config);
        f.files.put("manifest.json", dockerManifest(configHex + ".json", tag, paths));
        f.files.put("repositories", "{}".getBytes(StandardCharsets.UTF_8));
        return f;
    }

    /** The docker save format of Docker 25+: an OCI layout plus manifest.json pointing into blobs/. */
    static Files_ dockerOci(List<Layer> layers, String tag) throws IOException {
        Files_ f = oci(layers, null, tag, null);
        byte[] config = config(layers, null);
        List<String> paths = new ArrayList<>();
        for (Layer l : layers) {
            paths.add("blobs/sha256/" + hex(sha256(l.blob())));
        }
        f.files.put("manifest.json", dockerManifest("blobs/sha256/" + hex(sha256(config)), tag, paths));
        return f;
    }

    private static byte[] dockerManifest(String config, String tag, List<String> layers) throws IOException {
        ArrayNode arr = JSON.createArrayNode();
        ObjectNode m = arr.addObject();
        m.put("Config", config);
        m.putArray("RepoTags").add(tag);
        ArrayNode ls = m.putArray("Layers");
        layers.forEach(ls::add);
        return JSON.writeValueAsBytes(arr);
    }

    static void write(OutputStream out, byte[] b) throws IOException {
        out.write(b);
    }
}
