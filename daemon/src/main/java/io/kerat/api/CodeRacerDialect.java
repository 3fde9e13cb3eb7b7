package io.kerat.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.StageResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Code Racer's dialect, {@code POST /api/v1/execute}: {language, entrypoint, files: [{name, content}]} in,
 * {stdout, stderr, executionTime, preparationTime} out, times as Go duration strings. A missing or unknown
 * entrypoint is a 400 (the original silently ran nothing).
 */
public final class CodeRacerDialect {
    private CodeRacerDialect() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileDto(String name, String content) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExecuteRequest(String language, String entrypoint, List<FileDto> files) {
    }

    public record ExecuteResponse(String stdout, String stderr, @JsonProperty("executionTime") String executionTime,
                                  @JsonProperty("preparationTime") String preparationTime, String status,
                                  @JsonProperty("exitCode") Integer exitCode, String id) {
    }

    public static NativeDto.RunRequest toNative(ExecuteRequest r) throws ApiException {
        if (r == null) {
            throw ApiException.badRequest("invalid_request", "the body must be a JSON object");
        }
        if (r.entrypoint() == null || r.entrypoint().isBlank()) {
            throw ApiException.badRequest("invalid_entrypoint", "\"entrypoint\" is required: the file to run");
        }
        if (r.files() == null || r.files().isEmpty()) {
            throw ApiException.badRequest("invalid_request", "\"files\" must hold at least one file");
        }
        List<NativeDto.FileDto> files = new ArrayList<>();
        for (FileDto f : r.files()) {
            if (f == null) {
                throw ApiException.badRequest("invalid_request", "files must be objects with name and content");
            }
            files.add(new NativeDto.FileDto(f.name(), f.content(), "utf8"));
        }
        return new NativeDto.RunRequest(r.language(), files, r.entrypoint(), null, null, null, null, null, null, null, null);
    }

    public static ExecuteResponse fromResult(ExecutionResult r) {
        StageResult run = r.run() != null ? r.run() : r.compile();
        long exec = r.run() != null ? r.run().wallTimeNs() : 0;
        long prep = Math.max(0, r.totalNs() - exec);
        String stdout = run == null ? "" : run.stdout();
        String stderr = run == null ? "" : run.stderr();
        return new ExecuteResponse(stdout, stderr, GoDuration.format(exec), GoDuration.format(prep),
                r.status().wire(), run == null ? null : run.exitCode(), r.id());
    }
}
