package io.kerat.oci;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** An OCI runtime-spec mount. */
@JsonPropertyOrder({"destination", "type", "source", "options"})
public record Mount(String destination, String type, String source, List<String> options) {

    public static Mount tmpfs(String destination, long sizeBytes, String mode, int uid, int gid) {
        return new Mount(destination, "tmpfs", "tmpfs", List.of("nosuid", "nodev",
                "mode=" + mode, "size=" + sizeBytes, "uid=" + uid, "gid=" + gid));
    }

    public static Mount bind(String destination, String hostPath, boolean readOnly) {
        return new Mount(destination, "bind", hostPath,
                readOnly ? List.of("rbind", "ro", "nosuid", "nodev") : List.of("rbind", "rw", "nosuid", "nodev"));
    }
}
