package io.kerat.execution;

/** Limits as a client asked for them: any field may be null (the default applies). */
public record LimitsRequest(Long wallTimeMs, Long cpuTimeMs, Long memoryBytes, Long processes, Long outputBytes,
                            Long fileSizeBytes, Long diskBytes, Double cpus) {
    public static final LimitsRequest NONE = new LimitsRequest(null, null, null, null, null, null, null, null);
}
