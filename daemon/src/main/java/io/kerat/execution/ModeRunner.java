package io.kerat.execution;

import io.kerat.config.Limits;

import java.io.IOException;
import java.util.List;

/** One request mode's plan over {@link Stages}: which sandboxes to run and how their outcomes make a verdict. */
interface ModeRunner {
    /**
     * Runs the mode. {@code keep} collects stage directories (compile outputs) that must live until the request
     * ends; the caller closes them. The result's identity fields (id, language, ...) are filled by the caller.
     */
    ExecutionResult run(Job job, Limits runLimits, Limits compileLimits, List<StageDir> keep) throws IOException;

    static ExecutionResult compileFailed(StageResult compiled) {
        String msg = compiled.status() == Status.RUNTIME_ERROR ? null
                : "compilation ended with " + compiled.status().wire();
        return partial(Status.COMPILE_ERROR, msg, compiled, null, null, null);
    }

    static ExecutionResult partial(Status status, String message, StageResult compile, StageResult run,
                                   List<CaseResult> cases, List<TestResult> tests) {
        return new ExecutionResult(null, null, null, status, message, compile, run, cases, tests, null, null, null, 0);
    }
}
