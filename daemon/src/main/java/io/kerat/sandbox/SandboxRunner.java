package io.kerat.sandbox;

import io.kerat.cgroup.CgroupException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one sandbox from start to clean end: cgroup created and limited by the daemon, config.json written,
 * {@code runsc run} started with pipes, limits watched (wall clock, cgroup CPU counter, output caps,
 * cancellation; {@link LimitWatch}), then the sandbox killed if needed, its cgroup read and removed and its runsc
 * state deleted ({@link Teardown}).
 */
public final class SandboxRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxRunner.class);
    /** Host pipe size for the sandbox's stdout and stderr (see {@link Posix#growPipe}); the default pipe-max-size. */
    private static final int PIPE_BYTES = 1 << 20;

    private final Settings settings;
    private final Runsc runsc;
    private final Cgroups cgroups;
    private final SpecBuilder specs;
    private final ExecutorService io;
    private final Teardown teardown;
    private final LimitWatch watch;

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
        this.teardown = new Teardown(runsc, cgroups);
        this.watch = new LimitWatch(settings, cgroups, io, teardown);
    }

    public Cgroups cgroups() {
        return cgroups;
    }

    public Runsc runsc() {
        return runsc;
    }

    Teardown teardown() {
        return teardown;
    }

    LimitWatch watch() {
        return watch;
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
        Runnable killer = () -> teardown.kill(id, p);
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
            teardown.kill(s.id(), s.process);
            Teardown.exitValue(s.process);
            Teardown.join(s.outDone);
            Teardown.join(s.errDone);
        }
        teardown.cleanup(s.id());
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
            result = started.failure != null ? started.failure
                    : watch.supervise(started, release, stdin, cancel, live);
            return result;
        } finally {
            teardown.cleanup(started.id());
            if (live != null && result != null) {
                try {
                    live.stageEnded(result);
                } catch (RuntimeException e) {
                    LOG.warn("stage listener failed", e);
                }
            }
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
