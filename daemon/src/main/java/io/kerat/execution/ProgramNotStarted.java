package io.kerat.execution;

/**
 * runsc ran but could not start the stage's program (its executable is not in the image, the sandbox could not be
 * set up): the request's verdict is {@code internal_error} with this message, never a {@code runtime_error} or
 * {@code compile_error} blamed on the submission.
 */
public final class ProgramNotStarted extends ExecutionException {
    public ProgramNotStarted(String message) {
        super(Kind.INTERNAL, "internal_error", message);
    }
}
