package io.kerat.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kerat.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An image recipe, {@code oci-bundles/<image>/image.json}: the Debian packages of the rootfs and the package
 * whose version names the runtime. {@code suite} (optional) pins the Debian release the image is built from (a
 * second version of a language, e.g. {@code oci-bundles/python@3.11} from bookworm); without it the settings'
 * suite is used.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Recipe(String description, List<String> packages, String versionPackage, List<String> customizeHooks,
                     String suite) {

    public static Recipe load(Path file) throws IOException {
        Recipe r = Json.mapper().readValue(file.toFile(), Recipe.class);
        if (r.packages() == null || r.packages().isEmpty()) {
            throw new IOException(file + ": \"packages\" must list at least one Debian package");
        }
        for (String p : r.packages()) {
            if (!p.matches("[a-z0-9][a-z0-9+.-]*")) {
                throw new IOException(file + ": not a Debian package name: " + p);
            }
        }
        if (r.versionPackage() == null) {
            throw new IOException(file + ": \"version_package\" is required");
        }
        if (r.suite() != null && !r.suite().matches("[a-z][a-z0-9-]{1,31}")) {
            throw new IOException(file + ": not a Debian suite name: " + r.suite());
        }
        return new Recipe(r.description(), List.copyOf(r.packages()), r.versionPackage(),
                r.customizeHooks() == null ? List.of() : List.copyOf(r.customizeHooks()), r.suite());
    }
}
