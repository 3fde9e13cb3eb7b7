package io.kerat.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a docker-archive by its {@code manifest.json}, whichever tool wrote it: {@code docker save} up to Docker 24
 * ({@code <id>/layer.tar}, {@code <config hex>.json}), Docker 25+ (an OCI layout whose manifest.json points into
 * {@code blobs/sha256/}), and skopeo's and podman's docker-archive ({@code <digest>.tar} layers at the top, with
 * {@code <id>/layer.tar} links to them). The config is checked against the digest its name carries, each layer
 * against its name's digest when it has one and always against the config's diff_ids.
 */
final class DockerArchiveReader {
    private final ImageArchive archive;
    private final String source;
    private final String ref;

    /** @param ref which image of a multi-image archive (a tag), or null */
    DockerArchiveReader(ImageArchive archive, String source, String ref) {
        this.archive = archive;
        this.source = source;
        this.ref = ref;
    }

    ImagePlan plan() throws IOException {
        JsonNode manifest = Digests.json("manifest.json", Digests.readSmall(archive, "manifest.json"));
        if (!manifest.isArray()) {
            throw new ImageException("manifest.json of " + source + " is not a docker-archive manifest (a JSON array of images)");
        }
        if (manifest.isEmpty()) {
            throw new ImageException("manifest.json of " + source + " lists no image");
        }
        JsonNode entry = choose(manifest);
        JsonNode configName = entry.path("Config");
        if (!configName.isTextual() || configName.asText().isEmpty()) {
            throw new ImageException("manifest.json of " + source + " names no Config");
        }
        String configPath = configName.asText();
        byte[] configBytes = Digests.readSmall(archive, configPath);
        String configDigest = Digests.hash("sha256", configBytes);
        String named = Digests.inName(configPath);
        if (named != null && !named.equals(Digests.hash(Digests.algorithm(named), configBytes))) {
            throw new ImageException("digest mismatch for " + configPath + ": got " + configDigest);
        }
        JsonNode config = Digests.json(configPath, configBytes);
        ImageConfig.checkPlatform(config);
        JsonNode layers = entry.path("Layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new ImageException("image " + configDigest + " has no layers");
        }
        List<String> diffIds = ImageConfig.diffIds(config, layers.size(), true);
        List<ImagePlan.Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            if (!l.isTextual() || !archive.exists(l.asText())) {
                throw new ImageException("manifest.json of " + source + " lists layer " + l + ", which the archive does not hold");
            }
            out.add(new ImagePlan.Layer(l.asText(), Digests.inName(l.asText()), diffIds.get(i)));
        }
        return new ImagePlan(ImagePlan.Kind.DOCKER, configDigest, out, config);
    }

    private JsonNode choose(JsonNode manifest) throws ImageException {
        if (ref == null) {
            if (manifest.size() == 1) {
                return manifest.get(0);
            }
            throw new ImageException(manifest.size() + " images in " + source + ": choose one with --ref TAG");
        }
        JsonNode entry = null;
        for (JsonNode m : manifest) {
            for (JsonNode tag : m.path("RepoTags")) {
                String t = tag.asText();
                if (t.equals(ref) || t.endsWith("/" + ref) || t.equals(ref + ":latest") || t.endsWith("/" + ref + ":latest")) {
                    entry = m;
                }
            }
        }
        if (entry == null) {
            throw new ImageException("no image tagged '" + ref + "' in " + source);
        }
        return entry;
    }
}
