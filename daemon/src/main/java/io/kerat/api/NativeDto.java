package io.kerat.api;

import java.util.List;

/** Wire records of the native dialect, {@code POST /api/v1/runs}. Field names are snake_case on the wire. */
public final class NativeDto {
    private NativeDto() {}

    public record FileDto(String name, String content, String encoding) {
    }

    public record LimitsDto(Long wallTimeMs, Long cpuTimeMs, Long memoryBytes, Long processes, Long outputBytes,
                            Long fileSizeBytes, Long diskBytes, Double cpus) {
    }

    public record CaseDto(String stdin, String expectedOutput) {
    }

    public record RunRequest(String language, List<FileDto> files, String entrypoint, String stdin, List<String> args,
                             LimitsDto limits, LimitsDto compileLimits, List<CaseDto> cases, List<FileDto> tests,
                             String version, String framework) {
    }

    /** One installed version of a language ({@code default}: what a request without "version" gets). */
    public record Runtime(String language, String version, List<String> aliases, boolean installed,
                          @com.fasterxml.jackson.annotation.JsonProperty("default") boolean isDefault) {
    }
}
