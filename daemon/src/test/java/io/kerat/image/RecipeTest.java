package io.kerat.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recipe parsing and the runtime version it reads from a rootfs (version_package or version_file). */
class RecipeTest {

    private static Path recipe(Path dir, String json) throws IOException {
        Path f = dir.resolve("image.json");
        Files.writeString(f, json);
        return f;
    }

    private static Path rootfs(Path dir) throws IOException {
        Path root = dir.resolve("rootfs");
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"),
                "Package: openjdk-21-jdk-headless\nStatus: install ok installed\nVersion: 21.0.9+10-1\n\n");
        return root;
    }

    @Test
    void versionPackageGivesTheUpstreamDebianVersion(@TempDir Path dir) throws IOException {
        Recipe r = Recipe.load(recipe(dir, "{\"packages\":[\"openjdk-21-jdk-headless\"],"
                + "\"version_package\":\"openjdk-21-jdk-headless\"}"));
        assertNull(r.versionFile());
        assertEquals("21.0.9", r.version(rootfs(dir)));
    }

    @Test
    void versionFileWinsOverTheVersionPackage(@TempDir Path dir) throws IOException {
        Recipe r = Recipe.load(recipe(dir, "{\"packages\":[\"openjdk-21-jdk-headless\"],"
                + "\"version_package\":\"openjdk-21-jdk-headless\",\"version_file\":\"/usr/local/lib/kotlin/VERSION\"}"));
        Path root = rootfs(dir);
        assertNull(r.version(root), "no file yet: unknown");
        Files.createDirectories(root.resolve("usr/local/lib/kotlin"));
        Files.writeString(root.resolve("usr/local/lib/kotlin/VERSION"), "2.4.21\nanything else\n");
        assertEquals("2.4.21", r.version(root));
    }

    @Test
    void versionFileAloneIsEnough(@TempDir Path dir) throws IOException {
        Recipe r = Recipe.load(recipe(dir, "{\"packages\":[\"openjdk-21-jdk-headless\"],\"version_file\":\"/VERSION\"}"));
        Path root = rootfs(dir);
        Files.writeString(root.resolve("VERSION"), "  1.2.3-rc1  \n");
        assertEquals("1.2.3-rc1", r.version(root));
    }

    @Test
    void neitherVersionPackageNorVersionFileIsRefused(@TempDir Path dir) throws IOException {
        Path f = recipe(dir, "{\"packages\":[\"jq\"]}");
        IOException e = assertThrows(IOException.class, () -> Recipe.load(f));
        assertTrue(e.getMessage().contains("version_package"), e.getMessage());
    }

    @Test
    void versionFileMustBeAPlainAbsolutePath(@TempDir Path dir) throws IOException {
        for (String bad : new String[]{"VERSION", "/usr/../etc/shadow", "/usr/./VERSION", "/", "/a//b", "/a b"}) {
            Path f = recipe(dir, "{\"packages\":[\"jq\"],\"version_file\":\"" + bad + "\"}");
            assertThrows(IOException.class, () -> Recipe.load(f), bad);
        }
    }

    @Test
    void versionFileThroughASymbolicLinkIsRefused(@TempDir Path dir) throws IOException {
        Path outside = dir.resolve("secret");
        Files.writeString(outside, "hostsecret\n");
        Path root = rootfs(dir);
        Files.createDirectories(root.resolve("usr"));
        Files.createSymbolicLink(root.resolve("usr/VERSION"), outside);
        Files.createSymbolicLink(root.resolve("lib"), dir);
        assertThrows(IOException.class, () -> Recipe.readVersionFile(root, "/usr/VERSION"));
        assertThrows(IOException.class, () -> Recipe.readVersionFile(root, "/lib/secret"));
    }

    @Test
    void versionFileMustHoldAVersion(@TempDir Path dir) throws IOException {
        Path root = rootfs(dir);
        Files.writeString(root.resolve("V1"), "not a version; rm -rf\n");
        Files.writeString(root.resolve("V2"), "1".repeat(300));
        assertThrows(IOException.class, () -> Recipe.readVersionFile(root, "/V1"));
        assertThrows(IOException.class, () -> Recipe.readVersionFile(root, "/V2"));
    }
}
