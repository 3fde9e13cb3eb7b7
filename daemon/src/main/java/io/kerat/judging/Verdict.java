package io.kerat.judging;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A judged case's verdict, as it appears on the wire (lower snake case). */
public enum Verdict {
    ACCEPTED, WRONG_ANSWER, PRESENTATION_ERROR, TIME_LIMIT, MEMORY_LIMIT, RUNTIME_ERROR, OUTPUT_LIMIT,
    /** The checker failed (testlib's "fail", a crash, a limit, a bad report): the problem's fault. */
    CHECKER_ERROR,
    /** Not run: an earlier case of its group (or a group it depends on) failed. */
    SKIPPED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
