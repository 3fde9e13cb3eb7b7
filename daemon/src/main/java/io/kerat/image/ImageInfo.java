package io.kerat.image;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.nio.file.Path;

/**
 * An unpacked image, as recorded in its {@code image.json}.
 *
 * @param name      image name (the language id)
 * @param version   the runtime's upstream version, from the rootfs's dpkg database
 * @param digest    sha256 of the rootfs tarball it was unpacked from
 * @param builtAt   ISO-8601 instant
 * @param sizeBytes size of the tarball
 * @param key       the build key (recipe hash) naming the version directory
 * @param rootfs    the unpacked root, shared read-only by every sandbox
 */
public record ImageInfo(String name, String version, String digest, String builtAt, long sizeBytes, String key,
                        @JsonIgnore Path rootfs) {
}
