package io.kerat.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an OCI image layout (umoci, skopeo {@code oci:} and {@code oci-archive:}, podman's oci-archive, buildah):
 * {@code oci-layout}, {@code index.json}, then the chosen image's manifest and config from {@code blobs/}, each
 * checked against its digest. The plan's layers are the manifest's blobs with their digests and the config's
 * diff_ids, verified later while they stream.
 */
final class OciLayoutReader {
    private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final ImageArchive archive;
    private final String source;
    private final String ref;

    /** @param ref which image of a multi-image layout (its ref name), or null */
    OciLayoutReader(ImageArchive archive, String source, String ref) {
        this.archive = archive;
        this.source = source;
        this.ref = ref;
    }

    ImagePlan plan() throws IOException {
        JsonNode layout = Digests.json("oci-layout", Digests.readSmall(archive, "oci-layout"));
        if (!layout.path("imageLayoutVersion").asText("").startsWith("1.")) {
            throw new ImageException("unsupported OCI layout version " + layout.path("imageLayoutVersion"));
        }
        JsonNode index = Digests.json("index.json", Digests.readSmall(archive, "index.json"));
        JsonNode desc = pick(index, 0);
        String manifestDigest = Digests.of(desc);
        JsonNode manifest = Digests.json("manifest " + manifestDigest, Digests.readBlob(archive, desc));
        JsonNode configDesc = manifest.path("config");
        if (!configDesc.isObject()) {
            throw new ImageException("manifest " + manifestDigest + " names no config");
        }
        JsonNode config = Digests.json("config " + configDesc.path("digest").asText(""), Digests.readBlob(archive, configDesc));
        ImageConfig.checkPlatform(config);
        JsonNode layers = manifest.path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new ImageException("manifest " + manifestDigest + " has no layers");
        }
        List<String> diffIds = ImageConfig.diffIds(config, layers.size(), false);
        List<ImagePlan.Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String d = Digests.of(layers.get(i));
            out.add(new ImagePlan.Layer(Digests.blobPath(d), d, diffIds == null ? null : diffIds.get(i)));
        }
        return new ImagePlan(ImagePlan.Kind.OCI, manifestDigest, out, config);
    }

    /** Chooses the image manifest of an index: by ref name, then by platform; nested indexes are followed. */
    private JsonNode pick(JsonNode index, int depth) throws IOException {
        if (depth > 4) {
            throw new ImageException("image indexes nested too deep");
        }
        if (!index.path("manifests").isArray()) {
            throw new ImageException((depth == 0 ? "index.json" : "a nested index") + " of " + source + " has no manifests list");
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
            String arch = ImageConfig.hostArch();
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
            throw new ImageException(candidates.isEmpty() ? "no image for linux/" + ImageConfig.hostArch() + " in " + source
                    : candidates.size() + " images in " + source + ": choose one with --ref NAME");
        }
        JsonNode desc = candidates.get(0);
        if (INDEX_TYPES.contains(desc.path("mediaType").asText())) {
            return pick(Digests.json("index " + desc.path("digest").asText(""), Digests.readBlob(archive, desc)), depth + 1);
        }
        return desc;
    }
}
