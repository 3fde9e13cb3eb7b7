package io.kerat.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {
    static final Path SHIPPED = Path.of(System.getProperty("user.dir")).getParent().resolve("systemd/kerat.yaml");

    static Settings settings(Path yaml, Map<String, String> env) {
        Map<String, String> m = new HashMap<>(ConfigFile.load(yaml));
        m.putAll(env);
        m.putIfAbsent("KERAT_HOME", "/opt/kerat");
        return Settings.fromEnvironment(m);
    }

    @Test
    void anEmptySocketMeansNone() {
        // KERAT_SOCKET= (or socket: "") once made serve fail with a NullPointerException's message
        assertNull(settings(SHIPPED, Map.of("KERAT_SOCKET", "")).socket());
        assertNull(settings(SHIPPED, Map.of("KERAT_SOCKET", "  ")).socket());
        assertEquals("/tmp/k.sock", settings(SHIPPED, Map.of("KERAT_SOCKET", "/tmp/k.sock")).socket());
    }

    @Test
    void theShippedFileIsValidAndMeansTheDefaults() {
        Settings s = settings(SHIPPED, Map.of());
        assertEquals("127.0.0.1:31415", s.listen());
        assertEquals("/run/kerat/kerat.sock", s.socket());
        assertEquals(2, s.concurrency());
        assertEquals(Limits.runDefaults(), s.runDefaults());
        assertEquals(Limits.runMaximum(), s.runMaximum());
        assertEquals(List.of(), s.runscFlags());
        assertEquals("auto", s.platform());
        assertEquals(60000L, s.limitsFor("go", "compile").defaults().cpuTimeMs());
        assertEquals(Limits.compileDefaults(), s.limitsFor("c", "compile").defaults());
    }

    @Test
    void environmentOverridesTheFile(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "concurrency: 3\n");
        assertEquals(3, settings(f, Map.of()).concurrency());
        assertEquals(7, settings(f, Map.of("KERAT_CONCURRENCY", "7")).concurrency());
    }

    @Test
    void unknownKeyIsNamed(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "concurency: 3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(f));
        assertTrue(e.getMessage().contains("unknown key 'concurency'"), e.getMessage());
        Path g = Files.writeString(d.resolve("g.yaml"), "limits:\n  run:\n    defualt:\n      memory_bytes: 5\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> ConfigFile.load(g));
        assertTrue(e2.getMessage().contains("limits.run.defualt.memory_bytes"), e2.getMessage());
    }

    @Test
    void badValuesNameTheKeyAndTheReason(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "queue: lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> settings(f, Map.of()));
        assertTrue(e.getMessage().contains("queue (KERAT_QUEUE): must be an integer, got 'lots'"), e.getMessage());
        Path g = Files.writeString(d.resolve("g.yaml"), "limits:\n  run:\n    max:\n      memory_bytes: 1\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> settings(g, Map.of()));
        assertTrue(e2.getMessage().contains("limits.run.max.memory_bytes"), e2.getMessage());
        Path h = Files.writeString(d.resolve("h.yaml"), "runsc:\n  platform: docker\n");
        assertThrows(ConfigException.class, () -> settings(h, Map.of()));
        Path i = Files.writeString(d.resolve("i.yaml"), "data_dir: relative/dir\n");
        assertThrows(ConfigException.class, () -> settings(i, Map.of()));
        Path j = Files.writeString(d.resolve("j.yaml"), "listen: [a, b]\n");
        assertThrows(ConfigException.class, () -> ConfigFile.load(j));
    }

    /** Found by ConfigFileFuzzTest: a NUL in a path ("\0" in a YAML string) was an InvalidPathException. */
    @Test
    void aPathWithNulIsAConfigError(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "cache_dir: \"/var/cache/\\0kerat\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> settings(f, Map.of()));
        assertTrue(e.getMessage().startsWith("cache_dir (KERAT_CACHE_DIR): not a path"), e.getMessage());
        Path g = Files.writeString(d.resolve("g.yaml"), "home: \"/opt/\\0\"\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> settings(g, Map.of()));
        assertTrue(e2.getMessage().startsWith("home (KERAT_HOME): not a path"), e2.getMessage());
    }

    @Test
    void perLanguageOverridesAndStageLimits(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), String.join("\n",
                "limits:",
                "  run:",
                "    default: {memory_bytes: 134217728}",
                "languages:",
                "  java:",
                "    run:",
                "      default: {memory_bytes: 536870912, processes: 128}",
                "      max: {memory_bytes: 1073741824}",
                ""));
        Settings s = settings(f, Map.of());
        assertEquals(134217728L, s.limitsFor("python", "run").defaults().memoryBytes());
        assertEquals(536870912L, s.limitsFor("java", "run").defaults().memoryBytes());
        assertEquals(128, s.limitsFor("java", "run").defaults().processes());
        assertEquals(1073741824L, s.limitsFor("java", "run").maximum().memoryBytes());
        assertEquals(Limits.compileDefaults(), s.limitsFor("java", "compile").defaults());
    }

    @Test
    void warmPoolSizesPerLanguage(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "pool:\n  python: 2\n  node: 0\npool_memory_bytes: 268435456\n");
        Settings s = settings(f, Map.of());
        assertEquals(Map.of("python", 2, "node", 0), s.pools());
        assertEquals(268435456L, s.poolMemoryBytes());
        assertTrue(s.pool().auto(), "the other languages stay automatic");
        Path g = Files.writeString(d.resolve("g.yaml"), "pool:\n  python: 1000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> settings(g, Map.of()));
        assertTrue(e.getMessage().contains("pool.python"), e.getMessage());
    }

    @Test
    void warmPoolIsAutomaticByDefaultAndCanBeTurnedOff(@TempDir Path d) throws Exception {
        Settings dflt = settings(Files.writeString(d.resolve("e.yaml"), "# nothing\n"), Map.of());
        assertTrue(dflt.pool().auto());
        assertEquals(Map.of(), dflt.pools());
        assertEquals(1L << 30, dflt.poolMemoryBytes());
        assertEquals(512L << 20, dflt.pool().minAvailableBytes());
        for (String off : List.of("pool: off\n", "pool: false\n", "pool:\n  auto: false\n  python: 2\n")) {
            Settings s = settings(Files.writeString(d.resolve("o.yaml"), off), Map.of());
            assertFalse(s.pool().auto(), off);
        }
        Settings a = settings(Files.writeString(d.resolve("a.yaml"), "pool: auto\npool_min_available_bytes: 1073741824\n"),
                Map.of());
        assertTrue(a.pool().auto());
        assertEquals(1L << 30, a.pool().minAvailableBytes());
        assertFalse(settings(Files.writeString(d.resolve("x.yaml"), "pool: auto\n"), Map.of("KERAT_POOL", "off")).pool().auto(),
                "the environment overrides the file");
        ConfigException e = assertThrows(ConfigException.class,
                () -> settings(Files.writeString(d.resolve("b.yaml"), "pool: sometimes\n"), Map.of()));
        assertTrue(e.getMessage().contains("pool (KERAT_POOL)") && e.getMessage().contains("auto or off"), e.getMessage());
    }

    @Test
    void defaultVersionsPerLanguage(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "default_versions:\n  python: \"3.11\"\n");
        assertEquals(Map.of("python", "3.11"), settings(f, Map.of()).defaultVersions());
        Path g = Files.writeString(d.resolve("g.yaml"), "default_versions:\n  python: \"3.11; rm\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> settings(g, Map.of()));
        assertTrue(e.getMessage().contains("default_versions.python"), e.getMessage());
    }
}
