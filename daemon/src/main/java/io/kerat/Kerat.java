package io.kerat;

import io.kerat.cgroup.Cgroups;
import io.kerat.config.Layout;
import io.kerat.config.Settings;
import io.kerat.execution.Admission;
import io.kerat.execution.CompileCache;
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
        this.layout = new Layout(configured);
        this.topCgroups = top;
        this.cgroups = top.child(layout.owner().cgroupName());
        this.runners = RunnerCatalog.load(layout.runnersDir());
        SpecBuilder specs = new SpecBuilder(SpecBuilder.loadSeccomp(layout.seccompProfile("nosocket")));
        // the last step that can fail: nothing of this instance exists on disk before it, nothing is left if it fails.
        // A signal meanwhile (Ctrl-C on `kerat run` while the platform probe runs) comes before shutdownOnExit()'s
        // hook exists: this one removes what the step made until then.
        Thread early = new Thread(() -> Recovery.removeOwn(configured, layout, top), "kerat-owner-cleanup-start");
        Runtime.getRuntime().addShutdownHook(early);
        try {
            Files.createDirectories(layout.runscRoot());
            Files.createDirectories(layout.runsDir());
            // `auto`: systrap or ptrace, decided once per process (a probe sandbox in this instance's own state dirs)
            this.platform = PlatformChoice.resolve(configured, layout.runscRoot(), layout.runsDir());
        } catch (IOException | RuntimeException e) {
            Recovery.removeOwn(configured, layout, top);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(early);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs
            }
        }
        Settings settings = configured.withPlatform(platform.platform());
        this.settings = settings;
        this.runsc = new Runsc(settings, layout.runscRoot());
        this.images = new ImageStore(settings, layout);
        this.sandboxes = new SandboxRunner(settings, runsc, cgroups, specs);
        CompileCache cache = null;
        try {
            // shared by every process: each stages its writes in its own tmp/<owner>; the sweep at open (leftovers,
            // eviction to the bound) only under the serve lock, so a `kerat run` never deletes the daemon's files
            cache = CompileCache.open(layout.compileCacheDir(), settings.compileCacheBytes(), layout.owner(),
                    ServeLock.isHeld(settings.dataDir()));
        } catch (IOException e) {
            LOG.warn("compile cache disabled: cannot open {}: {}", layout.compileCacheDir(), e.getMessage());
        }
        this.cache = cache;
        this.executor = new Executor(settings, layout, runners, images, sandboxes, cache);
        // a new image (built or imported) must pass its language's smoke test before it becomes current
        images.verifyWith(io.kerat.execution.SmokeTest.gate(executor, runners));
        this.metrics = new Metrics(() -> admission().active(), () -> admission().queued(),
                () -> executor().poolIdleIds().size());
        this.admission = new Admission(executor, settings.concurrency(), settings.queue(),
                RunListener.all(metrics, new RunLog()));
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
     * Stops admission and the pool, then removes this instance's own state (whatever its sandboxes left, its runsc
     * root, run directories and cgroup) and nothing else. Idempotent; returns what was left to remove.
     */
    public Recovery.Report shutdown() {
        if (!closed.compareAndSet(false, true)) {
            return Recovery.removeOwn(settings, layout, topCgroups);
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

    /** Runs {@link #shutdown} when the JVM exits (a signal, or the end of a process that never closes this). */
    public Kerat shutdownOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "kerat-owner-cleanup"));
        return this;
    }

    @Override
    public void close() {
        shutdown();
    }
}
