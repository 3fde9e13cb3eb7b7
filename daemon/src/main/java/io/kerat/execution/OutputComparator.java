package io.kerat.execution;

/**
 * Compares a program's output with the expected output the way judges usually do: trailing whitespace on each
 * line is ignored, and so are trailing blank lines (and a missing final newline). "\r\n" counts as "\n".
 * Leading whitespace, inner spaces and blank lines between lines count.
 */
public final class OutputComparator {
    private OutputComparator() {}

    public static boolean matches(String expected, String actual) {
        return normalize(expected).equals(normalize(actual));
    }

    static String normalize(String s) {
        String[] lines = s.replace("\r\n", "\n").split("\n", -1);
        StringBuilder b = new StringBuilder();
        int last = lines.length - 1;
        while (last >= 0 && lines[last].strip().isEmpty()) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            b.append(lines[i].stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
