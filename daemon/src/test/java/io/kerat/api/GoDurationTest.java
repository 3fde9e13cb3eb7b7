package io.kerat.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Expected strings are what Go's time.Duration.String() prints for the same values. */
class GoDurationTest {
    @Test
    void formatsLikeGo() {
        assertEquals("0s", GoDuration.format(0));
        assertEquals("1ns", GoDuration.format(1));
        assertEquals("999ns", GoDuration.format(999));
        assertEquals("1µs", GoDuration.format(1_000));
        assertEquals("1.5µs", GoDuration.format(1_500));
        assertEquals("438.757875ms", GoDuration.format(438_757_875));
        assertEquals("102ms", GoDuration.format(102_000_000));
        assertEquals("1s", GoDuration.format(1_000_000_000));
        assertEquals("1.5s", GoDuration.format(1_500_000_000));
        assertEquals("2m3.5s", GoDuration.format(123_500_000_000L));
        assertEquals("1h0m0s", GoDuration.format(3_600_000_000_000L));
        assertEquals("1h2m3.000000004s", GoDuration.format(3_723_000_000_004L));
        assertEquals("-1.5s", GoDuration.format(-1_500_000_000));
    }

    @Test
    void parsesWhatItFormats() {
        for (long v : new long[]{0, 1, 999, 1_500, 438_757_875, 1_500_000_000, 123_500_000_000L, 3_723_000_000_004L}) {
            assertEquals(v, GoDurationParser.parseNanos(GoDuration.format(v)), GoDuration.format(v));
        }
        assertEquals(90_000_000_000L, GoDurationParser.parseNanos("1m30s"));
        assertThrows(IllegalArgumentException.class, () -> GoDurationParser.parseNanos("12 ms"));
        assertThrows(IllegalArgumentException.class, () -> GoDurationParser.parseNanos("ms"));
    }

    /** Found by GoDurationFuzzTest: "9999999999h" wrapped around to a negative number instead of failing. */
    @Test
    void outOfRangeIsRefusedNotWrapped() {
        assertThrows(IllegalArgumentException.class, () -> GoDurationParser.parseNanos("9999999999h"));
        assertThrows(IllegalArgumentException.class, () -> GoDurationParser.parseNanos("9223372036854775808ns"));
        assertThrows(IllegalArgumentException.class, () -> GoDurationParser.parseNanos("-2562048h"));
        assertEquals(Long.MAX_VALUE, GoDurationParser.parseNanos("9223372036854775807ns"));
        assertEquals(Long.MIN_VALUE, GoDurationParser.parseNanos("-9223372036854775808ns"));
        assertEquals(Long.MAX_VALUE, GoDurationParser.parseNanos("2562047h47m16.854775807s"));
        assertEquals(1, GoDurationParser.parseNanos("1.9ns"), "fractions of a nanosecond truncate, as in Go");
    }
}
