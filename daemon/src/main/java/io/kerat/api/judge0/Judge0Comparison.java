package io.kerat.api.judge0;

/**
 * Judge0's own output comparison: both texts are split on "\n", each line loses its trailing whitespace, the lines
 * are joined again and the whole loses its trailing whitespace. Leading whitespace counts, and so do blank lines
 * between lines; "\r" before "\n" is trailing whitespace. No expected output means Accepted.
 */
public final class Judge0Comparison {
    private Judge0Comparison() {}

    public static boolean accepted(String expected, String actual) {
        if (expected == null) {
            return true;
        }
        return strip(expected).equals(strip(actual == null ? "" : actual));
    }

    static String strip(String s) {
        String[] lines = s.split("\n", -1);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append('\n');
            }
            b.append(rstrip(lines[i]));
        }
        return rstrip(b.toString());
    }

    /** Ruby's rstrip: trailing whitespace and NUL ("\t\n\v\f\r " and "\0"). */
    private static String rstrip(String s) {
        int end = s.length();
        while (end > 0) {
            char c = s.charAt(end - 1);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r' || c == '\0') {
                end--;
            } else {
                break;
            }
        }
        return s.substring(0, end);
    }
}
