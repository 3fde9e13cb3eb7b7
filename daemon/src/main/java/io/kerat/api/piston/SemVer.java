package io.kerat.api.piston;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of npm's SemVer ranges Piston clients send as {@code version}: an exact version, {@code *}, partial
 * versions and x-ranges ({@code 3}, {@code 3.x}, {@code 3.10.*}), comparators ({@code >=3.10}, {@code <4},
 * {@code =3.11.2}), caret and tilde ({@code ^3.10}, {@code ~3.11}), several comparators joined by spaces (all
 * must hold) and alternatives joined by {@code ||}. Installed versions are read leniently: their first three
 * numeric components (missing ones are 0; a Debian suffix such as {@code -1+b1} is ignored).
 */
public final class SemVer {
    private SemVer() {}

    /** Thrown for a range that is not one of the forms above. */
    public static final class InvalidRangeException extends IllegalArgumentException {
        InvalidRangeException(String range) {
            super("'" + range + "' is not a version or a SemVer range");
        }
    }

    /** Major, minor, patch of an installed version; null when it does not start with a number. */
    public static int[] parse(String version) {
        if (version == null) {
            return null;
        }
        String v = version.trim();
        if (v.startsWith("v") || v.startsWith("=")) {
            v = v.substring(1);
        }
        int[] out = new int[3];
        int part = 0;
        int i = 0;
        boolean any = false;
        while (part < 3 && i < v.length()) {
            int start = i;
            while (i < v.length() && Character.isDigit(v.charAt(i)) && i - start < 9) {
                i++;
            }
            if (i == start) {
                break;
            }
            out[part++] = Integer.parseInt(v.substring(start, i));
            any = true;
            if (i < v.length() && v.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        return any ? out : null;
    }

    /** True when {@code version} satisfies {@code range}. */
    public static boolean satisfies(String version, String range) {
        int[] v = parse(version);
        if (v == null) {
            return range.trim().equals("*") || range.trim().equals(version);
        }
        for (String alt : range.split("\\|\\|", -1)) {
            String a = alt.trim();
            if (a.isEmpty()) {
                if (range.contains("||")) {
                    throw new InvalidRangeException(range);
                }
                return true;
            }
            boolean all = true;
            for (String c : normalise(a)) {
                if (!comparator(v, c, range)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Splits on spaces, keeping an operator written apart from its version (">= 3.10") with it. */
    private static List<String> normalise(String set) {
        List<String> out = new ArrayList<>();
        String pending = "";
        for (String tok : set.split("\\s+")) {
            if (tok.matches("[<>=^~]+")) {
                pending += tok;
            } else {
                out.add(pending + tok);
                pending = "";
            }
        }
        if (!pending.isEmpty()) {
            out.add(pending);
        }
        return out;
    }

    private static boolean comparator(int[] v, String c, String range) {
        int i = 0;
        while (i < c.length() && "<>=^~".indexOf(c.charAt(i)) >= 0) {
            i++;
        }
        String op = c.substring(0, i);
        String rest = c.substring(i);
        if (rest.startsWith("v")) {
            rest = rest.substring(1);
        }
        // a partial version: null parts are wildcards
        Integer[] p = new Integer[3];
        int n = 0;
        if (!rest.equals("*") && !rest.equalsIgnoreCase("x")) {
            String core = rest.split("[-+]", 2)[0];
            String[] parts = core.split("\\.", -1);
            if (parts.length > 3) {
                throw new InvalidRangeException(range);
            }
            for (String s : parts) {
                String t = s.toLowerCase(Locale.ROOT);
                if (t.equals("x") || t.equals("*")) {
                    break;
                }
                if (!t.matches("\\d{1,9}")) {
                    throw new InvalidRangeException(range);
                }
                p[n++] = Integer.parseInt(t);
            }
        }
        int[] lo = {n > 0 ? p[0] : 0, n > 1 ? p[1] : 0, n > 2 ? p[2] : 0};
        switch (op) {
            case "", "=" -> {
                return n == 0 || prefixEquals(v, p, n);
            }
            case ">=" -> {
                return compare(v, lo) >= 0;
            }
            case "<" -> {
                return compare(v, lo) < 0;
            }
            case ">" -> {
                // >3.10 means above every 3.10.x
                return n == 0 ? false : compare(v, upper(p, n)) >= 0;
            }
            case "<=" -> {
                return n == 0 || compare(v, upper(p, n)) < 0;
            }
            case "~" -> {
                int keep = Math.max(1, Math.min(n, 2));
                return n == 0 || (compare(v, lo) >= 0 && compare(v, upper(p, keep)) < 0);
            }
            case "^" -> {
                if (n == 0) {
                    return true;
                }
                int keep = 1;
                if (p[0] == 0) {
                    keep = n >= 2 && p[1] == 0 ? Math.min(n, 3) : Math.min(n, 2);
                }
                return compare(v, lo) >= 0 && compare(v, upper(p, keep)) < 0;
            }
            default -> throw new InvalidRangeException(range);
        }
    }

    private static boolean prefixEquals(int[] v, Integer[] p, int n) {
        for (int i = 0; i < n; i++) {
            if (v[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** The smallest version above every version starting with the first {@code n} parts of {@code p}. */
    private static int[] upper(Integer[] p, int n) {
        int[] u = new int[3];
        for (int i = 0; i < n; i++) {
            u[i] = p[i];
        }
        u[n - 1]++;
        return u;
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Newer first, by the numeric components (versions without a number last). */
    public static int newestFirst(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : 1) : -1;
        }
        return compare(y, x);
    }
}
