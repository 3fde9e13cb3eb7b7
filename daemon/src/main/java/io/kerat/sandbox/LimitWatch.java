package io.kerat.sandbox;

import io.kerat.cgroup.CgroupException;
import io.kerat.cgroup.CgroupStats;
import io.kerat.cgroup.Cgroups;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches a released sandbox's limits while it runs: its stdin fed, the wall clock, the cgroup's CPU and OOM
 * counters and cancellation polled until {@code runsc run} ends (the sandbox killed on a limit), then its result
 * read from the exit status, the output and the cgroup's counters.
 */
record LimitWatch(Settings settings, Cgroups cgroups, ExecutorService io, Teardown teardown) {
    /** {@link SandboxRunner}'s: the log lines are the same as before this class was split from it. */
    private static final Logger LOG = LoggerFactory.getLogger(SandboxRunner.class);
    private static final long POLL_MS = 10;
    /** The OOM counter is read every this many polls (100 ms): a sandbox stalled by an OOM kill costs nothing meanwhile. */
    private static final int OOM_POLL_EVERY = 10;

    /** Runs a started sandbox to its end, as {@link SandboxRunner#finish} describes. */
    SandboxResult supervise(SandboxRunner.Started st, byte[] release, byte[] stdin, CancelToken cancel,
            StageStreams live) throws IOException {
        Limits l = st.limits;
        String id = st.id();
        Process p = st.process;
        AtomicReference<Termination> cause = st.cause;
        CappedCapture out = st.out;
        CappedCapture err = st.err;
        Runnable killer = () -> teardown.kill(id, p);
        long start = st.startNanos;
        long cpuBase = 0;
        CgroupStats base = CgroupStats.EMPTY;
        if (release != null) {
            start = System.nanoTime();
            try {
                cgroups.resetPeak(id);
                base = cgroups.stats(id);
                cpuBase = base.cpuNanos();
            } catch (CgroupException e) {
                LOG.warn("cannot read the baseline of pooled sandbox {}: {}", id, e.getMessage());
            }
        }
        byte[] input = stdin == null ? new byte[0] : stdin;
        if (release != null) {
            byte[] both = new byte[release.length + input.length];
            System.arraycopy(release, 0, both, 0, release.length);
            System.arraycopy(input, 0, both, release.length, input.length);
            input = both;
        }
        final byte[] feedBytes = input;
        Future<?> fi = live != null && live.streamsStdin()
                ? io.submit(() -> pump(p.getOutputStream(), feedBytes, live))
                : io.submit(() -> feed(p.getOutputStream(), feedBytes));
        cancel.onCancel(() -> {
            if (cause.compareAndSet(null, Termination.CANCELLED)) {
                io.execute(killer);
            }
        });

        long wallDeadline = start + TimeUnit.MILLISECONDS.toNanos(l.wallTimeMs());
        long cpuLimitNs = TimeUnit.MILLISECONDS.toNanos(l.cpuTimeMs()) + cpuBase;
        boolean killed = false;
        long oomBase = base.oomKills();
        int polls = 0;
        try {
            while (!p.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
                Termination reason = cause.get();
                if (reason == null) {
                    if (System.nanoTime() >= wallDeadline) {
                        reason = Termination.WALL_TIME;
                    } else if (cpuOver(id, cpuLimitNs)) {
                        reason = Termination.CPU_TIME;
                    } else if (++polls % OOM_POLL_EVERY == 0 && oomKilled(id, oomBase)) {
                        // systrap: the OOM killer took the guest's stub and the sandbox would hang to the wall limit
                        reason = Termination.MEMORY;
                    }
                    if (reason != null && !cause.compareAndSet(null, reason)) {
                        reason = cause.get();
                    }
                }
                if (reason != null && !killed) {
                    killed = true;
                    teardown.kill(id, p);
                }
                if (killed && System.nanoTime() > wallDeadline + TimeUnit.SECONDS.toNanos(10)) {
                    p.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cause.compareAndSet(null, Termination.CANCELLED);
            teardown.kill(id, p);
        }
        long wall = System.nanoTime() - start;
        int exit = Teardown.exitValue(p);
        if (live != null) {
            try {
                live.processEnded();
            } catch (RuntimeException e) {
                LOG.warn("stage listener failed", e);
            }
        }
        Teardown.join(st.outDone);
        Teardown.join(st.errDone);
        fi.cancel(true);

        // Teardown takes a moment after runsc returns: stats are final once the cgroup is empty.
        awaitEmpty(id, Duration.ofSeconds(5));
        CgroupStats stats;
        try {
            CgroupStats raw = cgroups.stats(id);
            stats = new CgroupStats(Math.max(0, raw.cpuNanos() - cpuBase), raw.peakMemoryBytes(),
                    Math.max(0, raw.oomKills() - base.oomKills()), Math.max(0, raw.limitHits() - base.limitHits()));
        } catch (CgroupException e) {
            LOG.warn("cannot read stats of {}: {}", id, e.getMessage());
            stats = CgroupStats.EMPTY;
        }

        Termination t = cause.get();
        String message = null;
        if (stats.oomKills() > 0 && (t == null || t == Termination.OUTPUT || t == Termination.CPU_TIME)) {
            t = Termination.MEMORY;
        }
        if (t == null) {
            t = Termination.EXITED;
            if (exit == 128 || exit == 255 || exit < 0) {
                // runsc's own failure codes: look at what it said on stderr
                String tail = new String(err.bytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (RunscFailure.isRunscError(tail)) {
                    t = Termination.START_FAILED;
                    message = RunscFailure.explain(tail);
                    LOG.warn("sandbox {} did not start: {}", id, tail.strip());
                }
            }
        }
        Integer signal = exit > 128 && exit < 160 ? exit - 128 : null;
        return new SandboxResult(t, exit, signal, out.bytes(), err.bytes(), out.truncated(), err.truncated(),
                wall, stats.cpuNanos(), stats.peakMemoryBytes(), stats.oomKills(), stats.limitHits(), message);
    }

    /**
     * Whether the kernel OOM-killed a task of the sandbox since {@code base}, on systrap only: there the OOM kill of
     * the guest's stub leaves the sandbox hanging, so it is ended as memory_limit at once. On ptrace the sandbox goes
     * on after an OOM kill (a fork bomb's parent sleeps on: time_limit, as before), and the verdict comes from the
     * counters at the end. False when the counter cannot be read.
     */
    boolean oomKilled(String id, long base) {
        if (!"systrap".equals(settings.platform())) {
            return false;
        }
        try {
            return cgroups.oomKills(id) > base;
        } catch (CgroupException e) {
            return false;
        }
    }

    private boolean cpuOver(String id, long limitNs) {
        try {
            return cgroups.cpuNanos(id) > limitNs;
        } catch (CgroupException e) {
            return false;
        }
    }

    private void awaitEmpty(String id, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!cgroups.pids(id).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void feed(OutputStream stdin, byte[] data) {
        try (stdin) {
            if (data != null && data.length > 0) {
                stdin.write(data);
            }
        } catch (IOException ignored) {
            // the program closed its stdin or ended: not an error
        }
    }

    /** Writes {@code first} (a pooled sandbox's release line, if any), then stdin as the client sends it. */
    private static void pump(OutputStream stdin, byte[] first, StageStreams live) {
        try (stdin) {
            if (first != null && first.length > 0) {
                stdin.write(first);
                stdin.flush();
            }
            live.pumpStdin(stdin);
        } catch (IOException ignored) {
            // the program closed its stdin or ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the sandbox ended
        }
    }
}
