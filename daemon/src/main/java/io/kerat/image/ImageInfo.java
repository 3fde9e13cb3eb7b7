package io.kerat.image;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.nio.file.Path;

/**
 * An unpacked image, as recorded in its {@code image.json}.
 *
 * @param name        image name (the language id)
 * @param version     the runtime's upstream version, from the rootfs's dpkg database (imports: the config's
 *                    {@code org.opencontainers.image.version} label or "imported" when there is no dpkg answer)
 * @param digest      sha256 of the rootfs tarball it was unpacked from; for an import, the content digest
 *                    (OCI manifest digest, docker image id, or the tarball's sha256)
 * @param builtAt     ISO-8601 instant it was built or imported
 * @param sizeBytes   size of the tarball (or of the imported archive)
 * @param key         the build key (recipe hash, or {@code import-<digest prefix>}) naming the version directory
 * @param source      "built" (from the recipe) or "imported"; null in images installed before imports existed
 * @param rootfsBytes bytes of regular files in the unpacked rootfs (hard links counted once); null if unknown
 * @param rootfs      the unpacked root, shared read-only by every sandbox
 */
public record ImageInfo(String name, String version, String digest, String builtAt, long sizeBytes, String key,
                        String source, Long rootfsBytes, @JsonIgnore Path rootfs) {

    public boolean imported() {
        return "imported".equals(source);
    }
}
