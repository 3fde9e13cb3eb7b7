package io.kerat.execution;

import io.kerat.sandbox.SandboxResult;

import java.nio.charset.StandardCharsets;

/**
 * A pooled sandbox's init shell execs the program itself, so runsc cannot tell when the program is missing from the
 * image: the hand-over script checks it first and says so in a fixed form, which the executor turns into
 * {@code internal_error} like runsc's own "executable not found" (a cold start), instead of exit 127 blamed on the
 * submission.
 */
final class MissingProgram {
    private static final String PREFIX = "kerat: ";
    private static final String SUFFIX = " not found in the image";

    private MissingProgram() {}

    /** The script line that ends the sandbox with exit 127 and the fixed message if {@code quotedProgram} is missing. */
    static String check(String quotedProgram) {
        return "command -v " + quotedProgram + " >/dev/null 2>&1 || { printf '" + PREFIX + "%s" + SUFFIX + "\\n' "
                + quotedProgram + " >&2; exit 127; }\n";
    }

    /** "python3 not found in the image" if the hand-over check failed, else null. */
    static String of(SandboxResult r) {
        if (r.exitCode() == null || r.exitCode() != 127) {
            return null;
        }
        String err = new String(r.stderr(), StandardCharsets.UTF_8).strip();
        if (err.startsWith(PREFIX) && err.endsWith(SUFFIX) && err.indexOf('\n') < 0) {
            return err.substring(PREFIX.length());
        }
        return null;
    }
}
