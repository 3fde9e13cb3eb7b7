package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.image.ImageException;
import io.kerat.image.ImageInfo;
import io.kerat.image.ImageStore;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;

import java.util.ArrayList;
import java.util.List;

/**
 * A language's smoke test: a sandbox on the image, with the runner's environment and the default run limits (wall
 * and CPU time raised for slow starts), runs
 * {@code /bin/sh} to check that every program the runner {@code requires} is on the PATH and prints a marker. It
 * proves that runsc, cgroups, mounts and the image work together. {@code kerat doctor} runs it on every installed
 * image; {@link #gate} runs it on a new image before it becomes current, so a broken one is never installed.
 */
public final class SmokeTest {
    static final String MARKER = "kerat-doctor-ok";
    private static final String SCRIPT = "for t do command -v \"$t\" >/dev/null 2>&1 || { echo \"$t not found in the image\" >&2; "
            + "missing=1; }; done; [ -z \"$missing\" ] || exit 127; echo " + MARKER;

    /** The outcome: passed or not, and what it saw (wall time, or what is missing). */
    public record Outcome(boolean ok, String detail) {
    }

    private SmokeTest() {}

    /**
     * The run defaults with room for a slow start: a loaded or nested host can take longer than a program's wall time
     * default just to start runsc (seen: over 5 s inside systemd-nspawn at load 15), and that must not refuse a good
     * image.
     */
    static Limits limits(Limits runDefaults) {
        return runDefaults.withWallTimeMs(Math.max(runDefaults.wallTimeMs(), 60_000))
                .withCpuTimeMs(Math.max(runDefaults.cpuTimeMs(), 20_000));
    }

    /** The smoke test's argv for a runner. */
    static List<String> argv(RunnerDef runner) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "sh"));
        argv.addAll(runner.requires());
        return argv;
    }

    /** Runs the runner's smoke test on {@code image} (installed or staged); never throws. */
    public static Outcome run(Executor executor, RunnerDef runner, ImageInfo image) {
        StageResult res;
        try {
            res = executor.smokeTest(runner, image);
        } catch (ExecutionException e) {
            return new Outcome(false, e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(false, e.toString());
        }
        if (res.status() == Status.OK && res.stdout().contains(MARKER)) {
            return new Outcome(true, "ran in " + res.wallTimeMs() + " ms");
        }
        String err = res.stderr().strip();
        if (res.status() == Status.RUNTIME_ERROR && err.contains("not found in the image")) {
            return new Outcome(false, err.replace("\n", "; "));
        }
        return new Outcome(false, res.status().wire() + (res.message() != null ? " (" + res.message() + ")" : "")
                + (res.exitCode() != null ? ", exit code " + res.exitCode() : "") + (err.isEmpty() ? "" : ": " + err));
    }

    /**
     * The check an image must pass before it becomes current: the smoke test of every runner that uses the image
     * ({@code python} and {@code python@3.11} are both the python runner's). An image no runner uses is not checked.
     */
    public static ImageStore.Verifier gate(Executor executor, RunnerCatalog runners) {
        return staged -> {
            String base = staged.name().contains("@") ? staged.name().substring(0, staged.name().indexOf('@')) : staged.name();
            for (RunnerDef r : runners.all()) {
                if (!r.image().equals(base)) {
                    continue;
                }
                Outcome o = run(executor, r, staged);
                if (!o.ok()) {
                    throw new ImageException("the " + r.language() + " smoke test failed in the new image: " + o.detail());
                }
            }
        };
    }
}
