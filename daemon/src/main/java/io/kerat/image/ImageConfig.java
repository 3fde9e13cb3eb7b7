package io.kerat.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The parts of an image config (OCI or docker) that an import checks: platform and the layers' diff_ids. */
final class ImageConfig {
    private ImageConfig() {}

    /** The host's CPU in OCI terms (amd64, arm64, ...). */
    static String hostArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> a;
        };
    }

    /** Refuses a config that is not an object, or is for another OS or CPU: it would install fine and fail on the first run. */
    static void checkPlatform(JsonNode config) throws ImageException {
        if (!config.isObject()) {
            throw new ImageException("the image config is not a JSON object");
        }
        String os = config.path("os").asText("");
        String arch = config.path("architecture").asText("");
        if ((!os.isEmpty() && !os.equals("linux")) || (!arch.isEmpty() && !arch.equals(hostArch()))) {
            throw new ImageException("the image is for " + os + "/" + arch + ", this host runs linux/" + hostArch());
        }
    }

    /** The config's {@code rootfs.diff_ids}, checked against the number of layers; null if the config has none. */
    static List<String> diffIds(JsonNode config, int layers, boolean required) throws ImageException {
        JsonNode ids = config.path("rootfs").path("diff_ids");
        if (!ids.isArray()) {
            if (required) {
                throw new ImageException("the image config has no rootfs.diff_ids");
            }
            return null;
        }
        if (ids.size() != layers) {
            throw new ImageException("the manifest lists " + layers + " layers but the config has " + ids.size() + " diff_ids");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode id : ids) {
            out.add(Digests.checked(id.isTextual() ? id.asText() : null));
        }
        return out;
    }
}
