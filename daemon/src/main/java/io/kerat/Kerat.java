package io.kerat;

import io.kerat.cgroup.Cgroups;
import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.execution.Admission;
import io.kerat.execution.CompileCache;
import io.kerat.execution.DirectRuns;
import io.kerat.execution.Executor;
import io.kerat.image.ImageStore;
import io.kerat.execution.RunListener;
import io.kerat.metrics.Metrics;
import io.kerat.metrics.RunLog;
import io.kerat.oci.SpecBuilder;
import io.kerat.runner.RunnerCatalog;
import io.kerat.sandbox.PlatformChoice;
import io.kerat.sandbox.Recovery;
import io.kerat.sandbox.Runsc;
import io.kerat.sandbox.SandboxRunner;
import io.kerat.state.ServeLock;
import io.kerat.submissions.AsyncSubmissions;
import io.kerat.submissions.SubmissionStore;
import io.kerat.submissions.SubmissionStores;
import io.kerat.submissions.SubmissionQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

/** The daemon's parts, wired once from the settings. */
public final class Kerat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kerat.class);
    private final Settings settings;
    /** The settings as given (before `auto` is resolved): what a removal while still starting needs. */
    private final Settings configured;
    private final PlatformChoice platform;
    private final Layout layout;
    private final Cgroups topCgroups;
    private final Cgroups cgroups;
    private final Runsc runsc;
    private final RunnerCatalog runners;
    private final ImageStore images;
    private final SandboxRunner sandboxes;
    private final CompileCache cache;
    private final Executor executor;
    private final DirectRuns direct;
    private final Admission admission;
    private final Metrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Stored asynchronous submissions: opened by `kerat serve` only ({@link #openSubmissions}), else null. */
    private volatile SubmissionQueue submissions;

    public Kerat(Settings settings) throws IOException {
        this(settings, Cgroups.detect(settings.cgroupParent()));
    }

    /**
     * Wires the parts for a fresh owner of this process: its own runsc root and run directories under
     * {@code <data>/procs/<owner>} and its own cgroup {@code <parent>/p<owner>}; {@code top} is the configured parent.
     */
    public Kerat(Settings configured, Cgroups top) throws IOException {
        this.configured = configured;
        this.layout = new Layout(configured);
        this.topCgroups = top;
        this.cgroups = top.child(layout.owner().cgroupName());
        this.runners = RunnerCatalog.load(layout.runnersDir());
        SpecBuilder specs = new SpecBuilder(SpecBuilder.loadSeccomp(layout.seccompProfile("nosocket")));
        // from here on this instance makes state on disk; a signal at any point removes it (see onExit)
        Runtime.getRuntime().addShutdownHook(exitHook);
        try {
            Files.createDirectories(layout.runscRoot());
            Files.createDirectories(layout.runsDir());
            // `auto`: systrap or ptrace, decided once per process (a probe sandbox in this instance's own state dirs)
            this.platform = PlatformChoice.resolve(configured, layout.runscRoot(), layout.runsDir());
            Settings settings = configured.withPlatform(platform.platform());
            this.settings = settings;
            this.runsc = new Runsc(settings, layout.runscRoot());
            this.images = new ImageStore(settings, layout);
            this.sandboxes = new SandboxRunner(settings, runsc, cgroups, specs);
            CompileCache cache = null;
            try {
                // shared by every process: each stages its writes in its own tmp/<owner>; the sweep at open
                // (leftovers, eviction to the bound) only under the serve lock, so a `kerat run` never deletes the
                // daemon's files
                cache = CompileCache.open(layout.compileCacheDir(), settings.compileCacheBytes(), layout.owner(),
                        ServeLock.isHeld(settings.dataDir()));
            } catch (IOException e) {
                LOG.warn("compile cache disabled: cannot open {}: {}", layout.compileCacheDir(), e.getMessage());
            }
            this.cache = cache;
            this.executor = new Executor(settings, layout, runners, images, sandboxes, cache);
            this.direct = new DirectRuns(executor);
            // a new image (built or imported) must pass its language's smoke test before it becomes current
            images.verifyWith(io.kerat.execution.SmokeTest.gate(executor, runners));
            this.metrics = new Metrics(() -> admission().active(), () -> admission().queued(),
                    () -> executor().poolIdleIds().size());
            this.admission = new Admission(executor, settings.concurrency(), settings.queue(),
                    RunListener.all(metrics, new RunLog()));
        } catch (IOException | RuntimeException | Error e) {
            failed = true;
            built.countDown();
            removeExitHook();
            Recovery.removeOwn(configured, layout, top);
            throw e;
        }
        built.countDown();
    }

    /** The JVM's exit (a signal, or the end of a process that never closed this): see {@link #onExit}. */
    private final Thread exitHook = new Thread(this::onExit, "kerat-owner-cleanup");
    private final java.util.concurrent.CountDownLatch built = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean failed;
    private volatile boolean exitLeftToCaller;

    /**
     * At the JVM's exit this instance stops and removes its own state ({@link #shutdown}). A signal while it is
     * still being made (Ctrl-C on `kerat run` during the platform probe) lets the making finish first, up to
     * {@link #BUILD_PATIENCE_MS}: what the making creates after a removal would otherwise be left behind.
     */
    private void onExit() {
        boolean done;
        try {
            done = built.await(BUILD_PATIENCE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            LOG.warn("exiting while still starting: removing {}", layout.stateDir());
            Recovery.removeOwn(configured, layout, topCgroups);
        } else if (!failed && !exitLeftToCaller) {
            shutdown();
        }
    }

    private static final long BUILD_PATIENCE_MS = 20_000;

    /** The caller's own exit hook stops this instance (serve's graceful stop): the instance's own hook does not. */
    public Kerat leaveExitToCaller() {
        exitLeftToCaller = true;
        return this;
    }

    private void removeExitHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs (or is running this)
        }
    }

    /**
     * Removes what processes that are gone left behind (and, when this process holds the data dir's serve lock, the
     * flat layout of older versions). Never touches a live process's sandboxes. Call before serving.
     */
    public Recovery.Report recover() {
        return Recovery.reapGone(settings, layout, topCgroups, ServeLock.isHeld(settings.dataDir()));
    }

    /** The settings the daemon runs on: as configured, with {@code auto} replaced by the platform chosen. */
    public Settings settings() { return settings; }

    /** The runsc platform in use and why ({@code systrap (auto: runsc 20240729)}). */
    public PlatformChoice platform() { return platform; }

    public Layout layout() { return layout; }

    /** This instance's own cgroup subtree (its sandboxes are its children). */
    public Cgroups cgroups() { return cgroups; }

    /** The configured parent: every owner's subtree is a child of it. */
    public Cgroups topCgroups() { return topCgroups; }

    public Runsc runsc() { return runsc; }

    public RunnerCatalog runners() { return runners; }

    public ImageStore images() { return images; }

    public Executor executor() { return executor; }

    public Admission admission() { return admission; }

    /** Runs on the caller's thread (`kerat run`); a shutdown cancels these and waits for them to end. */
    public DirectRuns direct() { return direct; }

    public Metrics metrics() { return metrics; }

    /**
     * Opens the store of asynchronous submissions ({@code <data>/submissions.db}) and its queue; dialects then
     * {@link AsyncSubmissions#register register} their handlers and the caller {@link AsyncSubmissions#start starts}
     * it. Only for the process holding the data dir's serve lock: the store has one writer.
     */
    public synchronized AsyncSubmissions openSubmissions() throws IOException {
        if (submissions == null && !ServeLock.isHeld(settings.dataDir())) {
            throw new IllegalStateException("the submission store is opened only by the process holding the serve lock");
        }
        return openSubmissions(layout.submissionsDb());
    }

    /**
     * Opens the asynchronous submissions on {@code file} (when the store is SQLite), for an embedding (the tests'
     * in-process daemon) that knows no other process uses that file; {@link #openSubmissions()} is the daemon's.
     */
    public synchronized AsyncSubmissions openSubmissions(java.nio.file.Path file) throws IOException {
        if (submissions != null) {
            return submissions;
        }
        var s = settings.submissions();
        // the `store` setting: SQLite on `file` (the default), or a PostgreSQL database shared by several hosts
        SubmissionStore store = SubmissionStores.open(s, file, layout.nativeLibDir(), settings.concurrency());
        LOG.info("submissions stored in {}", SubmissionStores.describe(s, file));
        submissions = new SubmissionQueue(store, s, settings.concurrency());
        return submissions;
    }

    /** The asynchronous submissions; throws when this process did not open them (not `kerat serve`). */
    public AsyncSubmissions submissions() {
        SubmissionQueue q = submissions;
        if (q == null) {
            throw new IllegalStateException("asynchronous submissions are served by `kerat serve` only");
        }
        return q;
    }

    /** Whether this process serves asynchronous submissions. */
    public boolean hasSubmissions() {
        return submissions != null;
    }

    /** Stops taking stored submissions to run (the start of a graceful stop); running ones go on. */
    public void stopTakingSubmissions() {
        SubmissionQueue q = submissions;
        if (q != null) {
            q.stopTaking();
        }
    }

    public void recordRejection() {
        metrics.rejected();
    }

    /**
     * Cancels the runs on callers' threads and waits for them, stops admission and the pool, then removes this
     * instance's own state (whatever its sandboxes left, its runsc root, run directories and cgroup) and nothing else.
     * Idempotent; returns what was left to remove. Synchronized: a signal's hook and the caller's close() never remove
     * the same state at once.
     */
    public synchronized Recovery.Report shutdown() {
        if (!closed.compareAndSet(false, true)) {
            return Recovery.removeOwn(settings, layout, topCgroups);
        }
        removeExitHook();
        // first the runs on callers' threads: each tears its own sandbox down before the state dir goes
        if (!direct.close(DIRECT_PATIENCE_MS)) {
            LOG.warn("a run still had not ended {} ms after it was cancelled; removing its state anyway", DIRECT_PATIENCE_MS);
        }
        SubmissionQueue q = submissions;
        if (q != null) {
            q.stopTaking(); // what admission.close() cancels goes back to the queue, not to failed
        }
        admission.close();
        if (q != null) {
            q.close(5_000);
        }
        executor.closePool();
        sandboxes.close();
        if (cache != null) {
            cache.close();
        }
        return Recovery.removeOwn(settings, layout, topCgroups);
    }

    /** How long a shutdown waits for cancelled {@link #direct} runs to end (a sandbox's teardown waits up to 10 s). */
    private static final long DIRECT_PATIENCE_MS = 20_000;

    @Override
    public void close() {
        shutdown();
    }
}
