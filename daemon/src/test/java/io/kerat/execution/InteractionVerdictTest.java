package io.kerat.execution;

import io.kerat.judging.Verdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionVerdictTest {
    private static final long MS = 1_000_000;

    private static StageResult run(Status s, Integer exit, String stderr, long wallMs, long cpuMs, String message) {
        return new StageResult(s, exit, null, "", stderr, false, false, wallMs * MS, cpuMs * MS, 1, message);
    }

    private static StageResult ok() {
        return run(Status.OK, 0, "", 100, 50, null);
    }

    private static StageResult interactor(int exit, String report) {
        return run(exit == 0 ? Status.OK : Status.RUNTIME_ERROR, exit, report, 100, 10, null);
    }

    @Test
    void theInteractorDecidesWhenTheSolutionRanFine() {
        assertEquals(Verdict.ACCEPTED, decide(ok(), false, false, interactor(0, "ok")).outcome().verdict());
        assertEquals(Verdict.WRONG_ANSWER, decide(ok(), false, false, interactor(1, "wa")).outcome().verdict());
        assertEquals(Verdict.PRESENTATION_ERROR, decide(ok(), false, false, interactor(2, "pe")).outcome().verdict());
        assertEquals(Verdict.CHECKER_ERROR, decide(ok(), false, false, interactor(3, "fail")).outcome().verdict());
        InteractionVerdict.Decided p = decide(ok(), false, false, interactor(7, "points 0.25\n"));
        assertEquals(0.25, p.outcome().points());
        assertEquals("wa", decide(ok(), false, false, interactor(1, "wa\n")).outcome().message());
    }

    @Test
    void anInteractorOverItsLimitsIsTheProblemsFault() {
        StageResult tle = run(Status.TIME_LIMIT, null, "", 5000, 10, "wall time limit of 5000 ms exceeded");
        InteractionVerdict.Decided d = decide(ok(), false, false, tle);
        assertEquals(Verdict.CHECKER_ERROR, d.outcome().verdict());
        assertTrue(d.outcome().message().contains("time_limit"));
    }

    @Test
    void theSolutionsLimitsAndCrashesWin() {
        StageResult tle = run(Status.TIME_LIMIT, null, "", 2000, 1900, "CPU time limit of 1900 ms exceeded");
        InteractionVerdict.Decided d = decide(tle, false, false, interactor(1, "wa"));
        assertEquals(Verdict.TIME_LIMIT, d.outcome().verdict());
        assertEquals("CPU time limit of 1900 ms exceeded", d.run().message());
        StageResult re = run(Status.RUNTIME_ERROR, 3, "", 100, 10, null);
        assertEquals(Verdict.RUNTIME_ERROR, decide(re, false, false, interactor(1, "wa")).outcome().verdict());
        StageResult mle = run(Status.MEMORY_LIMIT, 137, "", 100, 10, "memory");
        assertEquals(Verdict.MEMORY_LIMIT, decide(mle, false, true, interactor(1, "wa")).outcome().verdict());
    }

    @Test
    void aCrashAfterTheInteractorRejectedIsWrongAnswer() {
        StageResult re = run(Status.RUNTIME_ERROR, 1, "EOFError", 100, 10, null);
        InteractionVerdict.Decided d = decide(re, false, true, interactor(1, "too many questions"));
        assertEquals(Verdict.WRONG_ANSWER, d.outcome().verdict());
        assertEquals(Status.RUNTIME_ERROR, d.run().status(), "the run itself stays as it was");
        // an interactor that failed first is the problem's fault, whatever the solution made of its end of file
        StageResult itle = run(Status.TIME_LIMIT, null, "", 500, 500, "CPU time limit of 500 ms exceeded");
        assertEquals(Verdict.CHECKER_ERROR, decide(re, false, true, itle).outcome().verdict());
        // after an accepting interactor the crash is the solution's
        assertEquals(Verdict.RUNTIME_ERROR, decide(re, false, true, interactor(0, "ok")).outcome().verdict());
    }

    @Test
    void aWallLimitWithAnIdleCpuSaysIdle() {
        StageResult idle = run(Status.TIME_LIMIT, null, "", 2000, 40, "wall time limit of 2000 ms exceeded");
        InteractionVerdict.Decided d = decide(idle, false, false, null);
        assertEquals(Verdict.TIME_LIMIT, d.outcome().verdict());
        assertTrue(d.run().message().startsWith("idle: wall time limit of 2000 ms exceeded"), d.run().message());
        StageResult busy = run(Status.TIME_LIMIT, null, "", 2000, 1900, "wall time limit of 2000 ms exceeded");
        assertEquals("wall time limit of 2000 ms exceeded", decide(busy, false, false, null).run().message());
    }

    @Test
    void aSolutionStoppedAfterTheInteractorFinished() {
        StageResult cancelled = run(Status.CANCELLED, null, "", 1500, 1000, null);
        InteractionVerdict.Decided wa = decide(cancelled, true, true, interactor(1, "too many"));
        assertEquals(Verdict.WRONG_ANSWER, wa.outcome().verdict());
        assertEquals(Status.OK, wa.run().status());
        InteractionVerdict.Decided acc = decide(cancelled, true, true, interactor(0, "ok"));
        assertEquals(Verdict.TIME_LIMIT, acc.outcome().verdict(), "accepted, but it never exited");
        assertEquals(Status.TIME_LIMIT, acc.run().status());
    }

    @Test
    void aCancelledRequestIsSkipped() {
        StageResult cancelled = run(Status.CANCELLED, null, "", 10, 1, "cancelled");
        assertEquals(Verdict.SKIPPED, decide(cancelled, false, false, null).outcome().verdict());
    }

    @Test
    void aHostPipePassesChunksInOrderThenEndOfFile() throws Exception {
        HostPipe p = new HostPipe();
        byte[] b = "xhello world".getBytes(StandardCharsets.US_ASCII);
        p.write(b, 1, 5);
        p.write(b, 6, 0);
        p.write(b, 6, 6);
        p.close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.drainTo(out);
        assertEquals("hello world", out.toString(StandardCharsets.US_ASCII));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        p.drainTo(again); // the end stays visible
        assertEquals(0, again.size());
    }

    @Test
    void theInteractorsStdoutIsNotItsMessage() {
        StageResult r = new StageResult(Status.RUNTIME_ERROR, 1, null, "< \n> \n", "", false, false, 1, 1, 1, null);
        assertNull(InteractionVerdict.interactorOutcome(r).message());
    }

    private static InteractionVerdict.Decided decide(StageResult s, boolean stopped, boolean first, StageResult i) {
        return InteractionVerdict.decide(s, stopped, first, i, 1000);
    }
}
