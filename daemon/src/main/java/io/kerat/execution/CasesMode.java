package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.runner.RunnerDef;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compile once, then one fresh sandbox per stdin case, each output compared with the case's expected output. */
final class CasesMode implements ModeRunner {
    private final Stages stages;
    private final Compilation compilation;

    CasesMode(Stages stages, Compilation compilation) {
        this.stages = stages;
        this.compilation = compilation;
    }

    @Override
    public ExecutionResult run(Job job, Limits runLimits, Limits compileLimits, List<StageDir> keep) throws IOException {
        RunnerDef r = job.runner();
        Compiled c = compilation.program(job, compileLimits, keep);
        if (c != null && c.result().status() != Status.OK) {
            return ModeRunner.compileFailed(c.result());
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
            Stage s = stages.run(job, "case" + i++, r.run().argv(), job.request().args(), r.run().env(), runLimits,
                    job.request().files(), tc.stdin(), build, false);
            Stages.closeQuietly(s.dir());
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
        return ModeRunner.partial(overall, null, compiled, null, results, null);
    }
}
