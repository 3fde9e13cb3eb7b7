package io.kerat.api;

/**
 * Workspace file names the daemon writes itself and no request may send, in any dialect and in any directory:
 * a file of such a name from a user would pass for the daemon's own.
 */
public final class ReservedFiles {
    /**
     * Judge0's {@code compiler_options}, checked against the safe subset, one word a line: read by the C, C++ and
     * Haskell compile scripts from the workspace root. Only the Judge0 dialect writes it (as a daemon file, see
     * {@link RequestValidator#toDomain(NativeDto.RunRequest, java.util.List)}).
     */
    public static final String COMPILER_OPTIONS = ".kerat-compiler-options";

    private ReservedFiles() {}

    /** Refuses a (checked, relative) name any part of which is reserved. */
    static void check(String name) throws ApiException {
        for (String part : name.split("/", -1)) {
            if (part.equals(COMPILER_OPTIONS)) {
                throw ApiException.badRequest("invalid_file_name", "file name '" + name + "' is reserved: "
                        + COMPILER_OPTIONS + " carries Judge0's checked compiler_options to the compile scripts, "
                        + "and only the daemon writes it; rename the file (Judge0 clients send compiler_options)");
            }
        }
    }
}
