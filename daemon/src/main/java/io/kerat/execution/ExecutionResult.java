package io.kerat.execution;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** The whole answer to one request, in the native dialect's shape. Absent stages are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionResult(String id, String language, String version, Status status, String message,
                              StageResult compile, StageResult run, List<CaseResult> cases, List<TestResult> tests,
                              Map<String, Object> limits, List<String> clamped, Boolean compileCached,
                              @JsonIgnore long totalNs) {
}
