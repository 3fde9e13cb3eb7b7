package io.kerat.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.image.ImageInfo;
import io.kerat.image.ImageStore;
import io.kerat.oci.SandboxSpec;
import io.kerat.oci.SpecBuilder;
import io.kerat.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python hello-world without the daemon, the floors its series are measured against: (a) bare {@code runsc run}
 * of a bundle built once by hand, with the daemon's runsc, platform and flags; (c) {@code python3} natively on the
 * host. Measures; prints nothing.
 */
final class Baselines {
    private Baselines() {}

    /** {@code python3 -c "print('hello')"} on the host, {@code n} times in a row. */
    static Benchmark.Stats nativePython(int n) throws Exception {
        List<Double> ms = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            String py = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            Process p = new ProcessBuilder(py, "-c", "print('hello')").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        return new Benchmark.Stats(ms, (System.nanoTime() - t0) / 1e9);
    }

    /** `runsc run` of a bundle built once by hand: no cgroup setup, no tmpfs per run, no stats. */
    static Benchmark.Stats bareRunsc(Settings settings, ImageInfo python, int n) throws Exception {
        Path dir = Files.createTempDirectory("kerat-bench-bundle");
        Path root = Files.createTempDirectory("kerat-bench-root");
        SpecBuilder b = new SpecBuilder(SpecBuilder.loadSeccomp(new Layout(settings).seccompProfile("nosocket")));
        SandboxSpec spec = new SandboxSpec(python.rootfs(), List.of("python3", "-c", "print('hello')"),
                SpecBuilder.baseEnv(), "/tmp", settings.sandboxUid(), List.of(), 64L << 20, 64, 256, 16L << 20, "", "bench");
        var node = b.build(spec);
        ((ObjectNode) node.path("linux")).remove("cgroupsPath");
        Files.write(dir.resolve("config.json"), Json.mapper().writeValueAsBytes(node));
        List<Double> ms = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                List<String> argv = new ArrayList<>(List.of(settings.runscPath(), "--root=" + root, "--network=none",
                        "--oci-seccomp", "--platform=" + settings.platform()));
                argv.addAll(settings.runscFlags());
                argv.addAll(List.of("run", "--bundle=" + dir, "bench" + i));
                long t = System.nanoTime();
                Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0 || !out.contains("hello")) {
                    throw new IOException("bare runsc run failed: " + out);
                }
                ms.add((System.nanoTime() - t) / 1e6);
            }
        } finally {
            ImageStore.deleteTree(dir);
            ImageStore.deleteTree(root);
        }
        return new Benchmark.Stats(ms, (System.nanoTime() - t0) / 1e9);
    }
}
