package io.kerat.it;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11: {@code require_token: true} makes the loopback TCP listener ask for the token too; default unchanged. */
class LoopbackTokenIT {
    static final String TOKEN = "loopback-secret-4d1c";

    @Test
    void requireTokenOnLoopback() throws Exception {
        try (SpawnedDaemon d = SpawnedDaemon.start("token", Map.of("KERAT_REQUIRE_TOKEN", "true", "KERAT_TOKEN", TOKEN))) {
            HttpResponse<String> without = d.post("/api/v1/runs", SpawnedDaemon.RUN, Duration.ofSeconds(30));
            assertEquals(401, without.statusCode(), without.body());
            assertTrue(without.body().contains("\"unauthorized\""), without.body());
            HttpResponse<String> wrong = d.get("/api/v1/runtimes", Duration.ofSeconds(10), "Authorization", "Bearer nope");
            assertEquals(401, wrong.statusCode(), wrong.body());
            assertEquals(401, d.get("/metrics", Duration.ofSeconds(10)).statusCode());
            HttpResponse<String> runtimes = d.get("/api/v1/runtimes", Duration.ofSeconds(10), "Authorization", "Bearer " + TOKEN);
            assertEquals(200, runtimes.statusCode(), runtimes.body());
            d.pythonRun("Authorization", "Bearer " + TOKEN);
            d.healthMillis(Duration.ofSeconds(5)); // health stays open, for probes
        }
    }

    @Test
    void byDefaultLoopbackNeedsNoToken() throws Exception {
        try (SpawnedDaemon d = SpawnedDaemon.start("notoken", Map.of("KERAT_TOKEN", TOKEN))) {
            assertEquals(200, d.get("/api/v1/runtimes", Duration.ofSeconds(10)).statusCode());
        }
    }

    @Test
    void requireTokenWithoutATokenRefusesToStart() throws Exception {
        ItSupport.requireSandbox();
        Path home = ItSupport.settings().home();
        Path dir = Files.createTempDirectory("kerat-notoken");
        Path config = Files.writeString(dir.resolve("kerat.yaml"), "require_token: true\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-jar", home.resolve("daemon/target/kerat.jar").toString(), "serve", "--listen",
                "127.0.0.1:" + SpawnedDaemon.freePort()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("KERAT_TOKEN");
        pb.environment().put("KERAT_CONFIG", config.toString());
        pb.environment().put("KERAT_DATA_DIR", dir.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertNotEquals(0, p.exitValue(), out);
        assertTrue(out.contains("require_token") && out.contains("needs a token"), out);
        io.kerat.image.ImageStore.deleteTree(dir);
    }
}
