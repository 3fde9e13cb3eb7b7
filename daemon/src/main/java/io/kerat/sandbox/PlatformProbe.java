package io.kerat.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.config.Settings;
import io.kerat.image.ImageStore;
import io.kerat.util.Ids;
import io.kerat.util.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Thrown-away sandbox that tells whether a platform works on this host with this runsc: {@code /bin/sh -c 'echo'} on
 * the host's root, read-only, as nobody, no network, no cgroup. Systrap needs ptrace and seccomp traps that some
 * hosts refuse (e.g. {@code kernel.yama.ptrace_scope=3}: "unable to initialize systrap source"), which no version
 * number tells.
 */
public final class PlatformProbe {
    static final String MARK = "kerat-platform-probe-ok";
    private static final long TIMEOUT_SECONDS = 60; // a loaded 2-core host starts a sandbox in well under a second

    private PlatformProbe() {}

    /** Null when a sandbox on systrap ran and printed; else what went wrong (one line). */
    public static String systrap(Settings settings, Path runscRoot, Path workDir) {
        return run(settings.withPlatform("systrap"), runscRoot, workDir);
    }

    static String run(Settings settings, Path runscRoot, Path workDir) {
        String id = "platform-probe-" + Ids.random();
        Path bundle = workDir.resolve(id);
        Runsc runsc = new Runsc(settings, runscRoot);
        Process p = null;
        try {
            Files.createDirectories(runscRoot);
            Files.createDirectories(bundle);
            Files.write(bundle.resolve("config.json"), Json.mapper().writeValueAsBytes(spec(settings.sandboxUid())));
            // files, not pipes: a runsc that hangs cannot hold this thread past the timeout on a read
            Path out = bundle.resolve("stdout");
            Path err = bundle.resolve("stderr");
            p = new ProcessBuilder(runsc.runArgv(id, bundle)).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return "no answer within " + TIMEOUT_SECONDS + " s";
            }
            if (p.exitValue() == 0 && Files.readString(out, StandardCharsets.UTF_8).contains(MARK)) {
                return null;
            }
            String text = Files.readString(err, StandardCharsets.UTF_8) + "\n" + Files.readString(out, StandardCharsets.UTF_8);
            return "exit " + p.exitValue() + ": " + summary(text);
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (p != null && p.isAlive()) {
                runsc.killAll(id);
                p.destroyForcibly();
            }
            if (runsc.hasState(id)) {
                runsc.deleteForce(id); // nothing left of a probe that failed half-way
            }
            try {
                ImageStore.deleteTree(bundle);
            } catch (IOException ignored) {
                // under the process's own state dir, removed with it
            }
        }
    }

    /** The line that says what failed: a Go panic's message (its stack follows it), else the last line. */
    static String summary(String text) {
        List<String> lines = text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "no output";
        }
        String l = lines.stream().filter(x -> x.startsWith("panic:")).findFirst().orElse(lines.get(lines.size() - 1));
        return l.length() > 200 ? l.substring(0, 200) + "..." : l;
    }

    /** config.json of the probe: the host's root read-only, a small /tmp, pid/ipc/uts/mount namespaces. */
    static ObjectNode spec(int uid) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("ociVersion", "1.0.2");
        ObjectNode proc = s.putObject("process");
        proc.put("terminal", false);
        proc.putObject("user").put("uid", uid).put("gid", uid);
        proc.putArray("args").add("/bin/sh").add("-c").add("echo " + MARK);
        proc.putArray("env").add("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
        proc.put("cwd", "/");
        s.putObject("root").put("path", "/").put("readonly", true);
        s.put("hostname", "kerat-probe");
        ArrayNode mounts = s.putArray("mounts");
        mounts.addObject().put("destination", "/proc").put("type", "proc").put("source", "proc");
        mounts.addObject().put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs")
                .putArray("options").add("size=1m").add("mode=1777");
        ArrayNode ns = s.putObject("linux").putArray("namespaces");
        for (String n : List.of("pid", "ipc", "uts", "mount")) {
            ns.addObject().put("type", n);
        }
        return s;
    }
}
