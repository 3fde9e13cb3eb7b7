package io.kerat.execution;

import io.kerat.config.Layout;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.execution.ExecutionException.Kind;
import io.kerat.oci.Mount;
import io.kerat.oci.SandboxSpec;
import io.kerat.oci.SpecBuilder;
import io.kerat.sandbox.CaseSandbox;
import io.kerat.sandbox.SandboxJob;
import io.kerat.sandbox.SandboxResult;
import io.kerat.sandbox.SandboxRunner;
import io.kerat.util.Posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code process} case isolation: every case of one request runs in one sandbox ({@link CaseSandbox}), each as a
 * fresh process with the workspace and /tmp reset and every process of the previous case killed. A sandbox that
 * dies (the host's OOM killer on a memory limit) is replaced before the next case. Limits are the request's run
 * limits, verdicts come from {@link Verdicts} as in the {@code sandbox} mode.
 */
final class ProcessCases implements AutoCloseable {
    private final Settings settings;
    private final Layout layout;
    private final SandboxRunner sandboxes;
    private final Job job;
    private final Limits limits;
    private final Path build;
    private StageDir dir;
    private CaseSandbox box;
    private int started;

    ProcessCases(Settings settings, Layout layout, SandboxRunner sandboxes, Job job, Limits limits, Path build) {
        this.settings = settings;
        this.layout = layout;
        this.sandboxes = sandboxes;
        this.job = job;
        this.limits = limits;
        this.build = build;
    }

    /** Whether a request's cases run in the {@code process} mode: its own choice, else the admin's default. */
    static boolean wanted(Settings settings, Judging judging) {
        String mode = judging.isolation() != null ? judging.isolation() : settings.casesIsolation();
        return "process".equals(mode) && judging.interactor() == null;
    }

    /**
     * Runs case {@code i}: the returned stage's directory is the shared one (read its workspace now, never close
     * it: {@link #close} does).
     */
    Stage run(int i, List<String> argv, Map<String, String> env, List<SourceFile> files, byte[] stdin)
            throws IOException {
        if (job.cancel().isCancelled()) {
            return new Stage(null, Verdicts.cancelled());
        }
        ensureStarted();
        Path ctl = dir.ctl();
        // no process of the sandbox runs between cases (its init kills them all before it reports a status): the
        // workspace is emptied from the host, never following a link the last case left, and filled again
        empty(dir.workspace());
        empty(dir.out()); // nothing a case planted there (a status, an output) may pass for the next case's

        dir.writeFiles(files, settings.sandboxUid());
        write(ctl.resolve(i + ".in"), stdin == null ? new byte[0] : stdin);
        write(ctl.resolve(i + ".sh"), HandOverScript.of(argv, env).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String name = "case" + i;
        job.trace().sandboxStarting(name);
        long t0 = System.nanoTime();
        SandboxResult sr;
        try {
            sr = box.runCase(i, limits, job.cancel());
        } finally {
            job.trace().sandboxEnded(name, System.nanoTime() - t0, true);
            Files.deleteIfExists(ctl.resolve(i + ".in"));
            Files.deleteIfExists(ctl.resolve(i + ".sh"));
        }
        String missing = MissingProgram.of(sr);
        if (missing != null) {
            throw new ProgramNotStarted(missing);
        }
        return new Stage(dir, Verdicts.verdict(sr, limits));
    }

    /** How many sandboxes the request used (1 unless one died). */
    int sandboxesStarted() {
        return started;
    }

    private void ensureStarted() throws IOException {
        if (box != null && box.isAlive()) {
            return;
        }
        close();
        int uid = settings.sandboxUid();
        dir = new StageDir(job.dir(), "cases" + started, limits.diskBytes(), uid);
        try {
            List<Mount> mounts = new ArrayList<>(List.of(
                    Mount.bind("/workspace", dir.workspace().toString(), false),
                    Mount.bind("/kerat/out", dir.out().toString(), false),
                    Mount.bind("/kerat/runner", layout.runnerDir(job.runner().language()).toString(), true),
                    Mount.bind("/kerat/ctl", dir.ctl().toString(), true)));
            if (build != null) {
                mounts.add(Mount.bind("/kerat/build", build.toString(), true));
            }
            SandboxSpec spec = new SandboxSpec(job.image().rootfs(), CaseSandbox.INIT,
                    new TreeMap<>(SpecBuilder.baseEnv()), "/workspace", uid, mounts, limits.diskBytes(),
                    limits.processes(), limits.openFiles(), limits.fileSizeBytes(), null, "kerat");
            box = CaseSandbox.start(sandboxes, new SandboxJob(job.id() + "-cases" + started, dir.dir(), spec, limits,
                    null), dir.out());
            started++;
            if (box.failure() != null) {
                throw new ExecutionException(Kind.UNAVAILABLE, box.failure().message());
            }
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof io.kerat.cgroup.CgroupException ce) {
                throw new ExecutionException(Kind.UNAVAILABLE, "cgroup setup failed: " + ce.getMessage(), ce);
            }
            throw e;
        }
    }

    private static void write(Path p, byte[] data) throws IOException {
        Files.write(p, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        Posix.chmod(p, 0644);
    }

    /** Deletes everything under {@code ws}; a walk that does not follow links, so a link is removed itself. */
    private static void empty(Path ws) throws IOException {
        try (var s = Files.walk(ws)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!q.equals(ws)) {
                    Files.delete(q);
                }
            }
        }
    }

    @Override
    public void close() {
        if (box != null) {
            box.close();
            box = null;
        }
        Stages.closeQuietly(dir);
        dir = null;
    }
}
