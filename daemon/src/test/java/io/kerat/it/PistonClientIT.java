package io.kerat.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 13: the npm package {@code piston-client}, unchanged, against a spawned daemon (tools/piston-client-check:
 * runtimes, execute python, files + stdin + args, c with a compile error). npm's cache lives under
 * /var/cache/kerat/npm so reruns install offline.
 */
class PistonClientIT {
    static final Path NPM_CACHE = Path.of("/var/cache/kerat/npm");

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(Path dir, long minutes, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("npm_config_cache", NPM_CACHE.toString());
        pb.environment().put("npm_config_update_notifier", "false");
        Process p = pb.start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes(); // the tools end by themselves; the wait below bounds a hung one
        }
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in " + minutes + " min");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.println("$ " + String.join(" ", cmd) + "\n" + text);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + text);
        return text;
    }

    @Test
    void realPistonClientWorksUnchanged() throws Exception {
        String why = "node and npm are not installed: the piston-client check needs them (CI installs nodejs and npm)";
        if ("true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.assertTrue(onPath("node") && onPath("npm"), why); // never skipped in CI
        }
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), why);
        ItSupport.daemon("python", "c");
        Path tool = ItSupport.settings().home().resolve("tools/piston-client-check");
        Path work = Files.createTempDirectory("kerat-piston-client");
        for (String f : List.of("package.json", "package-lock.json", "check.mjs")) {
            Files.copy(tool.resolve(f), work.resolve(f));
        }
        Files.createDirectories(NPM_CACHE);
        try (SpawnedDaemon d = SpawnedDaemon.start("piston", Map.of())) {
            run(work, 5, List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"));
            String out = run(work, 5, List.of("node", "check.mjs", d.base.toString()));
            assertEquals(true, out.contains("all checks passed"), out);
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
