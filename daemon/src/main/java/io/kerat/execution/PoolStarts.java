package io.kerat.execution;

import io.kerat.config.Layout;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.config.StageLimits;
import io.kerat.image.ImageInfo;
import io.kerat.oci.Mount;
import io.kerat.oci.SandboxSpec;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.SandboxJob;
import io.kerat.sandbox.SandboxRunner;
import io.kerat.util.Ids;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Starts the warm pool's sandboxes: their limits, mounts and init ({@link SandboxPool} decides how many). */
final class PoolStarts {
    private final Settings settings;
    private final Layout layout;
    private final RunnerCatalog runners;
    private final ImagePicker picker;
    private final SandboxRunner sandboxes;

    PoolStarts(Settings settings, Layout layout, RunnerCatalog runners, ImagePicker picker, SandboxRunner sandboxes) {
        this.settings = settings;
        this.layout = layout;
        this.runners = runners;
        this.picker = picker;
        this.sandboxes = sandboxes;
    }

    /** The size of a pooled sandbox's build tmpfs: the largest compile output the compile stage could leave. */
    long buildBytes(RunnerDef runner) {
        return settings.limitsFor(runner.language(), "compile").maximum().diskBytes();
    }

    /**
     * What a pooled sandbox is started with: the language's maximum run limits (lowered to the request's at
     * hand-over), but its default memory and disk. gVisor fixes the guest's MemTotal at the sandbox's start from its
     * cgroup limit, and runtimes size their heaps from it (the JVM's MaxRAMPercentage=100, V8): started with the
     * maximum, a Java heap balloon under the default limit grew slowly past the wall time instead of ending as
     * memory_limit. gVisor's own /tmp, /var/tmp and /dev/shm cannot be resized from outside. So stages with more
     * memory than the default, or another disk size, start cold (see {@link WarmPool#fits}).
     */
    Limits poolLimits(RunnerDef runner) {
        return startLimits(settings.limitsFor(runner.language(), "run"));
    }

    /** What a compile pool's sandbox is started with: as {@link #poolLimits}, from the compile limits. */
    Limits compilePoolLimits(RunnerDef runner) {
        return startLimits(settings.limitsFor(runner.language(), "compile"));
    }

    /** The maximum limits of a stage, but its default memory and disk. */
    private static Limits startLimits(StageLimits sl) {
        Limits max = sl.maximum();
        return max.withDiskBytes(Math.min(sl.defaults().diskBytes(), max.diskBytes()))
                .withMemoryBytes(Math.min(sl.defaults().memoryBytes(), max.memoryBytes()));
    }

    /**
     * A sandbox of the language's image with the pool's limits, waiting for its hand-over line. One of a compile pool
     * ({@code key} is a {@link SandboxPool#compileKey}) has the compile limits, its build/ mounted writable on its own stage
     * tmpfs (as a cold compile's) and always the shell init.
     */
    WarmPool.Entry start(String key, boolean interpreters) throws IOException {
        boolean compile = key.endsWith(SandboxPool.COMPILE);
        RunnerDef runner = runners.find(compile ? key.substring(0, key.length() - SandboxPool.COMPILE.length()) : key)
                .orElseThrow();
        ImageInfo image = picker.image(runner, null);
        Limits limits = compile ? compilePoolLimits(runner) : poolLimits(runner);
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
            if (compile) {
                mounts.add(Mount.bind("/kerat/build", sd.build().toString(), false));
            } else if (SandboxPool.servesBuilds(runner)) {
                // filled at hand-over with the compile output, which the cold path mounts read-only from elsewhere
                sd.mountBuild(buildBytes(runner));
                mounts.add(Mount.bind("/kerat/build", sd.build().toString(), true));
            }
            PoolInit init = PoolInit.of(runner, interpreters && !compile);
            SandboxSpec spec = new SandboxSpec(image.rootfs(), init.argv(), init.env(), "/workspace",
                    uid, mounts, limits.diskBytes(), limits.processes(), limits.openFiles(), limits.fileSizeBytes(), null,
                    "kerat");
            SandboxRunner.Started started = sandboxes.start(new SandboxJob(id, sd.dir(), spec, limits, null));
            if (!started.isAlive()) {
                sandboxes.discard(started);
                Stages.closeQuietly(sd);
                return null;
            }
            return new WarmPool.Entry(compile ? key : runner.language(), limits, image.rootfs(), sd, started);
        } catch (IOException | RuntimeException e) {
            Stages.closeQuietly(sd);
            throw e;
        }
    }
}
