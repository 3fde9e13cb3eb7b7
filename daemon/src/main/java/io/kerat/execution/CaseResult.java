package io.kerat.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.kerat.judging.Verdict;

/**
 * One case: the run's fields, whether it passed (accepted with all its points), its verdict, its share of the points
 * (0..1; less than 1 only for a checker's partial points) and the checker's message.
 */
public record CaseResult(@JsonUnwrapped StageResult run, boolean passed,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String expectedOutput,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Verdict verdict,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double points,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String checkerMessage) {

    public CaseResult(StageResult run, boolean passed, String expectedOutput) {
        this(run, passed, expectedOutput, null, null, null);
    }
}
