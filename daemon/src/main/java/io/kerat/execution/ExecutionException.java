package io.kerat.execution;

import java.io.IOException;

/** Thrown when a request cannot be executed for a reason that is not the program's doing. */
public class ExecutionException extends IOException {
    /** What went wrong, which decides the HTTP status. */
    public enum Kind {
        /** The request itself is wrong (400). */
        BAD_REQUEST,
        /** A dependency of the daemon is missing or broken: runsc, an image, the data dir (503). */
        UNAVAILABLE,
        /** A bug or an unexpected failure (500). */
        INTERNAL
    }

    private final Kind kind;
    private final String code;

    public ExecutionException(Kind kind, String message) {
        this(kind, null, message);
    }

    /** @param code the error code a client sees (e.g. "unknown_version"); null: the kind's generic one */
    public ExecutionException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public ExecutionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = null;
    }

    /** The error code for clients, or null for the kind's generic one. */
    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }
}
