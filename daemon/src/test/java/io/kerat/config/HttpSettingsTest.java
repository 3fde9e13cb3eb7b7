package io.kerat.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpSettingsTest {
    static Settings env(Map<String, String> env) {
        Map<String, String> m = new java.util.HashMap<>(env);
        m.putIfAbsent("KERAT_HOME", "/opt/kerat");
        return Settings.fromEnvironment(m);
    }

    @Test
    void theShippedFileMeansTheDefaults() {
        Settings s = ConfigFileTest.settings(ConfigFileTest.SHIPPED, Map.of());
        assertEquals(HttpSettings.defaults(s.maxRequestBytes()), s.http());
        assertEquals(Math.max(Runtime.getRuntime().maxMemory() / 4, s.maxRequestBytes()), s.http().maxInflightBytes());
        assertEquals(30_000, s.http().requestTimeoutMs());
        assertEquals(60_000, s.http().idleTimeoutMs());
        assertEquals(4096, s.http().maxConnections());
        assertFalse(s.http().requireToken());
    }

    @Test
    void yamlKeysAndEnvironment(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "require_token: yes\nhttp:\n  max_inflight_bytes: 67108864\n"
                + "  request_timeout_ms: 5000\n  idle_timeout_ms: 7000\n  response_timeout_ms: 9000\n  max_connections: 10\n");
        HttpSettings h = ConfigFileTest.settings(f, Map.of()).http();
        assertEquals(new HttpSettings(64L << 20, 5000, 7000, 9000, 10, true), h);
        assertEquals(11, ConfigFileTest.settings(f, Map.of("KERAT_HTTP_MAX_CONNECTIONS", "11")).http().maxConnections());
        assertFalse(ConfigFileTest.settings(f, Map.of("KERAT_REQUIRE_TOKEN", "false")).http().requireToken());
    }

    @Test
    void nonsenseIsRefusedNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> env(Map.of("KERAT_REQUIRE_TOKEN", "maybe")));
        assertTrue(e.getMessage().contains("require_token") && e.getMessage().contains("true or false"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> env(Map.of("KERAT_HTTP_IDLE_TIMEOUT_MS", "0")));
        assertTrue(e.getMessage().contains("http.idle_timeout_ms"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> env(Map.of("KERAT_HTTP_MAX_CONNECTIONS", "-5")));
        assertTrue(e.getMessage().contains("http.max_connections"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> env(Map.of("KERAT_HTTP_REQUEST_TIMEOUT_MS", "soon")));
        assertTrue(e.getMessage().contains("http.request_timeout_ms") && e.getMessage().contains("integer"), e.getMessage());
        // a budget below one request of the allowed size could never receive it
        e = assertThrows(ConfigException.class, () -> env(Map.of("KERAT_HTTP_MAX_INFLIGHT_BYTES", String.valueOf(8L << 20))));
        assertTrue(e.getMessage().contains("http.max_inflight_bytes") && e.getMessage().contains("max_request_bytes"),
                e.getMessage());
        assertEquals(8L << 20, env(Map.of("KERAT_HTTP_MAX_INFLIGHT_BYTES", String.valueOf(8L << 20),
                "KERAT_MAX_REQUEST_BYTES", String.valueOf(4L << 20))).http().maxInflightBytes());
    }
}
