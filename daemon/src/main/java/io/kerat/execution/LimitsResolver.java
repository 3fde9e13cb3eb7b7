package io.kerat.execution;

import io.kerat.config.Limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a client's limits into applied limits: defaults where absent, admin maxima where exceeded (a clamp,
 * reported in the response), a floor where absurdly small. Negative or zero values are a client error.
 */
public final class LimitsResolver {
    private LimitsResolver() {}

    /** Applied limits plus the names of clamped fields. */
    public record Resolved(Limits limits, List<String> clamped) {
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("wall_time_ms", limits.wallTimeMs());
            m.put("cpu_time_ms", limits.cpuTimeMs());
            m.put("memory_bytes", limits.memoryBytes());
            m.put("processes", limits.processes());
            m.put("output_bytes", limits.outputBytes());
            m.put("file_size_bytes", limits.fileSizeBytes());
            m.put("disk_bytes", limits.diskBytes());
            m.put("cpus", limits.cpus());
            return m;
        }
    }

    /** Thrown when a limit is not a positive number. */
    public static final class InvalidLimitException extends IllegalArgumentException {
        public InvalidLimitException(String field, Object value) {
            super("limits." + field + " must be a positive number, got " + value);
        }
    }

    public static Resolved resolve(LimitsRequest req, Limits defaults, Limits max, String prefix) {
        LimitsRequest r = req == null ? LimitsRequest.NONE : req;
        List<String> clamped = new ArrayList<>();
        Limits l = defaults;
        l = l.withWallTimeMs(pick("wall_time_ms", r.wallTimeMs(), defaults.wallTimeMs(), max.wallTimeMs(), 1, prefix, clamped));
        l = l.withCpuTimeMs(pick("cpu_time_ms", r.cpuTimeMs(), defaults.cpuTimeMs(), max.cpuTimeMs(), 1, prefix, clamped));
        l = l.withMemoryBytes(pick("memory_bytes", r.memoryBytes(), defaults.memoryBytes(), max.memoryBytes(), 16 * Limits.MIB, prefix, clamped));
        l = l.withProcesses(pick("processes", r.processes(), defaults.processes(), max.processes(), 1, prefix, clamped));
        l = l.withOutputBytes(pick("output_bytes", r.outputBytes(), defaults.outputBytes(), max.outputBytes(), 1, prefix, clamped));
        l = l.withFileSizeBytes(pick("file_size_bytes", r.fileSizeBytes(), defaults.fileSizeBytes(), max.fileSizeBytes(), 1, prefix, clamped));
        l = l.withDiskBytes(pick("disk_bytes", r.diskBytes(), defaults.diskBytes(), max.diskBytes(), Limits.MIB, prefix, clamped));
        if (r.cpus() != null) {
            if (!(r.cpus() > 0) || r.cpus().isInfinite()) {
                throw new InvalidLimitException(prefix + "cpus", r.cpus());
            }
            double c = Math.max(0.1, r.cpus());
            if (c > max.cpus()) {
                c = max.cpus();
                clamped.add(prefix + "cpus");
            }
            l = l.withCpus(c);
        }
        return new Resolved(l, List.copyOf(clamped));
    }

    private static long pick(String field, Long asked, long dflt, long max, long floor, String prefix, List<String> clamped) {
        if (asked == null) {
            return Math.min(dflt, max);
        }
        if (asked <= 0) {
            throw new InvalidLimitException(prefix + field, asked);
        }
        if (asked > max) {
            clamped.add(prefix + field);
            return max;
        }
        return Math.max(asked, floor);
    }
}
