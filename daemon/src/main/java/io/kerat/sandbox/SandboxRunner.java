package io.kerat.sandbox;

import io.kerat.cgroup.CgroupException;
import io.kerat.cgroup.CgroupStats;
import io.kerat.cgroup.Cgroups;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.oci.SandboxSpec;
import io.kerat.oci.SpecBuilder;
import io.kerat.util.Json;
import io.kerat.util.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one sandbox from start to clean end: cgroup created and limited by the daemon, config.json written,
 * {@code runsc run} started with pipes, limits watched (wall clock, cgroup CPU counter, output caps,
 * cancellation), then the sandbox killed if needed, its cgroup read and removed and its runsc state deleted.
 */
public final class SandboxRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxRunner.class);
    private static final long POLL_MS = 10;
    /** The OOM counter is read every this many polls (100 ms): a sandbox stalled by an OOM kill costs nothing meanwhile. */
    private static final int OOM_POLL_EVERY = 10;
    /** Host pipe size for the sandbox's stdout and stderr (see {@link Posix#growPipe}); the default pipe-max-size. */
    private static final int PIPE_BYTES = 1 << 20;

    private final Settings settings;
    private final Runsc runsc;
    private final Cgroups cgroups;
    private final SpecBuilder specs;
    private final ExecutorService io;

    public SandboxRunner(Settings settings, Runsc runsc, Cgroups cgroups, SpecBuilder specs) {
        this.settings = settings;
        this.runsc = runsc;
        this.cgroups = cgroups;
        this.specs = specs;
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kerat-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Cgroups cgroups() {
        return cgroups;
    }

    public Runsc runsc() {
        return runsc;
    }

    public SandboxResult run(SandboxJob job, CancelToken cancel) throws IOException {
        Started started = start(job);
        return finish(started, null, job.stdin(), cancel, job.streams());
    }

    /**
     * A sandbox whose {@code runsc run} is up, its output being captured, its stdin not yet written. A cold run
     * feeds the program's stdin at once; a pooled one first sends the line that releases the waiting init.
     */
    public static final class Started {
        final SandboxJob job;
        final Process process;
        final CappedCapture out;
        final CappedCapture err;
        final Future<?> outDone;
        final Future<?> errDone;
        final AtomicReference<Termination> cause;
        final long startNanos;
        final SandboxResult failure;
        /** The limits watched from the release on: the job's, or a pooled sandbox's request's (see {@link #fit}). */
        volatile Limits limits;

        Started(SandboxJob job, Process process, CappedCapture out, CappedCapture err, Future<?> outDone,
                Future<?> errDone, AtomicReference<Termination> cause, long startNanos, SandboxResult failure) {
            this.job = job;
            this.process = process;
            this.out = out;
            this.err = err;
            this.outDone = outDone;
            this.errDone = errDone;
            this.cause = cause;
            this.startNanos = startNanos;
            this.failure = failure;
            this.limits = job.limits();
        }

        public String id() {
            return job.id();
        }

        /** The init's argv (a pooled sandbox: which init waits for the hand-over). */
        public java.util.List<String> argv() {
            return job.spec().argv();
        }

        /** False once the sandbox has died or was killed (an idle pooled one must not be handed out then). */
        public boolean isAlive() {
            return failure == null && process.isAlive() && cause.get() == null;
        }
    }

    /** Writes config.json, creates and limits the cgroup, starts {@code runsc run} and its output capture. */
    public Started start(SandboxJob job) throws IOException {
        Limits l = job.limits();
        String id = job.id();
        SandboxSpec s = job.spec();
        SandboxSpec spec = new SandboxSpec(s.rootfs(), s.argv(), s.env(), s.cwd(), s.uid(), s.mounts(), s.tmpBytes(),
                s.nproc(), s.nofile(), s.fsizeBytes(), cgroups.cgroupsPath(id), s.hostname());
        Path config = job.bundleDir().resolve("config.json");
        Path tmp = job.bundleDir().resolve("config.json.tmp");
        Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(specs.build(spec)));
        Files.move(tmp, config, StandardCopyOption.ATOMIC_MOVE);

        // A generous host pids limit: the sentry, gofer and ptrace stubs are host tasks too (RUNSC-FACTS); a fork
        // bomb of 32 guest processes took the ptrace platform past 512 host tasks and panicked the sentry.
        cgroups.create(id, HandOverLimits.cgroupLimits(l, settings.memoryOverheadBytes()));

        ProcessBuilder pb = new ProcessBuilder(runsc.runArgv(id, job.bundleDir()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.directory(job.bundleDir().toFile());
        AtomicReference<Termination> cause = new AtomicReference<>();
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Started(job, null, null, null, null, null, cause, start,
                    failure("cannot start runsc (" + settings.runscPath() + "): " + e.getMessage(), start));
        }
        // gVisor answers a write to these host pipes with a short count once they are full (a blocking pipe on Linux
        // never does), and programs that ignore the count (CPython's unbuffered streams, C's raw write) lose the
        // rest: 1 MiB pipes instead of 64 KiB make that need a single write of over 1 MiB, or a reader 1 MiB behind.
        // Pages are only taken as output waits in the pipe.
        Posix.growPipe(p.pid(), 1, PIPE_BYTES);
        Posix.growPipe(p.pid(), 2, PIPE_BYTES);
        Runnable killer = () -> kill(id, p);
        Runnable overflow = () -> {
            if (cause.compareAndSet(null, Termination.OUTPUT)) {
                io.execute(killer);
            }
        };
        StageStreams live = job.streams();
        CappedCapture out = new CappedCapture(p.getInputStream(), l.outputBytes(), overflow,
                live == null ? null : (b, o, n) -> live.output(false, b, o, n));
        CappedCapture err = new CappedCapture(p.getErrorStream(), l.outputBytes(), overflow,
                live == null ? null : (b, o, n) -> live.output(true, b, o, n));
        if (live != null && live.needsOrder()) {
            Future<?> both = io.submit(new OrderedCapture(out, err, p));
            return new Started(job, p, out, err, both, both, cause, start, null);
        }
        return new Started(job, p, out, err, io.submit(out), io.submit(err), cause, start, null);
    }

    /**
     * Gives a pooled sandbox, started with its language's maximum limits, a stage's own before its release (see
     * {@link HandOverLimits}). False when it cannot (it already uses more memory than the stage may): discard it.
     */
    public boolean fit(Started s, Limits stage) {
        return HandOverLimits.apply(cgroups, settings.memoryOverheadBytes(), s, stage);
    }

    /** Kills and removes a started sandbox that will never run a job (pool shutdown, stale image). */
    public void discard(Started s) {
        freeze(s, false); // runsc cannot reach a frozen sentry, nor SIGKILL a frozen v1 process
        if (s.process != null) {
            s.cause.compareAndSet(null, Termination.CANCELLED);
            kill(s.id(), s.process);
            exitValue(s.process);
            join(s.outDone);
            join(s.errDone);
        }
        cleanup(s.id());
    }

    /**
     * Freezes (or thaws) an idle pooled sandbox ({@link Cgroups#freeze}); false, and a warning, when its cgroup does
     * not allow it (the sandbox then idles unfrozen).
     */
    public boolean freeze(Started s, boolean frozen) {
        try {
            cgroups.freeze(s.id(), frozen);
            return true;
        } catch (CgroupException e) {
            if (frozen) {
                LOG.warn("cannot freeze idle sandbox {}: {}", s.id(), e.getMessage());
            }
            return false;
        }
    }

    private void cleanup(String id) {
        if (runsc.hasState(id)) {
            runsc.deleteForce(id);
        }
        if (!cgroups.remove(id, Duration.ofSeconds(10))) {
            LOG.warn("cgroup {} could not be removed; recovery will retry", id);
        }
    }

    /**
     * Delivers stdin (after {@code release}, the line a pooled sandbox's init waits for), watches the limits from
     * now on, and tears the sandbox down. For a pooled sandbox, CPU time and peak memory count from the hand-over:
     * the counters' values at that moment are subtracted (v1 also resets the peak).
     */
    public SandboxResult finish(Started started, byte[] release, byte[] stdin, CancelToken cancel) throws IOException {
        return finish(started, release, stdin, cancel, started.job.streams());
    }

    /**
     * As {@link #finish(Started, byte[], byte[], CancelToken)}, watched by {@code live} (a pooled sandbox, started
     * before its request was known, gets its listener here, before the release line lets the program run).
     */
    public SandboxResult finish(Started started, byte[] release, byte[] stdin, CancelToken cancel, StageStreams live)
            throws IOException {
        SandboxResult result = null;
        try {
            if (live != null && started.out != null && live != started.job.streams()) {
                started.out.listen((b, o, n) -> live.output(false, b, o, n));
                started.err.listen((b, o, n) -> live.output(true, b, o, n));
            }
            result = started.failure != null ? started.failure : supervise(started, release, stdin, cancel, live);
            return result;
        } finally {
            cleanup(started.id());
            if (live != null && result != null) {
                try {
                    live.stageEnded(result);
                } catch (RuntimeException e) {
                    LOG.warn("stage listener failed", e);
                }
            }
        }
    }

    private SandboxResult supervise(Started st, byte[] release, byte[] stdin, CancelToken cancel, StageStreams live)
            throws IOException {
        Limits l = st.limits;
        String id = st.id();
        Process p = st.process;
        AtomicReference<Termination> cause = st.cause;
        CappedCapture out = st.out;
        CappedCapture err = st.err;
        Runnable killer = () -> kill(id, p);
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
                    kill(id, p);
                }
                if (killed && System.nanoTime() > wallDeadline + TimeUnit.SECONDS.toNanos(10)) {
                    p.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cause.compareAndSet(null, Termination.CANCELLED);
            kill(id, p);
        }
        long wall = System.nanoTime() - start;
        int exit = exitValue(p);
        if (live != null) {
            try {
                live.processEnded();
            } catch (RuntimeException e) {
                LOG.warn("stage listener failed", e);
            }
        }
        join(st.outDone);
        join(st.errDone);
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

    private static int exitValue(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
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

    private static void join(Future<?> f) {
        try {
            f.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            f.cancel(true);
        }
    }

    private SandboxResult failure(String message, long start) {
        return new SandboxResult(Termination.RUNTIME_FAILURE, null, null, new byte[0], new byte[0], false, false,
                System.nanoTime() - start, 0, 0, 0, 0, message);
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
