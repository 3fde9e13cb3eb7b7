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
import io.kerat.sandbox.Recovery;
import io.kerat.sandbox.Runsc;
import io.kerat.sandbox.SandboxRunner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;

/** The daemon's parts, wired once from the settings. */
public final class Kerat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kerat.class);
    private final Settings settings;
    private final Layout layout;
    private final Cgroups cgroups;
    private final Runsc runsc;
    private final RunnerCatalog runners;
    private final ImageStore images;
    private final SandboxRunner sandboxes;
    private final Executor executor;
    private final Admission admission;
    private final Metrics metrics;

    public Kerat(Settings settings) throws IOException {
        this(settings, Cgroups.detect(settings.cgroupParent()));
    }

    public Kerat(Settings settings, Cgroups cgroups) throws IOException {
        this.settings = settings;
        this.layout = new Layout(settings);
        this.cgroups = cgroups;
        Files.createDirectories(layout.runscRoot());
        Files.createDirectories(layout.runsDir());
        this.runsc = new Runsc(settings, layout.runscRoot());
        this.runners = RunnerCatalog.load(layout.runnersDir());
        this.images = new ImageStore(settings, layout);
        SpecBuilder specs = new SpecBuilder(SpecBuilder.loadSeccomp(layout.seccompProfile("nosocket")));
        this.sandboxes = new SandboxRunner(settings, runsc, cgroups, specs);
        CompileCache cache = null;
        try {
            cache = CompileCache.open(layout.compileCacheDir(), settings.compileCacheBytes());
        } catch (IOException e) {
            LOG.warn("compile cache disabled: cannot open {}: {}", layout.compileCacheDir(), e.getMessage());
        }
        this.executor = new Executor(settings, layout, runners, images, sandboxes, cache);
        // a new image (built or imported) must pass its language's smoke test before it becomes current
        images.verifyWith(io.kerat.execution.SmokeTest.gate(executor, runners));
        this.metrics = new Metrics(() -> admission().active(), () -> admission().queued(),
                () -> executor().poolIdleIds().size());
        this.admission = new Admission(executor, settings.concurrency(), settings.queue(),
                RunListener.all(metrics, new RunLog()));
    }

    /** Removes what a previous daemon left behind. Call before serving. */
    public Recovery.Report recover() {
        return Recovery.run(runsc, cgroups, layout.runsDir());
    }

    public Settings settings() { return settings; }

    public Layout layout() { return layout; }

    public Cgroups cgroups() { return cgroups; }

    public Runsc runsc() { return runsc; }

    public RunnerCatalog runners() { return runners; }

    public ImageStore images() { return images; }

    public Executor executor() { return executor; }

    public Admission admission() { return admission; }

    public Metrics metrics() { return metrics; }

    public void recordRejection() {
        metrics.rejected();
    }

    @Override
    public void close() {
        admission.close();
        executor.closePool();
        sandboxes.close();
    }
}
