package io.kerat.execution;

import io.kerat.config.Layout;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.execution.ExecutionException.Kind;
import io.kerat.oci.Mount;
import io.kerat.oci.SandboxSpec;
import io.kerat.sandbox.SandboxJob;
import io.kerat.sandbox.SandboxResult;
import io.kerat.sandbox.StageStreams;
import io.kerat.sandbox.SandboxRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one stage in a sandbox: a pre-started one from the warm pool when one fits, else a cold one. The caller
 * closes the returned stage directory (or keeps it, for a compile's output).
 */
final class Stages {
    private static final Logger LOG = LoggerFactory.getLogger(Stages.class);

    private final Settings settings;
    private final Layout layout;
    private final SandboxRunner sandboxes;
    private final SandboxPool pool;

    Stages(Settings settings, Layout layout, SandboxRunner sandboxes, SandboxPool pool) {
        this.settings = settings;
        this.layout = layout;
        this.sandboxes = sandboxes;
        this.pool = pool;
    }

    /**
     * One sandbox named {@code name} (unique within the job). {@code buildReadOnly}: a compile output mounted at
     * /kerat/build; {@code buildWritable}: this is a compile, its own build/ is mounted writable (pooled only from
     * the language's compile pool, whose sandboxes have that mount).
     */
    Stage run(Job job, String name, List<String> argvTemplate, List<String> extraArgs, Map<String, String> cmdEnv,
              Limits limits, List<SourceFile> files, byte[] stdin, Path buildReadOnly, boolean buildWritable)
            throws IOException {
        if (job.cancel().isCancelled()) {
            return new Stage(null, Verdicts.cancelled());
        }
        StageStreams streams = job.request().streams();
        // a stage whose output order matters reads its pipes from one thread from the start: no pooled sandbox
        boolean poolable = streams == null || !streams.needsOrder();
        if (poolable && (buildWritable || buildReadOnly == null || SandboxPool.servesBuilds(job.runner()))) {
            WarmPool.Entry e = buildWritable
                    ? pool.takeCompile(job.runner().language(), limits, job.image().rootfs())
                    : pool.take(job.runner().language(), limits, job.image().rootfs());
            if (e != null) {
                try {
                    Stage pooled = pooled(job, name, e, argvTemplate, Commands.argv(job, argvTemplate, extraArgs),
                            Commands.environment(job, cmdEnv), limits, files, stdin, buildReadOnly);
                    if (pooled != null) {
                        return pooled;
                    }
                } finally {
                    pool.refill(); // its replacement starts now that the stage is over
                }
            }
        }
        int uid = settings.sandboxUid();
        StageDir sd = new StageDir(job.dir(), name, limits.diskBytes(), uid);
        try {
            sd.writeFiles(files, uid);
            List<String> argv = Commands.argv(job, argvTemplate, extraArgs);
            Map<String, String> env = Commands.environment(job, cmdEnv);
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
            if (streams != null) {
                streams.stageStarted(name);
            }
            long sandboxStart = System.nanoTime();
            SandboxResult sr = sandboxes.run(new SandboxJob(job.id() + "-" + name, sd.dir(), spec, limits, stdin,
                    streams), job.cancel());
            job.trace().sandboxEnded(name, System.nanoTime() - sandboxStart, false);
            notStarted(sr);
            return new Stage(sd, Verdicts.verdict(sr, limits));
        } catch (IOException | RuntimeException e) {
            closeQuietly(sd);
            if (e instanceof io.kerat.cgroup.CgroupException ce) {
                throw new ExecutionException(Kind.UNAVAILABLE, "cgroup setup failed: " + ce.getMessage(), ce);
            }
            throw e;
        }
    }

    /**
     * Runs a stage in a pre-started sandbox: the stage's limits applied (cgroup on the host, rlimits by the script),
     * the compile output (if any) copied into its build mount, the files and the hand-over script first, then the
     * release line. Returns null, with the sandbox discarded, when the limits cannot be applied or the compile output
     * cannot be copied (links, special files, too big): the caller runs the stage cold.
     */
    private Stage pooled(Job job, String name, WarmPool.Entry e, List<String> argvTemplate, List<String> argv,
                         Map<String, String> env,
                         Limits limits, List<SourceFile> files, byte[] stdin, Path buildReadOnly) throws IOException {
        StageDir sd = e.dir();
        if (!sandboxes.fit(e.started(), limits)) {
            sandboxes.discard(e.started());
            closeQuietly(sd);
            return null;
        }
        if (buildReadOnly != null) {
            try {
                // never through a link: the compile output was written by the (now dead) compile sandbox
                SafeCopy.copyInto(buildReadOnly, sd.build(), pool.buildBytes(job.runner()),
                        CompileCache.MAX_FILES, CompileCache.MAX_DEPTH);
            } catch (SafeCopy.Refused | IOException ex) {
                LOG.info("compile output of {} not copied into a pooled sandbox ({}); running {} cold",
                        job.id(), ex.getMessage(), name);
                sandboxes.discard(e.started());
                closeQuietly(sd);
                return null;
            }
        }
        try {
            sd.writeFiles(files, settings.sandboxUid());
            PoolInit init = SandboxPool.initOf(job.runner(), e.started());
            if (!init.awaitReady(sd, e.started())) {
                LOG.info("pooled {} sandbox {} did not come up; running {} of {} cold", job.runner().language(),
                        e.started().id(), name, job.id());
                sandboxes.discard(e.started());
                closeQuietly(sd);
                return null;
            }
            if (init.handOver(sd, argvTemplate, argv, env, limits)) {
                pool.countInterpreterRun();
            }
            job.trace().sandboxStarting(name);
            StageStreams streams = job.request().streams();
            if (streams != null) {
                streams.stageStarted(name);
            }
            long sandboxStart = System.nanoTime();
            SandboxResult sr = sandboxes.finish(e.started(), "GO\n".getBytes(StandardCharsets.US_ASCII), stdin, job.cancel(),
                    streams);
            job.trace().sandboxEnded(name, System.nanoTime() - sandboxStart, true);
            notStarted(sr);
            String missing = MissingProgram.of(sr);
            if (missing != null) {
                throw new ProgramNotStarted(missing);
            }
            return new Stage(sd, Verdicts.verdict(sr, limits));
        } catch (IOException | RuntimeException ex) {
            sandboxes.discard(e.started());
            closeQuietly(sd);
            throw ex;
        }
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

    Settings settings() {
        return settings;
    }

    /** The {@code process} isolation's one sandbox for all cases of {@code job} (started at its first case). */
    ProcessCases processCases(Job job, Limits limits, Path build) {
        return new ProcessCases(settings, layout, sandboxes, job, limits, build);
    }

    static void closeQuietly(StageDir s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            LOG.warn("cannot clean stage {}: {}", s.dir(), e.getMessage());
        }
    }
}
