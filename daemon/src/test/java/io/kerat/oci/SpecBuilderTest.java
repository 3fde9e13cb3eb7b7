package io.kerat.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.util.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecBuilderTest {
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    private static SandboxSpec sample() {
        return new SandboxSpec(Path.of("/var/lib/kerat/images/python/abc/rootfs"), List.of("python3", "main.py"),
                Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp", "LANG", "C.UTF-8"), "/workspace", 65534,
                List.of(Mount.bind("/workspace", "/var/lib/kerat/runs/j/run/fs/workspace", false),
                        Mount.bind("/kerat/runner", "/opt/kerat/runners/python", true)),
                64L << 20, 64, 256, 16L << 20, "/kerat/0123456789abcdef-run", "kerat");
    }

    @Test
    void matchesGoldenConfig() throws Exception {
        JsonNode seccomp = SpecBuilder.loadSeccomp(REPO.resolve("seccomp/nosocket.json"));
        ObjectNode spec = new SpecBuilder(seccomp).build(sample());
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/config.json")) {
            assertNotNull(in, "golden/config.json missing");
            golden = Json.mapper().readTree(in);
        }
        JsonNode built = Json.mapper().readTree(spec.toString());
        assertEquals(golden, built, () -> "differs from golden:\n" + spec.toPrettyString());
    }

    @Test
    void essentialsOfTheSandbox() throws Exception {
        ObjectNode spec = new SpecBuilder(SpecBuilder.loadSeccomp(REPO.resolve("seccomp/nosocket.json"))).build(sample());
        assertFalse(spec.path("process").path("terminal").asBoolean(true), "terminal must be false");
        assertTrue(spec.path("root").path("readonly").asBoolean());
        assertEquals(65534, spec.path("process").path("user").path("uid").asInt());
        assertTrue(spec.path("process").path("noNewPrivileges").asBoolean());
        assertEquals(0, spec.path("process").path("capabilities").path("bounding").size());
        boolean tmpSized = false;
        boolean shmSized = false;
        for (JsonNode m : spec.path("mounts")) {
            String opts = m.path("options").toString();
            if (m.path("destination").asText().equals("/tmp")) {
                tmpSized = opts.contains("size=67108864");
            }
            if (m.path("destination").asText().equals("/dev/shm")) {
                shmSized = opts.contains("size=67108864");
            }
        }
        assertTrue(tmpSized && shmSized, "tmpfs without size");
        JsonNode ns = spec.path("linux").path("namespaces");
        assertTrue(ns.toString().contains("\"network\""), "no network namespace");
        JsonNode rules = spec.path("linux").path("seccomp").path("syscalls");
        JsonNode socketRule = rules.get(0);
        assertEquals("socket", socketRule.path("names").get(0).asText());
        assertEquals("SCMP_CMP_NE", socketRule.path("args").get(0).path("op").asText());
        assertEquals(1, socketRule.path("args").get(0).path("value").asInt(), "AF_UNIX must stay allowed");
        assertFalse(rules.toString().contains("socketpair"), "socketpair is needed by runtimes");
        for (String r : new String[]{"RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_FSIZE", "RLIMIT_CORE"}) {
            assertTrue(spec.path("process").path("rlimits").toString().contains(r), r);
        }
        assertEquals("/kerat/0123456789abcdef-run", spec.path("linux").path("cgroupsPath").asText());
    }

    @Test
    void environmentIsExactlyWhatWasGiven() throws Exception {
        ObjectNode spec = new SpecBuilder(null).build(sample());
        assertEquals("[\"HOME=/tmp\",\"LANG=C.UTF-8\",\"PATH=/usr/bin:/bin\"]", spec.path("process").path("env").toString());
        assertTrue(spec.path("linux").path("seccomp").isMissingNode());
    }

    @Test
    void refusesSomethingThatIsNotAProfile() throws Exception {
        Path f = Files.createTempFile("bad", ".json");
        Files.writeString(f, "{\"syscalls\": 3}");
        assertThrows(java.io.IOException.class, () -> SpecBuilder.loadSeccomp(f));
        Files.delete(f);
    }
}
