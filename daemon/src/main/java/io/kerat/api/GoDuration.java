package io.kerat.api;

import java.math.BigDecimal;

/** Formats nanoseconds exactly as Go's {@code time.Duration.String()} does: "438.757875ms", "1.5s", "2m3.5s". */
public final class GoDuration {
    private GoDuration() {}

    public static String format(long ns) {
        if (ns == 0) {
            return "0s";
        }
        boolean neg = ns < 0;
        // Long.MIN_VALUE cannot be negated; Go prints it too, but no run takes 292 years
        long u = Math.abs(ns);
        String s;
        if (u < 1_000L) {
            s = u + "ns";
        } else if (u < 1_000_000L) {
            s = frac(u, 3) + "µs";
        } else if (u < 1_000_000_000L) {
            s = frac(u, 6) + "ms";
        } else {
            long totalSeconds = u / 1_000_000_000L;
            long nanos = u % 1_000_000_000L;
            long h = totalSeconds / 3600;
            long m = (totalSeconds / 60) % 60;
            long sec = totalSeconds % 60;
            String secs = frac(sec * 1_000_000_000L + nanos, 9) + "s";
            if (h > 0) {
                s = h + "h" + m + "m" + secs;
            } else if (m > 0) {
                s = m + "m" + secs;
            } else {
                s = secs;
            }
        }
        return neg ? "-" + s : s;
    }

    /** {@code v / 10^digits} with trailing zeros (and a bare point) removed. */
    private static String frac(long v, int digits) {
        return BigDecimal.valueOf(v, digits).stripTrailingZeros().toPlainString();
    }
}
