package io.kerat.execution;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The verdict of a stage or of a whole request, as it appears on the wire (lower snake case). */
public enum Status {
    OK, RUNTIME_ERROR, TIME_LIMIT, MEMORY_LIMIT, OUTPUT_LIMIT, COMPILE_ERROR, WRONG_ANSWER, TESTS_FAILED,
    CANCELLED, INTERNAL_ERROR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Limit verdicts and errors that end a cases run before it is judged on output. */
    public boolean isLimit() {
        return this == TIME_LIMIT || this == MEMORY_LIMIT || this == OUTPUT_LIMIT;
    }
}
