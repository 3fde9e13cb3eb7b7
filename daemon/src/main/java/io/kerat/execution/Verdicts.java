package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.sandbox.SandboxResult;

import java.nio.charset.StandardCharsets;

/** Maps how a sandbox ended onto a stage verdict. Pure: no I/O. */
final class Verdicts {
    private Verdicts() {}

    /** Memory is judged from the cgroup's counters, never from exit 137. */
    static StageResult verdict(SandboxResult r, Limits limits) {
        Status status;
        String message = r.message();
        switch (r.termination()) {
            case WALL_TIME -> {
                status = Status.TIME_LIMIT;
                message = "wall time limit of " + limits.wallTimeMs() + " ms exceeded";
            }
            case CPU_TIME -> {
                status = Status.TIME_LIMIT;
                message = "CPU time limit of " + limits.cpuTimeMs() + " ms exceeded";
            }
            case MEMORY -> {
                status = Status.MEMORY_LIMIT;
                message = "memory limit of " + limits.memoryBytes() + " bytes exceeded";
            }
            case OUTPUT -> {
                status = Status.OUTPUT_LIMIT;
                message = "output limit of " + limits.outputBytes() + " bytes per stream exceeded";
            }
            case CANCELLED -> status = Status.CANCELLED;
            case RUNTIME_FAILURE, START_FAILED -> status = Status.INTERNAL_ERROR;
            default -> {
                if (r.exitCode() != null && r.exitCode() == 0) {
                    status = Status.OK;
                } else if (r.memoryLimitHits() > 0) {
                    status = Status.MEMORY_LIMIT;
                    message = "memory limit of " + limits.memoryBytes() + " bytes exceeded";
                } else {
                    status = Status.RUNTIME_ERROR;
                    if (r.signal() != null && r.signal() == 25) {
                        message = "file size limit of " + limits.fileSizeBytes() + " bytes exceeded (SIGXFSZ)";
                    }
                }
            }
        }
        return new StageResult(status, r.exitCode(), r.signal(), text(r.stdout()), text(r.stderr()),
                r.stdoutTruncated(), r.stderrTruncated(), r.wallNanos(), r.cpuNanos(), r.memoryBytes(), message);
    }

    /** A stage that never ran because the request was cancelled first. */
    static StageResult cancelled() {
        return new StageResult(Status.CANCELLED, null, null, "", "", false, false, 0, 0, 0, "cancelled");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
