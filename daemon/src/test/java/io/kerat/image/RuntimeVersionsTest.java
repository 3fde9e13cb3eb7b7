package io.kerat.image;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeVersionsTest {
    private static ImageInfo img(String name, String version) {
        return new ImageInfo(name, version, "sha256:x", "2026-01-01T00:00:00Z", 1, "k", "built", 1L, null);
    }

    private static final List<ImageInfo> ALL = List.of(img("python", "3.13.5"), img("python@3.11", "3.11.2"),
            img("go", "1.24"), img("pythonista", "9.9"));

    private static RuntimeVersions python(String adminDefault) {
        return new RuntimeVersions("python", ALL, adminDefault);
    }

    @Test
    void listsOnlyTheLanguagesImagesNewestFirstWithTheUntaggedOneAsDefault() {
        RuntimeVersions v = python(null);
        assertEquals(List.of("3.13.5", "3.11.2"), v.installed().stream().map(RuntimeVersions.Installed::version).toList());
        assertTrue(v.installed().get(0).isDefault());
        assertFalse(v.installed().get(1).isDefault());
        assertEquals("3.13.5 (default), 3.11.2", v.describe());
    }

    @Test
    void picksByExactVersionPrefixTagOrStar() throws Exception {
        RuntimeVersions v = python(null);
        assertEquals("python", v.pick(null).image().name());
        assertEquals("python", v.pick("*").image().name());
        assertEquals("python@3.11", v.pick("3.11.2").image().name());
        assertEquals("python@3.11", v.pick("3.11").image().name());
        assertEquals("python", v.pick("3.13").image().name());
        // a prefix matching both: the default wins
        assertEquals("python", v.pick("3").image().name());
    }

    @Test
    void aPrefixMustEndAtAComponentBoundary() {
        RuntimeVersions v = python(null);
        RuntimeVersions.UnknownVersionException e = assertThrows(RuntimeVersions.UnknownVersionException.class,
                () -> v.pick("3.1"));
        assertTrue(e.getMessage().contains("3.13.5 (default), 3.11.2"), e.getMessage());
        assertThrows(RuntimeVersions.UnknownVersionException.class, () -> v.pick("2"));
        assertThrows(RuntimeVersions.UnknownVersionException.class, () -> v.pick("3.13.50"));
        assertTrue(RuntimeVersions.matchesPrefix("1.24~2", "1.24"));
        assertFalse(RuntimeVersions.matchesPrefix("1.245", "1.24"));
    }

    @Test
    void theAdminsDefaultWinsWhenInstalledAndIsIgnoredOtherwise() throws Exception {
        assertEquals("python@3.11", python("3.11").pick(null).image().name());
        assertEquals("python", python("3").pick(null).image().name(), "the newest match of the admin's prefix");
        assertEquals("python", python("2.7").pick(null).image().name(), "not installed: the untagged image");
    }

    @Test
    void withoutAnUntaggedImageTheNewestIsTheDefault() throws Exception {
        RuntimeVersions v = new RuntimeVersions("python", List.of(img("python@3.9", "3.9.2"), img("python@3.11", "3.11.2")), null);
        assertEquals("python@3.11", v.pick(null).image().name());
        assertEquals("python@3.9", v.pick("3.9").image().name());
        assertTrue(new RuntimeVersions("ruby", ALL, null).isEmpty());
    }

    @Test
    void comparesNumerically() {
        assertTrue(RuntimeVersions.compare("3.13.5", "3.9.1") > 0);
        assertTrue(RuntimeVersions.compare("1.24", "1.24~2") < 0);
        assertEquals(0, RuntimeVersions.compare("21.0.5", "21.0.5"));
    }
}
