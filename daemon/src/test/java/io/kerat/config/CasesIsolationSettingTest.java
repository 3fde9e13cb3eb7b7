package io.kerat.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cases.isolation} / {@code KERAT_CASES_ISOLATION}: sandbox by default, process on request, nothing else. */
class CasesIsolationSettingTest {
    @Test
    void defaultIsSandboxAndTheShippedFileAgrees() {
        assertEquals("sandbox", HttpSettingsTest.env(Map.of()).casesIsolation());
        assertEquals("sandbox", ConfigFileTest.settings(ConfigFileTest.SHIPPED, Map.of()).casesIsolation());
    }

    @Test
    void yamlAndEnvironment(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "cases:\n  isolation: process\n");
        assertEquals("process", ConfigFileTest.settings(f, Map.of()).casesIsolation());
        assertEquals("sandbox", ConfigFileTest.settings(f, Map.of("KERAT_CASES_ISOLATION", "sandbox")).casesIsolation());
        assertEquals("process", HttpSettingsTest.env(Map.of("KERAT_CASES_ISOLATION", "Process")).casesIsolation());
        assertEquals("process", HttpSettingsTest.env(Map.of()).withCasesIsolation("process").casesIsolation());
    }

    @Test
    void anythingElseIsRefusedNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HttpSettingsTest.env(Map.of("KERAT_CASES_ISOLATION", "threads")));
        assertTrue(e.getMessage().contains("cases.isolation") && e.getMessage().contains("sandbox or process"),
                e.getMessage());
    }
}
