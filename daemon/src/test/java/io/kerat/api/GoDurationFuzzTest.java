package io.kerat.api;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go duration strings (the Code Racer dialect's times): {@link GoDurationParser#parseNanos} either returns a value
 * or throws {@link IllegalArgumentException}, in bounded time, and what it returns survives a round trip through
 * {@link GoDuration#format}; a value too large for a long is refused, not wrapped.
 */
@org.junit.jupiter.api.Tag("fuzz")
@org.junit.jupiter.api.Timeout(10)
class GoDurationFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String s = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        long ns;
        try {
            ns = GoDurationParser.parseNanos(s);
        } catch (IllegalArgumentException e) {
            return;
        }
        // an overflow must be refused (as Go's time.ParseDuration does), not wrap around to the other sign
        if (s.startsWith("-")) {
            assertTrue(ns <= 0, () -> "'" + s + "' parsed as " + ns);
        } else {
            assertTrue(ns >= 0, () -> "'" + s + "' parsed as " + ns);
        }
        if (ns != Long.MIN_VALUE) {
            assertEquals(ns, GoDurationParser.parseNanos(GoDuration.format(ns)), () -> "round trip of '" + s + "'");
        }
    }
}
