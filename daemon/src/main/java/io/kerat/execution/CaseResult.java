package io.kerat.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One stdin case: the run's fields plus whether its output matched. */
public record CaseResult(@JsonUnwrapped StageResult run, boolean passed,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String expectedOutput) {
}
