package io.kerat.sandbox;

import io.kerat.cgroup.Cgroups;
import io.kerat.util.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Ends a sandbox and clears up after it: kills its processes, waits for {@code runsc run} and the output capture,
 * and deletes its runsc state and cgroup.
 */
record Teardown(Runsc runsc, Cgroups cgroups) {
    /** {@link SandboxRunner}'s: the log lines are the same as before this class was split from it. */
    private static final Logger LOG = LoggerFactory.getLogger(SandboxRunner.class);

    void cleanup(String id) {
        if (runsc.hasState(id)) {
            runsc.deleteForce(id);
        }
        if (!cgroups.remove(id, Duration.ofSeconds(10))) {
            LOG.warn("cgroup {} could not be removed; recovery will retry", id);
        }
    }

    /** Kills every process in the sandbox; if runsc cannot (not created yet), kills runsc itself. */
    void kill(String id, Process p) {
        if (!runsc.killAll(id)) {
            p.destroyForcibly();
        }
        for (long pid : cgroups.pids(id)) {
            // belt and braces: anything of the sandbox still in its cgroup
            Posix.kill(pid, 9);
        }
    }

    static int exitValue(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    static void join(Future<?> f) {
        try {
            f.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            f.cancel(true);
        }
    }
}
