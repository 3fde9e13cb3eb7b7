package io.kerat.api.judge0;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Judge0's {@code command_line_arguments} string into argv words as the shell that Judge0 hands it to would:
 * blanks separate words, single quotes keep everything literally, double quotes keep everything but {@code \"} and
 * {@code \\}, a backslash outside quotes escapes the next character. Nothing is expanded (no variables, globs or
 * command substitution: Kerat never runs a shell over it), so {@code $HOME} stays {@code $HOME}.
 */
public final class CommandLineArguments {
    private CommandLineArguments() {}

    /** Thrown when quotes are not closed. */
    public static final class UnbalancedQuotes extends Exception {
        UnbalancedQuotes(String message) {
            super(message);
        }
    }

    public static List<String> split(String s) throws UnbalancedQuotes {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new UnbalancedQuotes("a single quote is not closed");
                }
                cur.append(s, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                        cur.append(s.charAt(i + 1));
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new UnbalancedQuotes("a double quote is not closed");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < s.length()) {
                    if (s.charAt(i + 1) != '\n') {
                        cur.append(s.charAt(i + 1));
                        inWord = true;
                    }
                    i += 2;
                } else {
                    i++;
                }
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
