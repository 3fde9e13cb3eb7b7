package io.kerat.judging;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a checker program reports its verdict. Pure: maps the checker's exit code and report onto a {@link CheckOutcome}.
 * A checker that crashed or hit a limit never gets here: that is a {@code checker_error} decided by the caller.
 */
public enum CheckerProtocol {
    /**
     * testlib's exit codes: 0 accepted, 1 wrong answer, 2 presentation error, 3 fail (the checker or the problem is
     * broken: {@code checker_error}), 7 partial points, read from a report line {@code points X} (testlib's
     * {@code quitp}, on stderr) with X the case's share from 0 to 1. Anything else (4 "dirt", 8 unexpected EOF
     * when enabled, testlib's {@code _pc(n)} codes, which are n by default and 50 + n under TESTSYS and so cannot be
     * told apart from the verdicts above) is a {@code checker_error} naming the code.
     */
    TESTLIB,
    /** 0 accepted, anything else wrong answer; the message is what the checker wrote to stderr (else stdout). */
    EXITCODE;

    public static final int MESSAGE_CAP = 4096;
    private static final Pattern POINTS = Pattern.compile("(?m)^\\s*points\\s+([-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?)");

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CheckerProtocol parse(String s) {
        for (CheckerProtocol p : values()) {
            if (p.wire().equals(s)) {
                return p;
            }
        }
        return null;
    }

    public CheckOutcome interpret(int exitCode, String stdout, String stderr) {
        String msg = message(stderr, stdout);
        if (this == EXITCODE) {
            return exitCode == 0 ? CheckOutcome.accepted(msg) : CheckOutcome.wrong(msg);
        }
        return switch (exitCode) {
            case 0 -> CheckOutcome.accepted(msg);
            case 1 -> CheckOutcome.of(Verdict.WRONG_ANSWER, msg);
            case 2 -> CheckOutcome.of(Verdict.PRESENTATION_ERROR, msg);
            case 3 -> CheckOutcome.of(Verdict.CHECKER_ERROR, "the checker failed (testlib 'fail')"
                    + (msg == null ? "" : ": " + msg));
            case 7 -> points(stderr, msg);
            default -> CheckOutcome.of(Verdict.CHECKER_ERROR, "the checker exited with " + exitCode
                    + ", which is no testlib verdict (0, 1, 2, 3 or 7)" + (msg == null ? "" : ": " + msg));
        };
    }

    private static CheckOutcome points(String stderr, String msg) {
        Matcher m = POINTS.matcher(stderr == null ? "" : stderr);
        if (!m.find()) {
            return CheckOutcome.of(Verdict.CHECKER_ERROR,
                    "the checker exited with 7 (points) but wrote no 'points X' line to stderr");
        }
        double p;
        try {
            p = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            return CheckOutcome.of(Verdict.CHECKER_ERROR, "unreadable points '" + m.group(1) + "'");
        }
        if (!(p >= 0 && p <= 1)) {
            return CheckOutcome.of(Verdict.CHECKER_ERROR, "points " + m.group(1) + " are outside 0..1 (a share of the case)");
        }
        if (p == 1) {
            return CheckOutcome.accepted(msg);
        }
        return new CheckOutcome(p == 0 ? Verdict.WRONG_ANSWER : Verdict.ACCEPTED, p, msg);
    }

    /** The checker's own words: stderr (testlib's report) or else stdout, trimmed and capped. */
    static String message(String stderr, String stdout) {
        String s = stderr != null && !stderr.isBlank() ? stderr : stdout;
        if (s == null || s.isBlank()) {
            return null;
        }
        s = s.strip();
        return s.length() > MESSAGE_CAP ? s.substring(0, MESSAGE_CAP) + "..." : s;
    }
}
