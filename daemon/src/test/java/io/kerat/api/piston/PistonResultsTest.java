package io.kerat.api.piston;

import io.kerat.execution.ExecutionResult;
import io.kerat.execution.StageResult;
import io.kerat.execution.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class PistonResultsTest {
    private static StageResult stage(Status s, Integer exit, Integer signal, String out, String err, boolean outCut, boolean errCut, String msg) {
        return new StageResult(s, exit, signal, out, err, outCut, errCut, 12_000_000L, 7_000_000L, 4096, msg);
    }

    private static ExecutionResult result(StageResult compile, StageResult run, Status overall) {
        return new ExecutionResult("id", "c", "12.2.0", overall, null, compile, run, null, null, null, null, null, 0);
    }

    @Test
    void okRunWithInterleavedOutput() {
        PistonOutput o = new PistonOutput();
        o.stageStarted("run");
        o.output(false, "a\n".getBytes(StandardCharsets.UTF_8), 0, 2);
        o.output(true, "b\n".getBytes(StandardCharsets.UTF_8), 0, 2);
        o.output(false, "c\n".getBytes(StandardCharsets.UTF_8), 0, 2);
        PistonDto.ExecuteResponse r = PistonResults.fromResult(
                result(null, stage(Status.OK, 0, null, "a\nc\n", "b\n", false, false, null), Status.OK), "c", o);
        assertNull(r.compile());
        assertEquals("a\nb\nc\n", r.run().output());
        assertEquals(0, r.run().code());
        assertNull(r.run().status());
        assertNull(r.run().signal());
        assertEquals(12L, r.run().wallTime());
        assertEquals(7L, r.run().cpuTime());
        assertEquals(4096L, r.run().memory());
        assertEquals("ok", r.run().keratStatus());
    }

    @Test
    void verdictsMapToPistonsLetters() {
        PistonDto.Stage to = PistonResults.stage(stage(Status.TIME_LIMIT, 137, 9, "", "", false, false, "wall time limit of 1 ms exceeded"), null);
        assertEquals("TO", to.status());
        assertEquals("SIGKILL", to.signal());
        assertNull(to.code());
        assertEquals("Time limit exceeded (wall clock)", to.message());
        assertEquals("Time limit exceeded", PistonResults.stage(stage(Status.TIME_LIMIT, 137, 9, "", "", false, false, "CPU time limit of 1 ms exceeded"), null).message());
        PistonDto.Stage sg = PistonResults.stage(stage(Status.RUNTIME_ERROR, 139, 11, "", "", false, false, null), null);
        assertEquals("SG", sg.status());
        assertEquals("SIGSEGV", sg.signal());
        PistonDto.Stage re = PistonResults.stage(stage(Status.RUNTIME_ERROR, 2, null, "o", "e", false, false, null), null);
        assertEquals("RE", re.status());
        assertEquals(2, re.code());
        assertEquals("oe", re.output(), "without a recorded order: stdout then stderr");
        PistonDto.Stage mem = PistonResults.stage(stage(Status.MEMORY_LIMIT, 137, 9, "", "", false, false, null), null);
        assertEquals("SG", mem.status());
        assertEquals("memory_limit", mem.keratStatus());
        assertEquals("OL", PistonResults.stage(stage(Status.OUTPUT_LIMIT, 137, 9, "", "", true, false, null), null).status());
        assertEquals("EL", PistonResults.stage(stage(Status.OUTPUT_LIMIT, 137, 9, "", "", false, true, null), null).status());
        assertEquals("XX", PistonResults.stage(stage(Status.INTERNAL_ERROR, null, null, "", "", false, false, "boom"), null).status());
    }

    @Test
    void failedCompileIsCopiedToRun() {
        StageResult ce = stage(Status.COMPILE_ERROR, 1, null, "", "error: x", false, false, null);
        PistonDto.ExecuteResponse r = PistonResults.fromResult(result(ce, null, Status.COMPILE_ERROR), "c", null);
        assertSame(r.compile(), r.run());
        assertEquals("RE", r.run().status());
        assertEquals(1, r.run().code());
    }

    @Test
    void signalNames() {
        assertEquals("SIGKILL", PistonResults.signalName(9));
        assertNull(PistonResults.signalName(null));
        assertEquals(9, PistonResults.signalNumber("SIGKILL"));
        assertEquals(15, PistonResults.signalNumber("TERM"));
        assertEquals(-1, PistonResults.signalNumber("SIGNOPE"));
    }
}
