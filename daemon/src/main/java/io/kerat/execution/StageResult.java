package io.kerat.execution;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.concurrent.TimeUnit;

/**
 * One sandbox's outcome as reported to clients. Times are kept in nanoseconds, as measured; the milliseconds
 * clients see ({@code wall_time_ms}, {@code cpu_time_ms}) are derived from them, so the two can never disagree.
 *
 * @param status          verdict of this stage
 * @param exitCode        exit status (128+N after signal N), null if the program never ran
 * @param signal          signal number that ended it, or null
 * @param stdout          captured prefix of stdout (UTF-8, invalid bytes replaced)
 * @param stderr          captured prefix of stderr
 * @param stdoutTruncated stdout passed output_bytes
 * @param stderrTruncated stderr passed output_bytes
 * @param wallTimeNs      wall time, sandbox start (or a pooled sandbox's hand-over) to exit
 * @param cpuTimeNs       CPU time of the sandbox's cgroup, as the cgroup counted it (the Kerat dialect's cpu_time)
 * @param memoryBytes     peak memory of the sandbox's cgroup
 * @param message         why, when the status needs explaining
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"status", "exit_code", "signal", "stdout", "stderr", "stdout_truncated", "stderr_truncated",
        "wall_time_ms", "cpu_time_ms", "memory_bytes", "message"})
public record StageResult(Status status, Integer exitCode, Integer signal, String stdout, String stderr,
                          boolean stdoutTruncated, boolean stderrTruncated, @JsonIgnore long wallTimeNs,
                          @JsonIgnore long cpuTimeNs, long memoryBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

    @JsonProperty("wall_time_ms")
    public long wallTimeMs() {
        return TimeUnit.NANOSECONDS.toMillis(wallTimeNs);
    }

    @JsonProperty("cpu_time_ms")
    public long cpuTimeMs() {
        return TimeUnit.NANOSECONDS.toMillis(cpuTimeNs);
    }
}
