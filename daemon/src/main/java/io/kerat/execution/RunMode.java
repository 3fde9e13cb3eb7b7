package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.runner.RunnerDef;

import java.io.IOException;
import java.util.List;

/** Compile if the language needs it, then one run with the request's stdin. */
final class RunMode implements ModeRunner {
    private final Stages stages;
    private final Compilation compilation;

    RunMode(Stages stages, Compilation compilation) {
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
        Stage s = stages.run(job, "run", r.run().argv(), job.request().args(), r.run().env(), runLimits,
                job.request().files(), job.request().stdin(), c == null ? null : c.build(), false);
        Stages.closeQuietly(s.dir());
        return ModeRunner.partial(s.result().status(), null, compiled, s.result(), null, null);
    }
}
