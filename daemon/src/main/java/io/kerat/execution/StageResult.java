package io.kerat.execution;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One sandbox's outcome as reported to clients.
 *
 * @param status          verdict of this stage
 * @param exitCode        exit status (128+N after signal N), null if the program never ran
 * @param signal          signal number that ended it, or null
 * @param stdout          captured prefix of stdout (UTF-8, invalid bytes replaced)
 * @param stderr          captured prefix of stderr
 * @param stdoutTruncated stdout passed output_bytes
 * @param stderrTruncated stderr passed output_bytes
 * @param wallTimeMs      wall time, sandbox start to exit
 * @param cpuTimeMs       CPU time of the sandbox's cgroup
 * @param memoryBytes     peak memory of the sandbox's cgroup
 * @param message         why, when the status needs explaining
 * @param wallTimeNs      wall time in nanoseconds (for dialects that print exact durations)
 * @param cpuTimeNs       CPU time in nanoseconds, as the cgroup counted it (the Kerat dialect's cpu_time)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StageResult(Status status, Integer exitCode, Integer signal, String stdout, String stderr,
                          boolean stdoutTruncated, boolean stderrTruncated, long wallTimeMs, long cpuTimeMs,
                          long memoryBytes, @JsonInclude(JsonInclude.Include.NON_NULL) String message,
                          @JsonIgnore long wallTimeNs, @JsonIgnore long cpuTimeNs) {
}
