package io.kerat.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BalancerSettingsTest {
    @Test
    void offByDefaultWithoutDrainGrace() {
        BalancerSettings b = BalancerSettings.from(Map.of());
        assertFalse(b.agentOn());
        assertEquals(BalancerSettings.NONE, b);
    }

    @Test
    void theAgentBringsADefaultDrainGrace() {
        BalancerSettings b = BalancerSettings.from(Map.of("KERAT_AGENT_LISTEN", "0.0.0.0:31416"));
        assertTrue(b.agentOn());
        assertEquals("0.0.0.0", b.agentHost());
        assertEquals(31416, b.agentPort());
        assertEquals(BalancerSettings.DEFAULT_DRAIN_GRACE_MS, b.drainGraceMs());
        assertEquals(0, BalancerSettings.from(Map.of("KERAT_AGENT_LISTEN", "[::1]:9", "KERAT_DRAIN_GRACE_MS", "0")).drainGraceMs());
        assertEquals("::1", BalancerSettings.from(Map.of("KERAT_AGENT_LISTEN", "[::1]:9")).agentHost());
        // a drain grace without the agent: for a balancer that only uses the HTTP check
        assertEquals(6000, BalancerSettings.from(Map.of("KERAT_DRAIN_GRACE_MS", "6_000")).drainGraceMs());
    }

    @Test
    void badValuesNameTheKey() {
        for (String bad : new String[] {"31416", "host:", "host:0", "host:65536", "host:x"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> BalancerSettings.from(Map.of("KERAT_AGENT_LISTEN", bad)), bad);
            assertTrue(e.getMessage().startsWith("agent_listen (KERAT_AGENT_LISTEN): "), e.getMessage());
        }
        for (String bad : new String[] {"-1", "600001", "soon"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> BalancerSettings.from(Map.of("KERAT_DRAIN_GRACE_MS", bad)), bad);
            assertTrue(e.getMessage().startsWith("drain_grace_ms (KERAT_DRAIN_GRACE_MS): "), e.getMessage());
        }
    }

    @Test
    void yamlKeysAndTheEnvironmentOverridingThem(@TempDir Path d) throws Exception {
        Path f = Files.writeString(d.resolve("k.yaml"), "agent_listen: 127.0.0.1:31416\ndrain_grace_ms: 3000\n");
        Map<String, String> m = new HashMap<>(ConfigFile.load(f));
        assertEquals(new BalancerSettings("127.0.0.1:31416", 3000), BalancerSettings.from(m));
        m.put("KERAT_DRAIN_GRACE_MS", "500");
        assertEquals(500, BalancerSettings.from(m).drainGraceMs());
        // and the settings themselves accept the file (no unknown key)
        ConfigFileTest.settings(f, Map.of());
    }
}
