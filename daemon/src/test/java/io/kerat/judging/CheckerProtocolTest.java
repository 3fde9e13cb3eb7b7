package io.kerat.judging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckerProtocolTest {
    private static final CheckerProtocol T = CheckerProtocol.TESTLIB;

    @Test
    void testlibExitCodes() {
        assertEquals(Verdict.ACCEPTED, T.interpret(0, "", "ok 5 is right\n").verdict());
        assertEquals("ok 5 is right", T.interpret(0, "", "ok 5 is right\n").message());
        assertEquals(Verdict.WRONG_ANSWER, T.interpret(1, "", "wrong answer").verdict());
        assertEquals(Verdict.PRESENTATION_ERROR, T.interpret(2, "", "").verdict());
        CheckOutcome fail = T.interpret(3, "", "FAIL broken answer");
        assertEquals(Verdict.CHECKER_ERROR, fail.verdict());
        assertTrue(fail.message().contains("broken answer"));
        assertEquals(Verdict.CHECKER_ERROR, T.interpret(4, "", "").verdict());
        assertEquals(Verdict.CHECKER_ERROR, T.interpret(50, "", "").verdict());
    }

    @Test
    void testlibPoints() {
        CheckOutcome half = T.interpret(7, "", "points 0.5 half right\n");
        assertEquals(Verdict.ACCEPTED, half.verdict());
        assertEquals(0.5, half.points());
        assertEquals(1.0, T.interpret(7, "", "points 1").points());
        assertEquals(Verdict.WRONG_ANSWER, T.interpret(7, "", "points 0").verdict());
        assertEquals(0.25, T.interpret(7, "", "note\npoints 2.5e-1\n").points());
        assertEquals(Verdict.CHECKER_ERROR, T.interpret(7, "points 0.5", "").verdict()); // stderr only
        assertEquals(Verdict.CHECKER_ERROR, T.interpret(7, "", "points 1.5").verdict());
        assertEquals(Verdict.CHECKER_ERROR, T.interpret(7, "", "points -0.1").verdict());
        assertEquals(Verdict.CHECKER_ERROR, T.interpret(7, "", "no points here").verdict());
    }

    @Test
    void exitcodeProtocol() {
        CheckerProtocol e = CheckerProtocol.EXITCODE;
        assertEquals(Verdict.ACCEPTED, e.interpret(0, "fine", "").verdict());
        assertEquals("fine", e.interpret(0, "fine", "").message());
        assertEquals(Verdict.WRONG_ANSWER, e.interpret(3, "", "").verdict());
        assertEquals(Verdict.WRONG_ANSWER, e.interpret(7, "", "points 0.5").verdict());
    }

    @Test
    void messagesAreCapped() {
        String m = T.interpret(1, "", "x".repeat(10_000)).message();
        assertEquals(CheckerProtocol.MESSAGE_CAP + 3, m.length());
    }
}
