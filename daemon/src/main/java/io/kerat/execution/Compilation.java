package io.kerat.execution;

import io.kerat.config.Layout;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.image.ImageInfo;
import io.kerat.runner.RunnerDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Compile stages and the compile cache in front of them. */
final class Compilation {
    private static final Logger LOG = LoggerFactory.getLogger(Compilation.class);

    private final Settings settings;
    private final Layout layout;
    private final Stages stages;
    private final CompileCache cache;

    /** {@code cache}: null for none. */
    Compilation(Settings settings, Layout layout, Stages stages, CompileCache cache) {
        this.settings = settings;
        this.layout = layout;
        this.stages = stages;
        this.cache = cache;
    }

    /** The job's program's own compile stage (run and cases modes), or null when its language has none. */
    Compiled program(Job job, Limits compileLimits, List<StageDir> keep) throws IOException {
        RunnerDef r = job.runner();
        if (r.compile() == null) {
            return null;
        }
        return compile(job, "compile", r.compile().argv(), r.compile().env(), compileLimits, job.request().files(), keep);
    }

    /**
     * The compile stage, or its cached outcome. A hit skips the sandbox: it reports the cached compiler output with
     * zero times and the message "cached", and later stages get the cache entry (leased until the request ends)
     * read-only. A successful fresh compile is copied into the cache once its sandbox is dead.
     */
    Compiled compile(Job job, String name, List<String> argvTemplate, Map<String, String> cmdEnv, Limits limits,
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
        Stage c = stages.run(job, name, argvTemplate, List.of(), cmdEnv, limits, files, null, null, true);
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
        CompileKey k = new CompileKey()
                .add(job.runner().language())
                .add(img.name()).add(img.digest()).add(img.version()).add(img.key())
                .addTree(layout.runnerDir(job.runner().language()))
                .add(Commands.argv(job, argvTemplate, List.of()))
                .add(Commands.environment(job, cmdEnv))
                .add(limits.toString())
                .add(String.valueOf(settings.sandboxUid()))
                .add("files" + files.size());
        for (SourceFile f : files) {
            k.add(f.name()).add(f.content());
        }
        return k.build();
    }
}
