package io.kerat.sandbox;

import io.kerat.config.Settings;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Builds runsc argv (the same global flags for every subcommand) and runs the short housekeeping commands. */
public final class Runsc {
    private final Settings settings;
    private final Path root;

    public Runsc(Settings settings, Path root) {
        this.settings = settings;
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public List<String> global() {
        List<String> argv = new ArrayList<>();
        argv.add(settings.runscPath());
        argv.add("--root=" + root);
        argv.add("--network=none");
        argv.add("--oci-seccomp");
        argv.add("--platform=" + settings.platform());
        argv.addAll(settings.runscFlags());
        return argv;
    }

    public List<String> runArgv(String id, Path bundle) {
        List<String> argv = global();
        argv.add("run");
        argv.add("--bundle=" + bundle);
        argv.add(id);
        return argv;
    }

    /** SIGKILL to every process of the container; false if runsc refused (e.g. not created yet). */
    public boolean killAll(String id) {
        List<String> argv = global();
        argv.addAll(List.of("kill", "--all", id, "KILL"));
        return quiet(argv, 10);
    }

    /** Sends {@code signal} to the container's init (pid 1) only. */
    public boolean signalInit(String id, String signal) {
        List<String> argv = global();
        argv.addAll(List.of("kill", id, signal));
        return quiet(argv, 10);
    }

    /** Removes the container's state and cgroups whatever its state; idempotent. */
    public boolean deleteForce(String id) {
        List<String> argv = global();
        argv.addAll(List.of("delete", "--force", id));
        return quiet(argv, 20);
    }

    /** True while runsc keeps state for {@code id} in the root. */
    public boolean hasState(String id) {
        return containers().contains(id);
    }

    /** Container ids with state files in this daemon's root. */
    public Set<String> containers() {
        Set<String> ids = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                int us = n.indexOf('_');
                if (n.endsWith(".state") && us > 0) {
                    ids.add(n.substring(0, us));
                }
            }
        } catch (IOException ignored) {
            // no root yet
        }
        return ids;
    }

    /** `runsc --version`, first line, or null when runsc cannot be run. */
    public String version() {
        try {
            Process p = new ProcessBuilder(settings.runscPath(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out.lines().findFirst().orElse("").trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean quiet(List<String> argv, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
