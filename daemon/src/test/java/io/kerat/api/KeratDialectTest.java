package io.kerat.api;

import io.kerat.execution.ExecutionResult;
import io.kerat.execution.StageResult;
import io.kerat.execution.Status;
import io.kerat.execution.TestResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The original Kerat README's response shape, filled from a result without losing precision. */
class KeratDialectTest {
    private static ExecutionResult result(Status status, List<TestResult> tests) {
        StageResult run = new StageResult(Status.OK, 0, null, "out", "", false, false, 431_250_000L, 123_456_789L,
                18_874_368L, null);
        return new ExecutionResult("id1", "python", "3.11", status, null, null, run, null, tests, null, null, null, 0);
    }

    @Test
    void metricsAreExact() {
        KeratDialect.SubmitResponse r = KeratDialect.fromResult(result(Status.OK,
                List.of(new TestResult("T.test_a", "passed", true, null, null, 3))));
        assertEquals(123_456_789L, r.metrics().cpuTime(), "cpu_time in ns as the cgroup counted it, not ms x 1e6");
        assertEquals(0.43125, r.metrics().wallTime(), 1e-9);
        assertEquals(18_874_368L, r.metrics().memory());
        assertEquals(0, r.metrics().exitCode());
        assertTrue(r.success());
    }

    @Test
    void successOnlyWhenEveryTestPassed() {
        KeratDialect.SubmitResponse r = KeratDialect.fromResult(result(Status.TESTS_FAILED, List.of(
                new TestResult("T.test_a", "passed", true, null, null, 3),
                new TestResult("T.test_b", "failed", false, "1 != 2", "Traceback", 4))));
        assertFalse(r.success());
        assertEquals("1 of 2 tests did not pass", r.message());
        assertEquals("1 != 2", r.output().get(1).message());
        assertEquals("Traceback", r.output().get(1).stackTrace());
    }

    @Test
    void bothSpellingsOfTheOriginalAreAnswered() {
        KeratDialect.SubmitResponse r = KeratDialect.fromResult(result(Status.TESTS_FAILED, List.of(
                new TestResult("T.test_a", "passed", true, null, null, 3),
                new TestResult("T.test_b", "failed", false, "1 != 2", "Traceback", 4))));
        assertEquals(r.output(), r.tests(), "the latest server's tests are the README's output entries");
        assertEquals("", r.build(), "no compile stage: an empty build log");
    }

    @Test
    void anEmptySourceIsAcceptedWhenTheTestsHoldEverything() throws ApiException {
        KeratDialect.SubmitRequest req = new KeratDialect.SubmitRequest(1, null, "python", null,
                new KeratDialect.SourceDto(List.of(), List.of(new KeratDialect.SourceFileDto("test_x.py", "pass"))));
        NativeDto.RunRequest n = KeratDialect.toNative(req);
        assertTrue(n.files().isEmpty());
        assertEquals(1, n.tests().size());
        KeratDialect.SubmitRequest none = new KeratDialect.SubmitRequest(1, null, "python", null,
                new KeratDialect.SourceDto(List.of(), null));
        ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> KeratDialect.toNative(none));
        assertEquals(400, e.httpStatus());
    }
}
