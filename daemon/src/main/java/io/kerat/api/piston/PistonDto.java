package io.kerat.api.piston;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** Wire records of Piston's v2 API ({@code /api/v2/runtimes}, {@code /api/v2/execute}). */
public final class PistonDto {
    private PistonDto() {}

    /** One installed language version; {@code runtime} only where Piston names one (node, gcc, mono). */
    @JsonPropertyOrder({"language", "version", "aliases", "runtime"})
    public record Runtime(String language, String version, List<String> aliases,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String runtime) {
    }

    /**
     * One stage's outcome as Piston reports it, plus {@code kerat_status}, Kerat's exact verdict (the native
     * dialect's status: ok, runtime_error, time_limit, memory_limit, output_limit, compile_error, ...).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"stdout", "stderr", "code", "signal", "output", "memory", "message", "status", "cpu_time",
            "wall_time", "kerat_status"})
    public record Stage(String stdout, String stderr, Integer code, String signal, String output, Long memory,
                        String message, String status, @JsonProperty("cpu_time") Long cpuTime,
                        @JsonProperty("wall_time") Long wallTime, @JsonProperty("kerat_status") String keratStatus) {
    }

    /** The answer to an execute: {@code compile} only for compiled languages; {@code run} always. */
    @JsonPropertyOrder({"language", "version", "compile", "run"})
    public record ExecuteResponse(String language, String version,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Stage compile, Stage run) {
    }

    /** A Piston error body. */
    public record Message(String message) {
    }
}
