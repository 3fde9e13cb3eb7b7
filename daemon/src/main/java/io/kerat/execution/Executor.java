package io.kerat.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.config.Layout;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.config.StageLimits;
import io.kerat.execution.ExecutionException.Kind;
import io.kerat.image.ImageException;
import io.kerat.image.ImageInfo;
import io.kerat.image.ImageStore;
import io.kerat.image.RuntimeVersions;
import io.kerat.oci.Mount;
import io.kerat.oci.SandboxSpec;
import io.kerat.oci.SpecBuilder;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.CancelToken;
import io.kerat.sandbox.SandboxJob;
import io.kerat.sandbox.SandboxResult;
import io.kerat.sandbox.SandboxRunner;
import io.kerat.util.Ids;
import io.kerat.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans and carries out one request: compile once if the language needs it, then one run, one run per stdin
 * case, or the test harness; each in a fresh sandbox with its stage's limits. Turns sandbox outcomes into
 * verdicts. Knows nothing of HTTP or of the wire dialects.
 */
public final class Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    static final String RESULTS_FILE = "results.jsonl";
    static final long RESULTS_CAP = 8 * Limits.MIB;

    private final Settings settings;
    private final Layout layout;
    private final RunnerCatalog runners;
    private final ImageStore images;
    private final SandboxRunner sandboxes;
    private final CompileCache cache;

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
        this.sandboxes = sandboxes;
        this.cache = cache != null && cache.enabled() ? cache : null;
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

    /** Everything one request's stages share. */
    private record Job(String id, Path dir, RunnerDef runner, ImageInfo image, ExecutionRequest request,
                       CancelToken cancel, RunTrace trace, CompileState compile) {
    }

    /** Whether the compile came from the cache, and the cache leases to release when the request is done. */
    private static final class CompileState {
        Boolean cached;
        final List<CompileCache.Lease> leases = new ArrayList<>();
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
        StageLimits compileStage = settings.limitsFor(runner.language(), "compile");
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
        Job job = new Job(id, dir, runner, image, req, cancel, trace, new CompileState());
        List<StageDir> keep = new ArrayList<>();
        try {
            ExecutionResult r = switch (req.mode()) {
                case RUN -> runMode(job, run.limits(), compile.limits(), keep);
                case CASES -> casesMode(job, run.limits(), compile.limits(), keep);
                case TESTS -> testsMode(job, run.limits(), compile.limits(), keep);
            };
            return new ExecutionResult(id, runner.language(), image.version(), r.status(), r.message(), r.compile(),
                    r.run(), r.cases(), r.tests(), run.describe(), clamped.isEmpty() ? null : clamped,
                    job.compile().cached,
                    System.nanoTime() - started);
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
                closeQuietly(s);
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

    /** The program's own compile stage (run and cases modes), or null when its language has none. */
    private Compiled compileProgram(Job job, Limits compileLimits, List<StageDir> keep) throws IOException {
        RunnerDef r = job.runner();
        if (r.compile() == null) {
            return null;
        }
        return compile(job, r.compile().argv(), r.compile().env(), compileLimits, job.request().files(), keep);
    }

    private ExecutionResult runMode(Job job, Limits runLimits, Limits compileLimits, List<StageDir> keep) throws IOException {
        RunnerDef r = job.runner();
        Compiled c = compileProgram(job, compileLimits, keep);
        if (c != null && c.result().status() != Status.OK) {
            return compileFailed(c.result());
        }
        StageResult compiled = c == null ? null : c.result();
        Path build = c == null ? null : c.build();
        Stage s = stage(job, "run", r.run().argv(), job.request().args(), r.run().env(), runLimits,
                job.request().files(), job.request().stdin(), build, false);
        closeQuietly(s.dir());
        return partial(s.result().status(), null, compiled, s.result(), null, null);
    }

    private ExecutionResult casesMode(Job job, Limits runLimits, Limits compileLimits, List<StageDir> keep) throws IOException {
        RunnerDef r = job.runner();
        Compiled c = compileProgram(job, compileLimits, keep);
        if (c != null && c.result().status() != Status.OK) {
            return compileFailed(c.result());
        }
        StageResult compiled = c == null ? null : c.result();
        Path build = c == null ? null : c.build();
        List<CaseResult> results = new ArrayList<>();
        Status overall = null;
        boolean wrong = false;
        int i = 0;
        for (TestCase tc : job.request().cases()) {
            if (job.cancel().isCancelled()) {
                break;
            }
            Stage s = stage(job, "case" + i++, r.run().argv(), job.request().args(), r.run().env(), runLimits,
                    job.request().files(), tc.stdin(), build, false);
            closeQuietly(s.dir());
            StageResult sr = s.result();
            boolean passed = sr.status() == Status.OK
                    && (tc.expectedOutput() == null || OutputComparator.matches(tc.expectedOutput(), sr.stdout()));
            results.add(new CaseResult(sr, passed, null));
            if (sr.status() != Status.OK && overall == null) {
                overall = sr.status();
            }
            wrong |= !passed;
        }
        if (overall == null) {
            overall = job.cancel().isCancelled() ? Status.CANCELLED : wrong ? Status.WRONG_ANSWER : Status.OK;
        }
        return partial(overall, null, compiled, null, results, null);
    }

    private ExecutionResult testsMode(Job job, Limits runLimits, Limits compileLimits, List<StageDir> keep) throws IOException {
        RunnerDef r = job.runner();
        if (r.test() == null) {
            throw new ExecutionException(Kind.BAD_REQUEST, "language " + r.language() + " has no test runner");
        }
        List<SourceFile> all = new ArrayList<>(job.request().files());
        all.addAll(job.request().tests());
        Path build = null;
        StageResult compiled = null;
        if (r.test().compile() != null) {
            Compiled c = compile(job, r.test().compile(), r.test().env(), compileLimits, all, keep);
            compiled = c.result();
            if (compiled.status() != Status.OK) {
                return compileFailed(compiled);
            }
            build = c.build();
        }
        Stage s = stage(job, "test", r.test().run(), List.of(), r.test().env(), runLimits, all, null, build, false);
        byte[] raw;
        String readError = null;
        try {
            raw = s.dir().readOut(RESULTS_FILE, RESULTS_CAP);
        } catch (IOException e) {
            raw = null;
            readError = e.getMessage();
        } finally {
            closeQuietly(s.dir());
        }
        StageResult run = s.result();
        HarnessReport report = HarnessReport.parse(raw);
        if (report.compileError() != null) {
            StageResult ce = new StageResult(Status.COMPILE_ERROR, run.exitCode(), run.signal(), run.stdout(),
                    report.compileError(), run.stdoutTruncated(), run.stderrTruncated(), run.wallTimeNs(),
                    run.cpuTimeNs(), run.memoryBytes(), null);
            return partial(Status.COMPILE_ERROR, "the tests or the code under test do not compile", ce, null, null, null);
        }
        Status overall;
        String message = null;
        if (run.status() != Status.OK && run.status() != Status.RUNTIME_ERROR) {
            overall = run.status();
        } else if (!report.finished()) {
            overall = Status.RUNTIME_ERROR;
            message = readError != null ? "test results unreadable: " + readError
                    : report.garbage() > 0 && report.tests().isEmpty() ? "the test harness wrote no valid results"
                    : "the test run ended before the harness finished (exit code " + run.exitCode() + ")";
        } else if (report.tests().stream().anyMatch(t -> t.status().equals("failed") || t.status().equals("errored"))) {
            overall = Status.TESTS_FAILED;
        } else if (report.tests().isEmpty()) {
            overall = Status.TESTS_FAILED;
            message = "no tests were found in the test files";
        } else {
            overall = Status.OK;
        }
        return partial(overall, message, compiled, run, null, report.tests());
    }

    private static ExecutionResult compileFailed(StageResult compiled) {
        String msg = compiled.status() == Status.RUNTIME_ERROR ? null
                : "compilation ended with " + compiled.status().wire();
        return partial(Status.COMPILE_ERROR, msg, compiled, null, null, null);
    }

    private static ExecutionResult partial(Status status, String message, StageResult compile, StageResult run,
                                           List<CaseResult> cases, List<TestResult> tests) {
        return new ExecutionResult(null, null, null, status, message, compile, run, cases, tests, null, null, null, 0);
    }

    private record Stage(StageDir dir, StageResult result) {
    }

    /** A compile's outcome and, when it succeeded, the directory later stages get read-only at /kerat/build. */
    private record Compiled(StageResult result, Path build) {
    }

    /**
     * The compile stage, or its cached outcome. A hit skips the sandbox: it reports the cached compiler output with
     * zero times and the message "cached", and later stages get the cache entry (leased until the request ends)
     * read-only. A successful fresh compile is copied into the cache once its sandbox is dead.
     */
    private Compiled compile(Job job, List<String> argvTemplate, Map<String, String> cmdEnv, Limits limits,
                             List<SourceFile> files, List<StageDir> keep) throws IOException {
        String key = null;
        if (cache != null && !job.cancel().isCancelled()) {
            key = cacheKey(job, argvTemplate, cmdEnv, limits, files);
            CompileCache.Lease lease = cache.lookup(key);
            if (lease != null) {
                job.compile().leases.add(lease);
                job.compile().cached = true;
                return new Compiled(new StageResult(Status.OK, 0, null, lease.stdout(), lease.stderr(), false, false,
                        0, 0, 0, "cached"), lease.build());
            }
        }
        Stage c = stage(job, "compile", argvTemplate, List.of(), cmdEnv, limits, files, null, null, true);
        keep.add(c.dir());
        StageResult res = c.result();
        if (res.status() != Status.CANCELLED) {
            job.compile().cached = false;
        }
        if (res.status() != Status.OK) {
            return new Compiled(res, null);
        }
        if (key != null && !res.stdoutTruncated() && !res.stderrTruncated()) {
            try {
                cache.store(key, c.dir().build(), res.stdout(), res.stderr());
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot cache the compile of run {}: {}", job.id(), e.toString());
            }
        }
        return new Compiled(res, c.dir().build());
    }

    /**
     * Hash of everything that decides a compile's output: language, image (name, digest, version, build key), the
     * runner's whole directory (its scripts) and the expanded compile argv and environment (which carry the
     * entrypoint and the file names), every file's name and bytes in order, the compile limits and the sandbox uid.
     */
    private String cacheKey(Job job, List<String> argvTemplate, Map<String, String> cmdEnv, Limits limits,
                            List<SourceFile> files) throws IOException {
        ImageInfo img = job.image();
        CompileCache.KeyBuilder k = new CompileCache.KeyBuilder()
                .add(job.runner().language())
                .add(img.name()).add(img.digest()).add(img.version()).add(img.key())
                .addTree(layout.runnerDir(job.runner().language()))
                .add(argv(job, argvTemplate, List.of()))
                .add(environment(job, cmdEnv))
                .add(limits.toString())
                .add(String.valueOf(settings.sandboxUid()))
                .add("files" + files.size());
        for (SourceFile f : files) {
            k.add(f.name()).add(f.content());
        }
        return k.build();
    }

    private static List<String> argv(Job job, List<String> argvTemplate, List<String> extraArgs) {
        List<String> argv = new ArrayList<>();
        for (String a : argvTemplate) {
            argv.add(expand(a, job.request().entrypoint()));
        }
        if (extraArgs != null) {
            argv.addAll(extraArgs);
        }
        return argv;
    }

    private static Map<String, String> environment(Job job, Map<String, String> cmdEnv) {
        Map<String, String> env = new TreeMap<>(SpecBuilder.baseEnv());
        env.putAll(job.runner().env());
        if (cmdEnv != null) {
            env.putAll(cmdEnv);
        }
        env.put("KERAT_ENTRYPOINT", job.request().entrypoint());
        env.put("KERAT_SOURCE_FILES", joinNames(job.request().files()));
        if (job.request().tests() != null && !job.request().tests().isEmpty()) {
            env.put("KERAT_TEST_FILES", joinNames(job.request().tests()));
            if (job.request().framework() != null) {
                env.put("KERAT_FRAMEWORK", job.request().framework());
            }
        }
        return env;
    }

    /** Runs one sandbox; the caller closes the returned stage directory (or keeps it for the build output). */
    private Stage stage(Job job, String name, List<String> argvTemplate, List<String> extraArgs,
                        Map<String, String> cmdEnv, Limits limits, List<SourceFile> files, byte[] stdin,
                        Path buildReadOnly, boolean buildWritable) throws IOException {
        if (job.cancel().isCancelled()) {
            return new Stage(null, cancelled());
        }
        // a stage whose output order matters reads its pipes from one thread from the start: no pooled sandbox
        WarmPool p = job.request().streams() != null && job.request().streams().needsOrder() ? null : pool;
        if (p != null && !buildWritable && (buildReadOnly == null || servesBuilds(job.runner()))) {
            WarmPool.Entry e = p.take(job.runner().language(), limits, job.image().rootfs());
            if (e != null) {
                Stage pooled = pooledStage(job, name, e, argv(job, argvTemplate, extraArgs), environment(job, cmdEnv),
                        limits, files, stdin, buildReadOnly);
                if (pooled != null) {
                    return pooled;
                }
            }
        }
        int uid = settings.sandboxUid();
        StageDir sd = new StageDir(job.dir(), name, limits.diskBytes(), uid);
        try {
            sd.writeFiles(files, uid);
            List<String> argv = argv(job, argvTemplate, extraArgs);
            Map<String, String> env = environment(job, cmdEnv);
            List<Mount> mounts = new ArrayList<>();
            mounts.add(Mount.bind("/workspace", sd.workspace().toString(), false));
            mounts.add(Mount.bind("/kerat/out", sd.out().toString(), false));
            mounts.add(Mount.bind("/kerat/runner", layout.runnerDir(job.runner().language()).toString(), true));
            if (buildWritable) {
                mounts.add(Mount.bind("/kerat/build", sd.build().toString(), false));
            } else if (buildReadOnly != null) {
                mounts.add(Mount.bind("/kerat/build", buildReadOnly.toString(), true));
            }
            SandboxSpec spec = new SandboxSpec(job.image().rootfs(), argv, env, "/workspace", uid, mounts,
                    limits.diskBytes(), limits.processes(), limits.openFiles(), limits.fileSizeBytes(), null, "kerat");
            job.trace().sandboxStarting(name);
            if (job.request().streams() != null) {
                job.request().streams().stageStarted(name);
            }
            long sandboxStart = System.nanoTime();
            SandboxResult sr = sandboxes.run(new SandboxJob(job.id() + "-" + name, sd.dir(), spec, limits, stdin,
                    job.request().streams()), job.cancel());
            job.trace().sandboxEnded(name, System.nanoTime() - sandboxStart, false);
            notStarted(sr);
            return new Stage(sd, verdict(sr, limits));
        } catch (IOException | RuntimeException e) {
            closeQuietly(sd);
            if (e instanceof io.kerat.cgroup.CgroupException ce) {
                throw new ExecutionException(Kind.UNAVAILABLE, "cgroup setup failed: " + ce.getMessage(), ce);
            }
            throw e;
        }
    }

    // --- warm pool ----------------------------------------------------------------------------------------

    private volatile WarmPool pool;
    private static final List<String> WAITER = List.of("/bin/sh", "-c", "read -r go && . /kerat/ctl/go.sh");

    /** Starts (or resizes) the warm pool; sizes per language, 0 turns a language off. */
    public synchronized void configurePool(Map<String, Integer> sizes, long budgetBytes) {
        if (pool == null) {
            Map<String, Integer> eligible = new java.util.TreeMap<>();
            sizes.forEach((lang, n) -> runners.find(lang).ifPresent(r -> eligible.put(r.language(), n)));
            if (eligible.values().stream().allMatch(n -> n <= 0)) {
                return;
            }
            pool = new WarmPool(new WarmPool.Factory() {
                @Override
                public WarmPool.Entry create(String language) throws Exception {
                    return prestart(language);
                }

                @Override
                public void discard(WarmPool.Entry e) {
                    sandboxes.discard(e.started());
                    closeQuietly(e.dir());
                }
            }, eligible, budgetBytes);
        } else {
            sizes.forEach((lang, n) -> runners.find(lang).ifPresent(r -> pool.resize(r.language(), n)));
        }
    }

    /** Stops the pool and removes its idle sandboxes. */
    public synchronized void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    /** Requests served by a pre-started sandbox so far. */
    public long poolHandOuts() {
        WarmPool p = pool;
        return p == null ? 0 : p.handOuts();
    }

    /** Ids of idle pooled sandboxes (they exist on purpose). */
    public List<String> poolIdleIds() {
        WarmPool p = pool;
        return p == null ? List.of() : p.idleIds();
    }

    /**
     * The run stage's limits, with the runner's {@code test.default_limits} raising the defaults of a tests-mode run
     * (never past the maximum: a runner's wish is clamped silently, it is not the client's request).
     */
    static StageLimits testStageLimits(RunnerDef runner, Mode mode, StageLimits run) {
        if (mode != Mode.TESTS || runner.test() == null || runner.test().defaultLimits().isEmpty()) {
            return run;
        }
        Map<String, Long> d = runner.test().defaultLimits();
        LimitsRequest raise = new LimitsRequest(d.get("wall_time_ms"), d.get("cpu_time_ms"), d.get("memory_bytes"),
                d.get("processes"), d.get("output_bytes"), d.get("file_size_bytes"), d.get("disk_bytes"), null);
        return new StageLimits(LimitsResolver.resolve(raise, run.defaults(), run.maximum(), "").limits(), run.maximum());
    }

    /**
     * The image of the language version a request asks for (null: the default): 400 {@code unknown_version} naming
     * the installed ones when none matches, 503 when the language has no image at all.
     */
    public ImageInfo image(RunnerDef runner, String version) throws ExecutionException {
        RuntimeVersions versions = images.versions(runner.image(), settings.defaultVersions().get(runner.language()));
        if (versions.isEmpty()) {
            try {
                return images.resolve(runner.image()); // names the command that builds it
            } catch (ImageException e) {
                throw new ExecutionException(Kind.UNAVAILABLE, e.getMessage(), e);
            }
        }
        try {
            return versions.pick(version).image();
        } catch (RuntimeVersions.UnknownVersionException e) {
            throw new ExecutionException(Kind.BAD_REQUEST, "unknown_version", runner.language() + ": " + e.getMessage());
        }
    }

    /** A sandbox of the language's image with its default run limits, waiting for its hand-over line. */
    private WarmPool.Entry prestart(String language) throws IOException {
        RunnerDef runner = runners.find(language).orElseThrow();
        ImageInfo image = image(runner, null);
        StageLimits sl = settings.limitsFor(runner.language(), "run");
        Limits limits = LimitsResolver.resolve(LimitsRequest.NONE, sl.defaults(), sl.maximum(), "").limits();
        int uid = settings.sandboxUid();
        String id = Ids.random() + "-pool";
        Files.createDirectories(layout.runsDir());
        StageDir sd = new StageDir(layout.runsDir(), id, limits.diskBytes(), uid);
        try {
            List<Mount> mounts = new ArrayList<>(List.of(
                    Mount.bind("/workspace", sd.workspace().toString(), false),
                    Mount.bind("/kerat/out", sd.out().toString(), false),
                    Mount.bind("/kerat/runner", layout.runnerDir(runner.language()).toString(), true),
                    Mount.bind("/kerat/ctl", sd.ctl().toString(), true)));
            if (servesBuilds(runner)) {
                // filled at hand-over with the compile output, which the cold path mounts read-only from elsewhere
                sd.mountBuild(buildBytes(runner));
                mounts.add(Mount.bind("/kerat/build", sd.build().toString(), true));
            }
            SandboxSpec spec = new SandboxSpec(image.rootfs(), WAITER, new TreeMap<>(SpecBuilder.baseEnv()), "/workspace",
                    uid, mounts, limits.diskBytes(), limits.processes(), limits.openFiles(), limits.fileSizeBytes(), null,
                    "kerat");
            io.kerat.sandbox.SandboxRunner.Started started = sandboxes.start(new SandboxJob(id, sd.dir(), spec, limits, null));
            if (!started.isAlive()) {
                sandboxes.discard(started);
                closeQuietly(sd);
                return null;
            }
            return new WarmPool.Entry(runner.language(), limits, image.rootfs(), sd, started);
        } catch (IOException | RuntimeException e) {
            closeQuietly(sd);
            throw e;
        }
    }

    /** Whether a language's pooled sandboxes get a build mount: it has a compile step (run or tests mode). */
    static boolean servesBuilds(RunnerDef runner) {
        return runner.compile() != null || (runner.test() != null && runner.test().compile() != null);
    }

    /** The size of a pooled sandbox's build tmpfs: the largest compile output the compile stage could leave. */
    private long buildBytes(RunnerDef runner) {
        return settings.limitsFor(runner.language(), "compile").maximum().diskBytes();
    }

    /**
     * Runs a stage in a pre-started sandbox: the compile output (if any) copied into its build mount, the files
     * and the hand-over script first, then the release line. Returns null, with the sandbox discarded, when the
     * compile output cannot be copied (links, special files, too big): the caller runs the stage cold.
     */
    private Stage pooledStage(Job job, String name, WarmPool.Entry e, List<String> argv, Map<String, String> env,
                              Limits limits, List<SourceFile> files, byte[] stdin, Path buildReadOnly) throws IOException {
        StageDir sd = e.dir();
        if (buildReadOnly != null) {
            try {
                // never through a link: the compile output was written by the (now dead) compile sandbox
                CompileCache.SafeCopy.copyInto(buildReadOnly, sd.build(), buildBytes(job.runner()),
                        CompileCache.MAX_FILES, CompileCache.MAX_DEPTH);
            } catch (CompileCache.SafeCopy.Refused | IOException ex) {
                LOG.info("compile output of {} not copied into a pooled sandbox ({}); running {} cold",
                        job.id(), ex.getMessage(), name);
                sandboxes.discard(e.started());
                closeQuietly(sd);
                return null;
            }
        }
        try {
            sd.writeFiles(files, settings.sandboxUid());
            sd.writeControl(handOverScript(argv, env));
            job.trace().sandboxStarting(name);
            if (job.request().streams() != null) {
                job.request().streams().stageStarted(name);
            }
            long sandboxStart = System.nanoTime();
            SandboxResult sr = sandboxes.finish(e.started(), "GO\n".getBytes(StandardCharsets.US_ASCII), stdin, job.cancel(),
                    job.request().streams());
            job.trace().sandboxEnded(name, System.nanoTime() - sandboxStart, true);
            notStarted(sr);
            String missing = MissingProgram.of(sr);
            if (missing != null) {
                throw new ProgramNotStarted(missing);
            }
            return new Stage(sd, verdict(sr, limits));
        } catch (IOException | RuntimeException ex) {
            sandboxes.discard(e.started());
            closeQuietly(sd);
            throw ex;
        }
    }

    /**
     * The script the waiting init sources at hand-over: the program's exact environment and argv, every word
     * single-quoted. The init shell sets the environment itself ({@code unset} what it was started with and does
     * not keep, {@code export} the rest; dash exports PWD on its own, so that goes too) and {@code exec}s the program:
     * one exec under gVisor instead of three (sh, env, program), each of which costs several ms on ptrace. Names
     * that are not shell names, or an argv[0] a shell would read as an option, fall back to {@code exec env -i}.
     */
    static String handOverScript(List<String> argv, Map<String, String> env) {
        Map<String, String> sorted = new TreeMap<>(env);
        boolean plain = !argv.isEmpty() && !argv.get(0).startsWith("-")
                && sorted.keySet().stream().allMatch(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*"));
        StringBuilder b = new StringBuilder();
        if (plain) {
            java.util.SortedSet<String> drop = new java.util.TreeSet<>(SpecBuilder.baseEnv().keySet());
            drop.add("PWD");
            drop.add("OLDPWD");
            drop.removeAll(sorted.keySet());
            b.append("unset");
            drop.forEach(k -> b.append(' ').append(k));
            b.append('\n');
            for (Map.Entry<String, String> kv : sorted.entrySet()) {
                b.append("export ").append(shellQuote(kv.getKey() + "=" + kv.getValue())).append('\n');
            }
            b.append(MissingProgram.check(shellQuote(argv.get(0))));
            b.append("exec");
        } else {
            b.append("exec env -i");
            for (Map.Entry<String, String> kv : sorted.entrySet()) {
                b.append(' ').append(shellQuote(kv.getKey() + "=" + kv.getValue()));
            }
            // no "--": env takes the first word after the assignments as the command (argv[0] has no '=')
        }
        for (String a : argv) {
            b.append(' ').append(shellQuote(a));
        }
        return b.append('\n').toString();
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String expand(String arg, String entrypoint) {
        String stem = entrypoint;
        int slash = stem.lastIndexOf('/');
        int dot = stem.lastIndexOf('.');
        if (dot > slash + 0 && dot > 0) {
            stem = stem.substring(0, dot);
        }
        return arg.replace("{entrypoint}", entrypoint)
                .replace("{entrypoint_stem}", stem)
                .replace("{entrypoint_class}", stem.replace('/', '.'));
    }

    private static String joinNames(List<SourceFile> files) {
        StringBuilder b = new StringBuilder();
        for (SourceFile f : files) {
            if (b.length() > 0) {
                b.append(':');
            }
            b.append(f.name());
        }
        return b.toString();
    }

    /**
     * Not the program's fault: runsc missing is a 503 naming the cause; runsc that could not start the program ends
     * the request as {@code internal_error} ({@link ProgramNotStarted}).
     */
    private static void notStarted(SandboxResult sr) throws ExecutionException {
        switch (sr.termination()) {
            case RUNTIME_FAILURE -> throw new ExecutionException(Kind.UNAVAILABLE, sr.message());
            case START_FAILED -> throw new ProgramNotStarted(sr.message());
            default -> { }
        }
    }

    /** Maps how a sandbox ended onto a verdict. Memory is judged from the cgroup's counters, never from exit 137. */
    static StageResult verdict(SandboxResult r, Limits limits) {
        Status status;
        String message = r.message();
        switch (r.termination()) {
            case WALL_TIME -> {
                status = Status.TIME_LIMIT;
                message = "wall time limit of " + limits.wallTimeMs() + " ms exceeded";
            }
            case CPU_TIME -> {
                status = Status.TIME_LIMIT;
                message = "CPU time limit of " + limits.cpuTimeMs() + " ms exceeded";
            }
            case MEMORY -> {
                status = Status.MEMORY_LIMIT;
                message = "memory limit of " + limits.memoryBytes() + " bytes exceeded";
            }
            case OUTPUT -> {
                status = Status.OUTPUT_LIMIT;
                message = "output limit of " + limits.outputBytes() + " bytes per stream exceeded";
            }
            case CANCELLED -> status = Status.CANCELLED;
            case RUNTIME_FAILURE, START_FAILED -> status = Status.INTERNAL_ERROR;
            default -> {
                if (r.exitCode() != null && r.exitCode() == 0) {
                    status = Status.OK;
                } else if (r.memoryLimitHits() > 0) {
                    status = Status.MEMORY_LIMIT;
                    message = "memory limit of " + limits.memoryBytes() + " bytes exceeded";
                } else {
                    status = Status.RUNTIME_ERROR;
                    if (r.signal() != null && r.signal() == 25) {
                        message = "file size limit of " + limits.fileSizeBytes() + " bytes exceeded (SIGXFSZ)";
                    }
                }
            }
        }
        return new StageResult(status, r.exitCode(), r.signal(), text(r.stdout()), text(r.stderr()),
                r.stdoutTruncated(), r.stderrTruncated(), r.wallNanos(), r.cpuNanos(), r.memoryBytes(), message);
    }

    private static StageResult cancelled() {
        return new StageResult(Status.CANCELLED, null, null, "", "", false, false, 0, 0, 0, "cancelled");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(StageDir s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            LOG.warn("cannot clean stage {}: {}", s.dir(), e.getMessage());
        }
    }

    /** What a test harness wrote to /kerat/out/results.jsonl. */
    record HarnessReport(List<TestResult> tests, boolean finished, String compileError, int garbage) {
        static HarnessReport parse(byte[] raw) {
            List<TestResult> tests = new ArrayList<>();
            if (raw == null) {
                return new HarnessReport(tests, false, null, 0);
            }
            boolean done = false;
            String compileError = null;
            int garbage = 0;
            for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = Json.mapper().readTree(line);
                } catch (IOException e) {
                    garbage++;
                    continue;
                }
                if (!n.isObject()) {
                    garbage++;
                    continue;
                }
                String event = n.path("event").asText("");
                if (event.equals("done")) {
                    done = true;
                } else if (event.equals("compile_error")) {
                    compileError = n.path("message").asText("");
                } else if (n.hasNonNull("name") && n.hasNonNull("status")) {
                    String st = n.path("status").asText();
                    if (!List.of("passed", "failed", "errored", "skipped").contains(st)) {
                        garbage++;
                        continue;
                    }
                    tests.add(new TestResult(n.path("name").asText(), st, st.equals("passed"),
                            n.hasNonNull("message") ? n.path("message").asText() : null,
                            n.hasNonNull("stack_trace") ? n.path("stack_trace").asText() : null,
                            n.path("duration_ms").asLong(0)));
                } else {
                    garbage++;
                }
            }
            return new HarnessReport(tests, done, compileError, garbage);
        }
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
            Stage s = stage(new Job(id, dir, runner, image, req, new CancelToken(), new RunTrace(), new CompileState()), "doctor",
                    SmokeTest.argv(runner), List.of(), Map.of(), SmokeTest.limits(settings.runDefaults()),
                    req.files(), null, null, false);
            closeQuietly(s.dir());
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
