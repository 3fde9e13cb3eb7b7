package io.kerat.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go duration strings ("1h2m3.5s", "438.757875ms", "12µs") to nanoseconds, as time.ParseDuration does. */
public final class GoDurationParser {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDurationParser() {}

    public static long parseNanos(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        String t = s;
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.startsWith("-");
            t = t.substring(1);
        }
        if (t.equals("0")) {
            return 0;
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (pos < t.length()) {
            // anchored at pos: find() would scan the rest of the string again for every part
            if (!m.region(pos, t.length()).lookingAt()) {
                throw new IllegalArgumentException("not a Go duration: " + s);
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            pos = m.end();
        }
        try {
            // as Go's time.ParseDuration: out of range is an error, not a wrapped value (fractions of a ns truncate)
            BigInteger ns = total.toBigInteger();
            return (neg ? ns.negate() : ns).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Go duration out of range: " + s);
        }
    }
}
