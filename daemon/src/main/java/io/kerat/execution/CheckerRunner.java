package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.config.StageLimits;
import io.kerat.execution.ExecutionException.Kind;
import io.kerat.image.ImageInfo;
import io.kerat.judging.BuiltinChecker;
import io.kerat.judging.CheckOutcome;
import io.kerat.judging.Verdict;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a case's output: with a built-in checker in the daemon, or with a checker program, compiled once per request
 * and run per case in a sandbox of its own (its language's image, its own limits, no access to the solution's
 * sandbox), given {@code input}, {@code output} and {@code answer} as files in its workspace.
 */
final class CheckerRunner {
    private final Settings settings;
    private final RunnerCatalog runners;
    private final ImagePicker picker;
    private final Stages stages;
    private final Compilation compilation;

    CheckerRunner(Settings settings, RunnerCatalog runners, ImagePicker picker, Stages stages, Compilation compilation) {
        this.settings = settings;
        this.runners = runners;
        this.picker = picker;
        this.stages = stages;
        this.compilation = compilation;
    }

    /** A request's checker, ready to judge: built in, or a program with its job and compile output. */
    record Prepared(BuiltinChecker builtin, CheckerProgram program, Job job, Path build, Limits limits,
                    StageResult compile, List<String> clamped) {
        boolean compileFailed() {
            return compile != null && compile.status() != Status.OK;
        }
    }

    /** Resolves the checker program's runner, image and limits and compiles it (once, through the cache). */
    Prepared prepare(Job job, Judging judging, List<StageDir> keep) throws IOException {
        CheckerProgram p = judging.program();
        if (p == null) {
            return new Prepared(judging.builtin() == null ? BuiltinChecker.LINES : judging.builtin(), null, null, null,
                    null, null, List.of());
        }
        RunnerDef runner = runners.find(p.language())
                .orElseThrow(() -> new ExecutionException(Kind.BAD_REQUEST, "unknown checker language: " + p.language()));
        ImageInfo image = picker.image(runner, null);
        StageLimits sl = settings.limitsFor(runner.language(), "run");
        StageLimits cl = settings.limitsFor(runner.language(), "compile");
        LimitsResolver.Resolved resolved = LimitsResolver.resolve(p.limits(), sl.defaults(), sl.maximum(), "checker_");
        Limits limits = resolved.limits();
        Limits compileLimits = LimitsResolver.resolve(LimitsRequest.NONE, cl.defaults(), cl.maximum(), "").limits();
        ExecutionRequest req = new ExecutionRequest(runner.language(), p.files(), p.entrypoint(), new byte[0], List.of(),
                p.limits(), LimitsRequest.NONE, List.of(), List.of());
        Job cj = new Job(job.id(), job.dir(), runner, image, req, job.cancel(), job.trace(),
                new Job.CompileState(job.compile().leases));
        if (runner.compile() == null) {
            return new Prepared(null, p, cj, null, limits, null, resolved.clamped());
        }
        Compiled c = compilation.compile(cj, "checker-compile", runner.compile().argv(), runner.compile().env(),
                compileLimits, p.files(), keep);
        return new Prepared(null, p, cj, c.build(), limits, c.result(), resolved.clamped());
    }

    /** Judges case {@code index}'s output (the solution ran and exited 0). */
    CheckOutcome check(Prepared c, int index, TestCase tc, byte[] output) throws IOException {
        String expected = tc.expectedOutput();
        if (c.program() == null) {
            if (expected == null) {
                return CheckOutcome.accepted(null);
            }
            return c.builtin().check(expected, new String(output, StandardCharsets.UTF_8));
        }
        List<SourceFile> files = new ArrayList<>(c.program().files());
        files.add(new SourceFile("input", tc.stdin() == null ? new byte[0] : tc.stdin()));
        files.add(new SourceFile("output", output));
        files.add(new SourceFile("answer", expected == null ? new byte[0] : expected.getBytes(StandardCharsets.UTF_8)));
        RunnerDef r = c.job().runner();
        Stage s = stages.run(c.job(), "check" + index, r.run().argv(), CheckerProgram.CASE_FILES, r.run().env(),
                c.limits(), files, null, c.build(), false);
        Stages.closeQuietly(s.dir());
        StageResult sr = s.result();
        return switch (sr.status()) {
            case OK, RUNTIME_ERROR -> sr.exitCode() == null || sr.signal() != null
                    ? CheckOutcome.of(Verdict.CHECKER_ERROR, "the checker was killed by signal " + sr.signal())
                    : c.program().protocol().interpret(sr.exitCode(), sr.stdout(), sr.stderr());
            case CANCELLED -> CheckOutcome.of(Verdict.SKIPPED, "cancelled");
            default -> CheckOutcome.of(Verdict.CHECKER_ERROR, "the checker ended with " + sr.status().wire()
                    + (sr.message() == null ? "" : ": " + sr.message()));
        };
    }
}
