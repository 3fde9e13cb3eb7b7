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

    /** One case: {@code files} written to the workspace first, {@code output_file} judged instead of stdout. */
    public record CaseDto(String stdin, String expectedOutput, List<FileDto> files, String outputFile) {
        public CaseDto(String stdin, String expectedOutput) {
            this(stdin, expectedOutput, null, null);
        }
    }

    /**
     * A checker given as an object: a built-in one by {@code name} (with its options), or a program by
     * {@code language} and {@code files}. A built-in checker may also be given as a bare string.
     */
    public record CheckerDto(String name, Boolean caseInsensitive, Double absTolerance, Double relTolerance,
                             String language, List<FileDto> files, String entrypoint, String protocol,
                             LimitsDto limits) {
    }

    /** An interactive problem's interactor: a program run against the solution for each case (testlib's protocol). */
    public record InteractorDto(String language, List<FileDto> files, String entrypoint, LimitsDto limits) {
    }

    /** A subtask: its cases (0-based indexes) score {@code points} together. */
    public record GroupDto(String name, Double points, List<Integer> cases, List<String> dependsOn, Boolean runAll) {
    }

    public record RunRequest(String language, List<FileDto> files, String entrypoint, String stdin, List<String> args,
                             LimitsDto limits, LimitsDto compileLimits, List<CaseDto> cases, List<FileDto> tests,
                             String version, String framework, com.fasterxml.jackson.databind.JsonNode checker,
                             List<GroupDto> groups, InteractorDto interactor, String isolation) {
        public RunRequest(String language, List<FileDto> files, String entrypoint, String stdin, List<String> args,
                          LimitsDto limits, LimitsDto compileLimits, List<CaseDto> cases, List<FileDto> tests,
                          String version, String framework, com.fasterxml.jackson.databind.JsonNode checker,
                          List<GroupDto> groups, InteractorDto interactor) {
            this(language, files, entrypoint, stdin, args, limits, compileLimits, cases, tests, version, framework,
                    checker, groups, interactor, null);
        }

        public RunRequest(String language, List<FileDto> files, String entrypoint, String stdin, List<String> args,
                          LimitsDto limits, LimitsDto compileLimits, List<CaseDto> cases, List<FileDto> tests,
                          String version, String framework, com.fasterxml.jackson.databind.JsonNode checker,
                          List<GroupDto> groups) {
            this(language, files, entrypoint, stdin, args, limits, compileLimits, cases, tests, version, framework,
                    checker, groups, null);
        }

        public RunRequest(String language, List<FileDto> files, String entrypoint, String stdin, List<String> args,
                          LimitsDto limits, LimitsDto compileLimits, List<CaseDto> cases, List<FileDto> tests,
                          String version, String framework) {
            this(language, files, entrypoint, stdin, args, limits, compileLimits, cases, tests, version, framework,
                    null, null);
        }
    }

    /** One installed version of a language ({@code default}: what a request without "version" gets). */
    public record Runtime(String language, String version, List<String> aliases, boolean installed,
                          @com.fasterxml.jackson.annotation.JsonProperty("default") boolean isDefault) {
    }
}
