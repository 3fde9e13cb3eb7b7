package io.kerat.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kerat.util.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * An image recipe, {@code oci-bundles/<image>/image.json}: the Debian packages of the rootfs and the package
 * whose version names the runtime. {@code suite} (optional) pins the Debian release the image is built from (a
 * second version of a language, e.g. {@code oci-bundles/python@3.11} from bookworm); without it the settings'
 * suite is used. {@code version_file} (optional, instead of {@code version_package}): a file of the rootfs, written
 * by a customize hook, whose first line is the runtime's version (a toolchain that does not come from a Debian
 * package, e.g. the Kotlin compiler from Maven Central); it wins over {@code version_package}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Recipe(String description, List<String> packages, String versionPackage, List<String> customizeHooks,
                     String suite, String versionFile) {

    /** What a version_file may name: an absolute path of plain names, no "." or ".." parts. */
    private static final String VERSION_FILE_PATTERN = "(/[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,63}){1,16}";
    /** What a version read from a version_file may be. */
    private static final String VERSION_PATTERN = "[0-9A-Za-z][0-9A-Za-z.+~_-]{0,63}";

    public Recipe(String description, List<String> packages, String versionPackage, List<String> customizeHooks,
                  String suite) {
        this(description, packages, versionPackage, customizeHooks, suite, null);
    }

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
        if (r.versionPackage() == null && r.versionFile() == null) {
            throw new IOException(file + ": \"version_package\" (or \"version_file\") is required");
        }
        if (r.versionFile() != null && (!r.versionFile().matches(VERSION_FILE_PATTERN)
                || r.versionFile().matches(".*/\\.\\.?(/.*)?"))) {
            throw new IOException(file + ": \"version_file\" must be an absolute path in the image: " + r.versionFile());
        }
        if (r.suite() != null && !r.suite().matches("[a-z][a-z0-9-]{1,31}")) {
            throw new IOException(file + ": not a Debian suite name: " + r.suite());
        }
        return new Recipe(r.description(), List.copyOf(r.packages()), r.versionPackage(),
                r.customizeHooks() == null ? List.of() : List.copyOf(r.customizeHooks()), r.suite(), r.versionFile());
    }

    /**
     * The runtime's version in {@code rootfs}: the first line of the version file if the recipe names one, else the
     * upstream part of the version package's Debian version; null if neither is there. The version file is read
     * without following symbolic links (an imported rootfs is untrusted) and must hold a plain version string.
     */
    public String version(Path rootfs) throws IOException {
        if (versionFile != null) {
            return readVersionFile(rootfs, versionFile);
        }
        String v = DpkgStatus.version(rootfs, versionPackage);
        return v == null ? null : DpkgStatus.upstream(v);
    }

    static String readVersionFile(Path rootfs, String versionFile) throws IOException {
        Path p = rootfs;
        for (String part : versionFile.substring(1).split("/")) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new IOException("version file " + versionFile + " goes through a symbolic link");
            }
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.size(p) > 256) {
            throw new IOException("version file " + versionFile + " is larger than 256 bytes");
        }
        String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        String first = text.lines().findFirst().orElse("").strip();
        if (!first.matches(VERSION_PATTERN)) {
            throw new IOException("version file " + versionFile + " does not hold a version: '"
                    + (first.length() > 64 ? first.substring(0, 64) + "..." : first) + "'");
        }
        return first;
    }
}
