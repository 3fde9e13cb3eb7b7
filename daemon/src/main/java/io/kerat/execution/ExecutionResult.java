package io.kerat.execution;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kerat.judging.Subtasks;

import java.util.List;
import java.util.Map;

/**
 * The whole answer to one request, in the native dialect's shape. Absent stages are left out.
 * {@code checkerCompile}: the checker program's compile; {@code score}, {@code maxScore}, {@code groups}: when the
 * request has groups.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionResult(String id, String language, String version, Status status, String message,
                              StageResult compile, StageResult run, List<CaseResult> cases, List<TestResult> tests,
                              Map<String, Object> limits, List<String> clamped, Boolean compileCached,
                              @JsonIgnore long totalNs, StageResult checkerCompile, Double score, Double maxScore,
                              List<Subtasks.GroupResult> groups) {

    public ExecutionResult(String id, String language, String version, Status status, String message,
                           StageResult compile, StageResult run, List<CaseResult> cases, List<TestResult> tests,
                           Map<String, Object> limits, List<String> clamped, Boolean compileCached, long totalNs) {
        this(id, language, version, status, message, compile, run, cases, tests, limits, clamped, compileCached,
                totalNs, null, null, null, null);
    }
}
