package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.judging.CheckOutcome;
import io.kerat.judging.Subtasks;
import io.kerat.judging.Verdict;
import io.kerat.runner.RunnerDef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compile once, then one fresh sandbox per case (or, in the {@code process} isolation, one fresh process per case in
 * one sandbox: {@link ProcessCases}) (its files written first, its output read from stdout or its
 * output file), each output judged by the request's checker ({@link CheckerRunner}); with groups, cases run group by
 * group and are scored ({@link Subtasks}). An interactive problem's cases run against its interactor instead
 * ({@link Interaction}), compiled once like a checker program.
 */
final class CasesMode implements ModeRunner {
    private final Stages stages;
    private final Compilation compilation;
    private final CheckerRunner checkers;
    private final Interaction interaction;

    CasesMode(Stages stages, Compilation compilation, CheckerRunner checkers) {
        this.stages = stages;
        this.compilation = compilation;
        this.checkers = checkers;
        this.interaction = new Interaction(stages);
    }

    @Override
    public ExecutionResult run(Job job, Limits runLimits, Limits compileLimits, List<StageDir> keep) throws IOException {
        Compiled c = compilation.program(job, compileLimits, keep);
        if (c != null && c.result().status() != Status.OK) {
            return ModeRunner.compileFailed(c.result());
        }
        StageResult compiled = c == null ? null : c.result();
        Judging judging = job.request().judging();
        CheckerRunner.Prepared checker = checkers.prepare(job, judging, keep);
        if (checker.compileFailed()) {
            return new ExecutionResult(null, null, null, Status.INTERNAL_ERROR,
                    "the checker did not compile (" + checker.compile().status().wire()
                            + "): the problem's fault, not the solution's; see checker_compile",
                    compiled, null, null, null, null, clamped(checker), null, 0, checker.compile(), null, null, null);
        }
        CheckerRunner.Prepared interactor = judging.interactor() == null ? null
                : checkers.prepareProgram(job, judging.interactor(), "interactor", keep);
        if (interactor != null && interactor.compileFailed()) {
            return new ExecutionResult(null, null, null, Status.INTERNAL_ERROR,
                    "the interactor did not compile (" + interactor.compile().status().wire()
                            + "): the problem's fault, not the solution's; see interactor_compile",
                    compiled, null, null, null, null, clamped(interactor), null, 0, null, null, null, null,
                    interactor.compile());
        }
        List<String> clamped = new ArrayList<>(checker.clamped());
        if (interactor != null) {
            clamped.addAll(interactor.clamped());
        }
        Path build = c == null ? null : c.build();
        List<TestCase> cases = job.request().cases();
        CaseResult[] results = new CaseResult[cases.size()];
        Subtasks.Judged[] judged = new Subtasks.Judged[cases.size()];
        Subtasks.Outcome scored = null;
        try (ProcessCases shared = ProcessCases.wanted(stages.settings(), judging)
                ? stages.processCases(job, runLimits, build) : null) {
            Subtasks.Judge<IOException> judge = i -> {
                if (job.cancel().isCancelled()) {
                    return null;
                }
                results[i] = interactor != null
                        ? interaction.run(job, i, cases.get(i), runLimits, build, interactor)
                        : runCase(job, i, cases.get(i), runLimits, build, checker, shared);
                return new Subtasks.Judged(results[i].verdict(), results[i].points());
            };
            if (!judging.groups().isEmpty()) {
                scored = Subtasks.run(judging.groups(), judged, judge);
            }
            for (int i = 0; i < cases.size(); i++) {
                if (judged[i] == null && !inAnyGroup(judging, i)) {
                    judged[i] = judge.judge(i); // a case outside every group is run, not scored
                }
                if (results[i] == null) {
                    results[i] = skipped(job.cancel().isCancelled());
                }
            }
        }
        List<CaseResult> list = List.of(results);
        Status overall = null;
        String message = null;
        boolean wrong = false;
        for (int i = 0; i < results.length; i++) {
            CaseResult r = results[i];
            if (r.verdict() == Verdict.CHECKER_ERROR && message == null) {
                message = "the " + (interactor != null ? "interactor" : "checker") + " failed on case " + i + " (the problem's fault, not the solution's): "
                        + r.checkerMessage();
            }
            // the verdict decides: an interactive solution that crashed after the interactor rejected it is wrong
            if (r.run().status() != Status.OK && ranOutOfBounds(r.verdict()) && overall == null) {
                overall = r.run().status();
            }
            wrong |= !r.passed() && r.verdict() != Verdict.SKIPPED;
        }
        if (message != null) {
            overall = Status.INTERNAL_ERROR;
        } else if (overall == null) {
            overall = job.cancel().isCancelled() ? Status.CANCELLED : wrong ? Status.WRONG_ANSWER : Status.OK;
        }
        return new ExecutionResult(null, null, null, overall, message, compiled, null, list, null, null,
                clamped.isEmpty() ? null : clamped, null, 0, checker.compile(), scored == null ? null : scored.score(),
                scored == null ? null : scored.maxScore(), scored == null ? null : scored.groups(),
                interactor == null ? null : interactor.compile());
    }

