package io.kerat.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What an import applies: the layers in order and the image config. {@code digest} identifies the content (manifest
 * digest for an OCI layout, config digest = image id for a docker-archive, file digest for a rootfs tarball).
 */
public record ImagePlan(Kind kind, String digest, List<Layer> layers, JsonNode config) {
    /** What kind of source it is. */
    public enum Kind { ROOTFS, OCI, DOCKER }

    /** One layer: a member of the archive, its blob digest (nullable) and its uncompressed digest (nullable). */
    public record Layer(String path, String digest, String diffId) {
    }

    /** A label of the image config, or null. */
    public String label(String key) {
        if (config == null) {
            return null;
        }
        JsonNode v = config.path("config").path("Labels").path(key);
        return v.isTextual() ? v.asText() : null;
    }
}
