package io.kerat.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code kerat.yaml} as an admin may (mis)write it: {@link ConfigFile#load} and {@link Settings#fromEnvironment(Map)}
 * give settings or a {@link ConfigException} naming the key, never another exception (a stack trace at start-up
 * instead of a message).
 */
@Tag("fuzz")
@Timeout(10)
class ConfigFileFuzzTest {
    private static Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("kerat-fuzz-config-");
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("kerat.yaml"));
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "5m")
    void kerat_yaml(byte[] yaml) throws IOException {
        Path f = Files.write(dir.resolve("kerat.yaml"), yaml);
        try {
            Map<String, String> env = new HashMap<>(ConfigFile.load(f));
            env.putIfAbsent("KERAT_HOME", "/opt/kerat");
            Settings s = Settings.fromEnvironment(env);
            s.limitsFor("python", "run");
            s.limitsFor("c", "compile");
        } catch (ConfigException expected) {
            // the message names the key
        }
    }
}