    private static List<String> clamped(CheckerRunner.Prepared checker) {
        return checker.clamped().isEmpty() ? null : checker.clamped();
    }

    /** A verdict the run itself earns (a limit, a crash), as opposed to one a checker or interactor gives. */
    private static boolean ranOutOfBounds(Verdict v) {
        return v != Verdict.SKIPPED && v != Verdict.WRONG_ANSWER && v != Verdict.PRESENTATION_ERROR
                && v != Verdict.ACCEPTED && v != Verdict.CHECKER_ERROR;
    }

    private static boolean inAnyGroup(Judging judging, int i) {
        return judging.groups().stream().anyMatch(g -> g.cases().contains(i));
    }

    private CaseResult runCase(Job job, int i, TestCase tc, Limits runLimits, Path build,
                               CheckerRunner.Prepared checker, ProcessCases shared) throws IOException {
        RunnerDef r = job.runner();
        List<SourceFile> files = job.request().files();
        if (!tc.files().isEmpty()) {
            files = new ArrayList<>(files);
            files.addAll(tc.files());
        }
        Stage s = shared != null
                ? shared.run(i, Commands.argv(job, r.run().argv(), job.request().args()),
                        Commands.environment(job, r.run().env()), files, tc.stdin())
                : stages.run(job, "case" + i, r.run().argv(), job.request().args(), r.run().env(), runLimits,
                        files, tc.stdin(), build, false);
        StageResult sr = s.result();
        byte[] output = sr.stdout().getBytes(StandardCharsets.UTF_8);
        String fileProblem = null;
        Verdict fileVerdict = null;
        try {
            if (tc.outputFile() != null && sr.status() == Status.OK && s.dir() != null) {
                try {
                    output = s.dir().readWorkspaceFile(tc.outputFile(), runLimits.outputBytes());
                    if (output == null) {
                        fileVerdict = Verdict.WRONG_ANSWER;
                        fileProblem = "the program wrote no " + tc.outputFile();
                    }
                } catch (StageDir.TooLarge e) {
                    fileVerdict = Verdict.OUTPUT_LIMIT;
                    fileProblem = "output file " + e.getMessage() + " (the output limit)";
                } catch (IOException e) {
                    fileVerdict = Verdict.WRONG_ANSWER;
                    fileProblem = "output file refused: " + e.getMessage();
                }
            }
        } finally {
            if (shared == null) {
                Stages.closeQuietly(s.dir());
            }
        }
        CheckOutcome o;
        if (sr.status() != Status.OK) {
            o = CheckOutcome.of(verdictOf(sr.status()), null);
        } else if (fileVerdict != null) {
            o = CheckOutcome.of(fileVerdict, fileProblem);
        } else {
            o = checkers.check(checker, i, tc, output);
        }
        boolean passed = o.verdict() == Verdict.ACCEPTED && o.points() >= 1;
        return new CaseResult(sr, passed, null, o.verdict(), o.points(), o.message());
    }

    static Verdict verdictOf(Status s) {
        return switch (s) {
            case OK -> Verdict.ACCEPTED;
            case TIME_LIMIT -> Verdict.TIME_LIMIT;
            case MEMORY_LIMIT -> Verdict.MEMORY_LIMIT;
            case OUTPUT_LIMIT -> Verdict.OUTPUT_LIMIT;
            case CANCELLED -> Verdict.SKIPPED;
            default -> Verdict.RUNTIME_ERROR;
        };
    }

    private static CaseResult skipped(boolean cancelled) {
        StageResult none = new StageResult(Status.CANCELLED, null, null, "", "", false, false, 0, 0, 0,
                cancelled ? "cancelled" : "skipped: an earlier case of its group, or a group it depends on, failed");
        return new CaseResult(none, false, null, Verdict.SKIPPED, 0.0, null);
    }
}
