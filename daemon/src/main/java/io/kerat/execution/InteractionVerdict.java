package io.kerat.execution;

import io.kerat.judging.CheckOutcome;
import io.kerat.judging.CheckerProtocol;
import io.kerat.judging.Verdict;

/**
 * Decides one interactive case from how both sandboxes ended. Pure. The solution's own verdict wins when it broke a
 * limit or crashed (as on DMOJ and Codeforces: a solution's time limit is a time limit even if the interactor then
 * reports a wrong answer); otherwise the interactor's testlib exit code decides, as a checker's does; an interactor
 * that crashed or hit its own limits is the problem's fault ({@code checker_error}). One exception: a solution that
 * crashed after the interactor had already ended without accepting (typically reading the end of file the
 * interactor's exit left it) gets the interactor's verdict, be it a rejection or the interactor's own failure
 * ({@code checker_error}): the crash followed the interactor's end.
 */
final class InteractionVerdict {
    private InteractionVerdict() {}

    /** The case's solution run (status and message possibly restated) and its outcome. */
    record Decided(StageResult run, CheckOutcome outcome) {}

    /**
     * @param solution          the solution's run
     * @param stoppedAfterEnd   the daemon killed the solution because it had not exited within {@code graceMs} after
     *                          the interactor finished (its run then reads as cancelled)
     * @param interactorFirst   the interactor's process ended before the solution's
     * @param interactor        the interactor's run (null: it never ran, the request was cancelled)
     * @param graceMs           how long the solution may take to exit once the interactor has finished
     */
    static Decided decide(StageResult solution, boolean stoppedAfterEnd, boolean interactorFirst,
                          StageResult interactor, long graceMs) {
        if (stoppedAfterEnd && solution.status() == Status.CANCELLED) {
            CheckOutcome o = interactorOutcome(interactor);
            if (o.verdict() == Verdict.ACCEPTED) {
                String m = "the solution did not exit within " + graceMs + " ms after the interactor finished";
                return new Decided(restate(solution, Status.TIME_LIMIT, m), CheckOutcome.of(Verdict.TIME_LIMIT, m));
            }
            return new Decided(restate(solution, Status.OK, "stopped after the interactor finished"), o);
        }
        if (solution.status() == Status.RUNTIME_ERROR && interactorFirst) {
            CheckOutcome o = interactorOutcome(interactor);
            if (o.verdict() != Verdict.ACCEPTED && o.verdict() != Verdict.SKIPPED) {
                return new Decided(solution, o);
            }
        }
        if (solution.status() != Status.OK) {
            StageResult run = solution;
            if (idle(solution)) {
                run = restate(solution, Status.TIME_LIMIT, "idle: " + solution.message() + " while using only "
                        + solution.cpuTimeMs() + " ms of CPU: the solution and the interactor were both waiting for "
                        + "input (flush your output after each line you write)");
            }
            return new Decided(run, CheckOutcome.of(CasesMode.verdictOf(run.status()), null));
        }
        return new Decided(solution, interactorOutcome(interactor));
    }

    /** A wall-clock time limit reached with the CPU mostly unused: the program was waiting, not computing. */
    static boolean idle(StageResult r) {
        return r.status() == Status.TIME_LIMIT && r.message() != null && r.message().startsWith("wall time")
                && r.cpuTimeMs() * 2 < r.wallTimeMs();
    }

    static CheckOutcome interactorOutcome(StageResult sr) {
        if (sr == null) {
            return CheckOutcome.of(Verdict.SKIPPED, "cancelled");
        }
        return switch (sr.status()) {
            // the interactor's stdout is the conversation: its report is its stderr only
            case OK, RUNTIME_ERROR -> sr.exitCode() == null || sr.signal() != null
                    ? CheckOutcome.of(Verdict.CHECKER_ERROR, "the interactor was killed by signal " + sr.signal())
                    : CheckerProtocol.TESTLIB.interpret(sr.exitCode(), "", sr.stderr());
            case CANCELLED -> CheckOutcome.of(Verdict.SKIPPED, "cancelled");
            default -> CheckOutcome.of(Verdict.CHECKER_ERROR, "the interactor ended with " + sr.status().wire()
                    + (sr.message() == null ? "" : ": " + sr.message()));
        };
    }

    private static StageResult restate(StageResult r, Status s, String message) {
        return new StageResult(s, r.exitCode(), r.signal(), r.stdout(), r.stderr(), r.stdoutTruncated(),
                r.stderrTruncated(), r.wallTimeNs(), r.cpuTimeNs(), r.memoryBytes(), message);
    }
}
