package io.kerat.execution;

import io.kerat.config.Layout;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.config.StageLimits;
import io.kerat.execution.ExecutionException.Kind;
import io.kerat.image.ImageException;
import io.kerat.image.ImageInfo;
import io.kerat.image.ImageStore;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.CancelToken;
import io.kerat.sandbox.SandboxRunner;
import io.kerat.util.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Carries out one request: resolves its language, image and limits, makes its job directory, hands it to its
 * mode ({@link RunMode}, {@link CasesMode}, {@link TestsMode}) and cleans up. The modes run their sandboxes through
 * {@link Stages} (cold or pooled) and {@link Compilation} (with the compile cache); {@link Verdicts} maps sandbox
 * outcomes. Knows nothing of HTTP or of the wire dialects.
 */
public final class Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final Settings settings;
    private final Layout layout;
    private final RunnerCatalog runners;
    private final ImageStore images;
    private final CompileCache cache;
    private final ImagePicker picker;
    private final SandboxPool pool;
    private final Stages stages;
    private final RunMode runMode;
    private final CasesMode casesMode;
    private final TestsMode testsMode;

    public Executor(Settings settings, Layout layout, RunnerCatalog runners, ImageStore images, SandboxRunner sandboxes) {
        this(settings, layout, runners, images, sandboxes, null);
    }

    /** {@code cache}: where successful compiles are kept and looked up, or null for none. */
    public Executor(Settings settings, Layout layout, RunnerCatalog runners, ImageStore images, SandboxRunner sandboxes,
                    CompileCache cache) {
        this.settings = settings;
        this.layout = layout;
        this.runners = runners;
        this.images = images;
        this.cache = cache != null && cache.enabled() ? cache : null;
        this.picker = new ImagePicker(settings, images);
        this.pool = new SandboxPool(settings, layout, runners, picker, sandboxes);
        this.stages = new Stages(settings, layout, sandboxes, pool);
        Compilation compilation = new Compilation(settings, layout, stages, this.cache);
        this.runMode = new RunMode(stages, compilation);
        this.casesMode = new CasesMode(stages, compilation,
                new CheckerRunner(settings, runners, picker, stages, compilation));
        this.testsMode = new TestsMode(stages, compilation);
    }

    /** The compile cache, or null when it is off. */
    public CompileCache compileCache() {
        return cache;
    }

    public RunnerCatalog runners() {
        return runners;
    }

    public ImageStore images() {
        return images;
    }

    public ExecutionResult execute(ExecutionRequest req, CancelToken cancel) throws ExecutionException {
        return execute(req, cancel, new RunTrace());
    }

    /** As {@link #execute(ExecutionRequest, CancelToken)}, noting each sandbox's start and duration in {@code trace}. */
    public ExecutionResult execute(ExecutionRequest req, CancelToken cancel, RunTrace trace) throws ExecutionException {
        RunnerDef runner = runners.find(req.language())
                .orElseThrow(() -> new ExecutionException(Kind.BAD_REQUEST, "unknown language: " + req.language()));
        ImageInfo image = image(runner, req.version());
        StageLimits runStage = testStageLimits(runner, req.mode(), settings.limitsFor(runner.language(), "run"));
        StageLimits compileStage = raised(runner.compile() == null ? Map.of() : runner.compile().defaultLimits(),
                settings.limitsFor(runner.language(), "compile"));
        LimitsResolver.Resolved run = LimitsResolver.resolve(req.limits(), runStage.defaults(), runStage.maximum(), "");
        LimitsResolver.Resolved compile = LimitsResolver.resolve(req.compileLimits(), compileStage.defaults(),
                compileStage.maximum(), "compile_");
        List<String> clamped = new ArrayList<>(run.clamped());
        clamped.addAll(compile.clamped());

        long started = System.nanoTime();
        String id = Ids.random();
        Path dir = layout.jobDir(id);
        try {
            Files.createDirectories(layout.runsDir());
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new ExecutionException(Kind.UNAVAILABLE, "cannot create the run directory " + dir + ": " + e.getMessage(), e);
        }
        Job job = new Job(id, dir, runner, image, req, cancel, trace, new Job.CompileState());
        List<StageDir> keep = new ArrayList<>();
        try {
            ModeRunner mode = switch (req.mode()) {
                case RUN -> runMode;
                case CASES -> casesMode;
                case TESTS -> testsMode;
            };
            ExecutionResult r = mode.run(job, run.limits(), compile.limits(), keep);
            if (r.clamped() != null) {
                clamped.addAll(r.clamped()); // a checker program's limits
            }
            return new ExecutionResult(id, runner.language(), image.version(), r.status(), r.message(), r.compile(),
                    r.run(), r.cases(), r.tests(), run.describe(), clamped.isEmpty() ? null : clamped,
                    job.compile().cached,
                    System.nanoTime() - started, r.checkerCompile(), r.score(), r.maxScore(), r.groups(),
                    r.interactorCompile());
        } catch (ProgramNotStarted e) {
            String msg = "the program could not start in the sandbox: " + e.getMessage() + "; the " + image.name()
                    + " image (" + image.version() + ", " + image.digest() + ") is broken: rebuild or re-import it";
            LOG.error("run {}: {}", id, msg);
            return new ExecutionResult(id, runner.language(), image.version(), Status.INTERNAL_ERROR, msg, null, null,
                    null, null, run.describe(), clamped.isEmpty() ? null : clamped, null, System.nanoTime() - started);
        } catch (ExecutionException e) {
            throw e;
        } catch (IOException e) {
            throw new ExecutionException(Kind.INTERNAL, "run " + id + " failed: " + e.getMessage(), e);
        } finally {
            for (StageDir s : keep) {
                Stages.closeQuietly(s);
            }
            for (CompileCache.Lease l : job.compile().leases) {
                l.close();
            }
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", dir, e.getMessage());
            }
        }
    }

    /** Starts (or resizes) the warm pool; sizes per language, 0 turns a language off. */
    public void configurePool(Map<String, Integer> sizes, long budgetBytes) {
        pool.configure(sizes, budgetBytes);
    }

    /**
     * Starts (or resizes) the warm pool as the settings say ({@code pool: auto}: every installed language, sized from
     * the host); returns the sizes chosen and why, for the start-up line.
     */
    public String configurePool(io.kerat.config.PoolSettings poolSettings) {
        return pool.configure(poolSettings).describe();
    }

    /** Changes the pool's host MemAvailable threshold while running (a test hook; the setting is read at start-up). */
    public void poolMinAvailableBytes(long bytes) {
        pool.minAvailableBytes(bytes);
    }

    /** The number of idle sandboxes the pool keeps when full (all languages). */
    public int poolTarget() {
        return pool.target();
    }

    /** Whether the pool is held back by the host's memory now (it drains and does not refill). */
    public boolean poolPaused() {
        return pool.paused();
    }

    /** Stops the pool and removes its idle sandboxes. */
    public void closePool() {
        pool.close();
    }

    /** Requests served by a pre-started sandbox so far. */
    public long poolHandOuts() {
        return pool.handOuts();
    }

    /** Pooled stages the started interpreter ran itself (not by exec of the cold command). */
    public long poolInterpreterRuns() {
        return pool.interpreterRuns();
    }

    /**
     * Whether pooled sandboxes of runners with {@code prestart} start their interpreter ahead (the default) or a
     * shell; applies to sandboxes started from now on (the benchmark compares both).
     */
    public void poolInterpreters(boolean on) {
        pool.interpreters(on);
    }

    /** Whether idle pooled sandboxes are frozen once up (the default); for the benchmark's comparison. */
    public void poolFreezing(boolean on) {
        pool.freezing(on);
    }

    /** Idle pooled sandboxes frozen now. */
    public int poolFrozen() {
        return pool.frozen();
    }

    /** Idle pooled sandboxes whose init is up and waiting (a hand-over to one does not wait for its start). */
    public int poolReady() {
        return pool.ready();
    }

    /** Ids of idle pooled sandboxes (they exist on purpose). */
    public List<String> poolIdleIds() {
        return pool.idleIds();
    }

    /**
     * The run stage's limits, with the runner's {@code test.default_limits} raising the defaults of a tests-mode run
     * and its {@code run.default_limits} those of run and cases modes (never past the maximum: a runner's wish is
     * clamped silently, it is not the client's request).
     */
    static StageLimits testStageLimits(RunnerDef runner, Mode mode, StageLimits run) {
        if (mode != Mode.TESTS) {
            return raised(runner.run().defaultLimits(), run); // run.default_limits: run and cases modes
        }
        return raised(runner.test() == null ? Map.of() : runner.test().defaultLimits(), run);
    }

    /** {@code stage} with its defaults raised to a runner's {@code default_limits} (clamped to the maximum). */
    static StageLimits raised(Map<String, Long> d, StageLimits stage) {
        if (d.isEmpty()) {
            return stage;
        }
        Limits now = stage.defaults();
        LimitsRequest raise = new LimitsRequest(up(d, "wall_time_ms", now.wallTimeMs()), up(d, "cpu_time_ms", now.cpuTimeMs()),
                up(d, "memory_bytes", now.memoryBytes()), up(d, "processes", now.processes()),
                up(d, "output_bytes", now.outputBytes()), up(d, "file_size_bytes", now.fileSizeBytes()),
                up(d, "disk_bytes", now.diskBytes()), null);
        return new StageLimits(LimitsResolver.resolve(raise, now, stage.maximum(), "").limits(), stage.maximum());
    }

    /** The runner's wish for {@code name} when it is above the current default (a runner only raises), else null. */
    private static Long up(Map<String, Long> d, String name, long current) {
        Long v = d.get(name);
        return v != null && v > current ? v : null;
    }

    /**
     * The image of the language version a request asks for (null: the default): 400 {@code unknown_version} naming
     * the installed ones when none matches, 503 when the language has no image at all.
     */
    public ImageInfo image(RunnerDef runner, String version) throws ExecutionException {
        return picker.image(runner, version);
    }

    /** Runs the runner's {@link SmokeTest} in a sandbox on its current image. Returns the stage's result. */
    public StageResult smokeTest(RunnerDef runner) throws ExecutionException {
        ImageInfo image;
        try {
            image = images.resolve(runner.image());
        } catch (ImageException e) {
            throw new ExecutionException(Kind.UNAVAILABLE, e.getMessage(), e);
        }
        return smokeTest(runner, image);
    }

    /** As {@link #smokeTest(RunnerDef)}, on one installed version's image. */
    public StageResult smokeTest(RunnerDef runner, ImageInfo image) throws ExecutionException {
        String id = Ids.random();
        Path dir = layout.jobDir(id);
        ExecutionRequest req = new ExecutionRequest(runner.language(), List.of(new SourceFile("probe.txt", new byte[0])),
                "probe.txt", new byte[0], List.of(), LimitsRequest.NONE, LimitsRequest.NONE, List.of(), List.of());
        try {
            Files.createDirectories(layout.runsDir());
            Files.createDirectory(dir);
            Job job = new Job(id, dir, runner, image, req, new CancelToken(), new RunTrace(), new Job.CompileState());
            Stage s = stages.run(job, "doctor", SmokeTest.argv(runner), List.of(), Map.of(),
                    SmokeTest.limits(settings.runDefaults()), req.files(), null, null, false);
            Stages.closeQuietly(s.dir());
            return s.result();
        } catch (ExecutionException e) {
            throw e;
        } catch (IOException e) {
            throw new ExecutionException(Kind.UNAVAILABLE, e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // reported by recovery
            }
        }
    }
}
