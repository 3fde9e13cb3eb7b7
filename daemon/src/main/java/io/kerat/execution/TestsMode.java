package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.execution.ExecutionException.Kind;
import io.kerat.runner.RunnerDef;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The language's test harness over the files plus the test files; its report read from /kerat/out. */
final class TestsMode implements ModeRunner {
    static final String RESULTS_FILE = "results.jsonl";
    static final long RESULTS_CAP = 8 * Limits.MIB;

    private final Stages stages;
    private final Compilation compilation;

    TestsMode(Stages stages, Compilation compilation) {
        this.stages = stages;
        this.compilation = compilation;
    }

    @Override
    public ExecutionResult run(Job job, Limits runLimits, Limits compileLimits, List<StageDir> keep) throws IOException {
        RunnerDef r = job.runner();
        if (r.test() == null) {
            throw new ExecutionException(Kind.BAD_REQUEST, "language " + r.language() + " has no test runner");
        }
        List<SourceFile> all = new ArrayList<>(job.request().files());
        all.addAll(job.request().tests());
        Path build = null;
        StageResult compiled = null;
        if (r.test().compile() != null) {
            Compiled c = compilation.compile(job, "compile", r.test().compile(), r.test().env(), compileLimits, all, keep);
            compiled = c.result();
            if (compiled.status() != Status.OK) {
                return ModeRunner.compileFailed(compiled);
            }
            build = c.build();
        }
        Stage s = stages.run(job, "test", r.test().run(), List.of(), r.test().env(), runLimits, all, null, build, false);
        byte[] raw;
        String readError = null;
        try {
            raw = s.dir().readOut(RESULTS_FILE, RESULTS_CAP);
        } catch (IOException e) {
            raw = null;
            readError = e.getMessage();
        } finally {
            Stages.closeQuietly(s.dir());
        }
        StageResult run = s.result();
        HarnessReport report = HarnessReport.parse(raw);
        if (report.compileError() != null) {
            StageResult ce = new StageResult(Status.COMPILE_ERROR, run.exitCode(), run.signal(), run.stdout(),
                    report.compileError(), run.stdoutTruncated(), run.stderrTruncated(), run.wallTimeNs(),
                    run.cpuTimeNs(), run.memoryBytes(), null);
            return ModeRunner.partial(Status.COMPILE_ERROR, "the tests or the code under test do not compile", ce,
                    null, null, null);
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
        return ModeRunner.partial(overall, message, compiled, run, null, report.tests());
    }
}
