package io.kerat.execution;

import io.kerat.config.Limits;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitsResolverTest {
    private static final Limits DEF = Limits.runDefaults();
    private static final Limits MAX = Limits.runMaximum();

    private static LimitsRequest wall(Long v) {
        return new LimitsRequest(v, null, null, null, null, null, null, null);
    }

    @Test
    void nullAndEmptyRequestGiveTheDefaults() {
        LimitsResolver.Resolved a = LimitsResolver.resolve(null, DEF, MAX, "");
        assertEquals(DEF, a.limits());
        assertEquals(List.of(), a.clamped());
        assertEquals(DEF, LimitsResolver.resolve(LimitsRequest.NONE, DEF, MAX, "").limits());
    }

    @Test
    void defaultsAreCappedByTheMaximum() {
        Limits smallMax = MAX.withWallTimeMs(1000);
        LimitsResolver.Resolved r = LimitsResolver.resolve(null, DEF, smallMax, "");
        assertEquals(1000, r.limits().wallTimeMs());
        assertEquals(List.of(), r.clamped(), "a default over the maximum is not the client's doing");
    }

    @Test
    void valuesWithinTheMaximumAreTaken() {
        LimitsRequest req = new LimitsRequest(2000L, 1500L, 512 * Limits.MIB, 128L, 4096L, 8 * Limits.MIB,
                32 * Limits.MIB, 1.5);
        Limits l = LimitsResolver.resolve(req, DEF, MAX, "").limits();
        assertEquals(2000, l.wallTimeMs());
        assertEquals(1500, l.cpuTimeMs());
        assertEquals(512 * Limits.MIB, l.memoryBytes());
        assertEquals(128, l.processes());
        assertEquals(4096, l.outputBytes());
        assertEquals(8 * Limits.MIB, l.fileSizeBytes());
        assertEquals(32 * Limits.MIB, l.diskBytes());
        assertEquals(1.5, l.cpus());
        assertEquals(DEF.openFiles(), l.openFiles(), "not client-settable");
    }

    @Test
    void valuesOverTheMaximumAreClampedAndNamed() {
        LimitsRequest req = new LimitsRequest(MAX.wallTimeMs() + 1, null, MAX.memoryBytes() * 4, null, null, null,
                null, 64.0);
        LimitsResolver.Resolved r = LimitsResolver.resolve(req, DEF, MAX, "compile.");
        assertEquals(MAX.wallTimeMs(), r.limits().wallTimeMs());
        assertEquals(MAX.memoryBytes(), r.limits().memoryBytes());
        assertEquals(MAX.cpus(), r.limits().cpus());
        assertEquals(List.of("compile.wall_time_ms", "compile.memory_bytes", "compile.cpus"), r.clamped());
    }

    @Test
    void exactlyTheMaximumIsNotAClamp() {
        LimitsResolver.Resolved r = LimitsResolver.resolve(wall(MAX.wallTimeMs()), DEF, MAX, "");
        assertEquals(MAX.wallTimeMs(), r.limits().wallTimeMs());
        assertEquals(List.of(), r.clamped());
    }

    @Test
    void tinyValuesAreRaisedToAFloor() {
        LimitsRequest req = new LimitsRequest(null, null, 1L, null, null, null, 1L, 0.001);
        Limits l = LimitsResolver.resolve(req, DEF, MAX, "").limits();
        assertEquals(16 * Limits.MIB, l.memoryBytes());
        assertEquals(Limits.MIB, l.diskBytes());
        assertEquals(0.1, l.cpus());
        assertEquals(1, LimitsResolver.resolve(wall(1L), DEF, MAX, "").limits().wallTimeMs());
    }

    @Test
    void negativeOrZeroIsAClientError() {
        LimitsResolver.InvalidLimitException e = assertThrows(LimitsResolver.InvalidLimitException.class,
                () -> LimitsResolver.resolve(wall(-5L), DEF, MAX, ""));
        assertTrue(e.getMessage().contains("limits.wall_time_ms") && e.getMessage().contains("-5"), e.getMessage());
        assertThrows(LimitsResolver.InvalidLimitException.class,
                () -> LimitsResolver.resolve(wall(0L), DEF, MAX, ""));
        assertThrows(LimitsResolver.InvalidLimitException.class, () -> LimitsResolver.resolve(
                new LimitsRequest(null, null, -1L, null, null, null, null, null), DEF, MAX, ""));
        assertThrows(LimitsResolver.InvalidLimitException.class, () -> LimitsResolver.resolve(
                new LimitsRequest(null, null, null, 0L, null, null, null, null), DEF, MAX, ""));
        LimitsResolver.InvalidLimitException c = assertThrows(LimitsResolver.InvalidLimitException.class,
                () -> LimitsResolver.resolve(new LimitsRequest(null, null, null, null, null, null, null, -1.0), DEF, MAX,
                        "compile."));
        assertTrue(c.getMessage().contains("compile.cpus"), c.getMessage());
    }

    @Test
    void nanAndInfiniteCpusAreRefused() {
        assertThrows(LimitsResolver.InvalidLimitException.class, () -> LimitsResolver.resolve(
                new LimitsRequest(null, null, null, null, null, null, null, Double.NaN), DEF, MAX, ""));
        assertThrows(LimitsResolver.InvalidLimitException.class, () -> LimitsResolver.resolve(
                new LimitsRequest(null, null, null, null, null, null, null, Double.POSITIVE_INFINITY), DEF, MAX, ""));
        assertThrows(LimitsResolver.InvalidLimitException.class, () -> LimitsResolver.resolve(
                new LimitsRequest(null, null, null, null, null, null, null, 0.0), DEF, MAX, ""));
    }

    @Test
    void describeListsTheAppliedValues() {
        LimitsResolver.Resolved r = LimitsResolver.resolve(wall(1234L), DEF, MAX, "");
        assertEquals(1234L, r.describe().get("wall_time_ms"));
        assertEquals(DEF.memoryBytes(), r.describe().get("memory_bytes"));
        assertEquals(8, r.describe().size());
    }
}
