package io.kerat.judging;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The checkers built into the daemon. Pure: compares the expected answer with the program's output.
 *
 * @param kind            how to compare
 * @param caseInsensitive letters compare without case (exact, lines, tokens, unordered_lines; floats' non-numbers)
 * @param absTolerance    floats: |expected - actual| at most this passes
 * @param relTolerance    floats: |expected - actual| at most this times |expected| passes
 */
public record BuiltinChecker(Kind kind, boolean caseInsensitive, double absTolerance, double relTolerance) {
    /** The default when a request names no checker: today's comparison. */
    public static final BuiltinChecker LINES = new BuiltinChecker(Kind.LINES, false, 0, 0);
    /** The tolerance of {@code floats} when the request gives neither: 1e-6, absolute or relative. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    public enum Kind {
        /** Byte for byte (after decoding as UTF-8). */
        EXACT,
        /** Trailing whitespace per line, trailing blank lines and CR before LF ignored: today's default. */
        LINES,
        /** The same whitespace-separated tokens in the same order. */
        TOKENS,
        /** Tokens; where the expected token is a number, the output's must be a number within tolerance. */
        FLOATS,
        /** The same lines (as {@code lines} compares them) in any order, each as many times. */
        UNORDERED_LINES;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.wire().equals(s)) {
                    return k;
                }
            }
            return null;
        }
    }

    public CheckOutcome check(String expected, String actual) {
        String e = caseInsensitive ? expected.toLowerCase(Locale.ROOT) : expected;
        String a = caseInsensitive ? actual.toLowerCase(Locale.ROOT) : actual;
        return switch (kind) {
            case EXACT -> e.equals(a) ? CheckOutcome.accepted(null) : CheckOutcome.wrong(firstDifference(e, a));
            case LINES -> linesEqual(e, a);
            case TOKENS -> tokens(e, a, false);
            case FLOATS -> tokens(e, a, true);
            case UNORDERED_LINES -> unordered(e, a);
        };
    }

    private static CheckOutcome linesEqual(String e, String a) {
        List<String> el = lines(e);
        List<String> al = lines(a);
        for (int i = 0; i < Math.min(el.size(), al.size()); i++) {
            if (!el.get(i).equals(al.get(i))) {
                return CheckOutcome.wrong("line " + (i + 1) + " differs: expected '" + clip(el.get(i)) + "', got '"
                        + clip(al.get(i)) + "'");
            }
        }
        if (el.size() != al.size()) {
            return CheckOutcome.wrong("expected " + el.size() + " lines, got " + al.size());
        }
        return CheckOutcome.accepted(null);
    }

    /** Lines with trailing whitespace and trailing blank lines removed, CRLF as LF. */
    static List<String> lines(String s) {
        String[] raw = s.replace("\r\n", "\n").split("\n", -1);
        int last = raw.length - 1;
        while (last >= 0 && raw[last].strip().isEmpty()) {
            last--;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            out.add(raw[i].stripTrailing());
        }
        return out;
    }

    private static CheckOutcome unordered(String e, String a) {
        List<String> el = lines(e);
        List<String> al = lines(a);
        if (el.size() != al.size()) {
            return CheckOutcome.wrong("expected " + el.size() + " lines, got " + al.size());
        }
        String[] es = el.toArray(new String[0]);
        String[] as = al.toArray(new String[0]);
        Arrays.sort(es);
        Arrays.sort(as);
        for (int i = 0; i < es.length; i++) {
            if (!es[i].equals(as[i])) {
                return CheckOutcome.wrong("the lines differ (in any order): '" + clip(es[i]) + "' vs '" + clip(as[i]) + "'");
            }
        }
        return CheckOutcome.accepted(null);
    }

    private CheckOutcome tokens(String e, String a, boolean floats) {
        String[] et = split(e);
        String[] at = split(a);
        for (int i = 0; i < Math.min(et.length, at.length); i++) {
            if (et[i].equals(at[i])) {
                continue;
            }
            if (floats) {
                BigDecimal x = number(et[i]);
                if (x != null) {
                    BigDecimal y = number(at[i]);
                    if (y == null) {
                        return CheckOutcome.wrong("token " + (i + 1) + ": expected a number near " + clip(et[i])
                                + ", got '" + clip(at[i]) + "'");
                    }
                    if (withinTolerance(x, y)) {
                        continue;
                    }
                    return CheckOutcome.wrong("token " + (i + 1) + ": expected " + clip(et[i]) + ", got " + clip(at[i])
                            + " (tolerance " + absTolerance + " absolute, " + relTolerance + " relative)");
                }
            }
            return CheckOutcome.wrong("token " + (i + 1) + ": expected '" + clip(et[i]) + "', got '" + clip(at[i]) + "'");
        }
        if (et.length != at.length) {
            return CheckOutcome.wrong("expected " + et.length + " tokens, got " + at.length);
        }
        return CheckOutcome.accepted(null);
    }

    /** Exact decimal arithmetic, so that "at the edge" is exactly the edge: |x - y| <= max(abs, rel * |x|). */
    boolean withinTolerance(BigDecimal x, BigDecimal y) {
        BigDecimal diff = x.subtract(y).abs();
        BigDecimal abs = new BigDecimal(Double.toString(absTolerance));
        BigDecimal rel = new BigDecimal(Double.toString(relTolerance)).multiply(x.abs());
        return diff.compareTo(abs) <= 0 || diff.compareTo(rel) <= 0;
    }

    /** A finite decimal number (no NaN, no infinity, no hex), or null. */
    static BigDecimal number(String t) {
        if (t.length() > 400 || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?")) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException | ArithmeticException ex) {
            return null;
        }
    }

    private static String[] split(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    private static String firstDifference(String e, String a) {
        int i = 0;
        while (i < e.length() && i < a.length() && e.charAt(i) == a.charAt(i)) {
            i++;
        }
        return "outputs differ at character " + (i + 1) + " (expected " + e.length() + " characters, got " + a.length() + ")";
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
