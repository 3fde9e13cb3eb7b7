package io.kerat.execution;

import io.kerat.judging.CheckerProtocol;

import java.util.List;

/**
 * A checker program: compiled once per request (through the compile cache), run once per case in its own sandbox as
 * {@code <run command> input output answer}, the three files in its workspace next to its own files.
 *
 * @param language   canonical language id
 * @param files      the checker's files (a testlib checker sends its testlib.h among them)
 * @param entrypoint the main file
 * @param protocol   how its exit code is read
 * @param limits     its limits as asked for (resolved against its language's run-stage defaults and maxima)
 */
public record CheckerProgram(String language, List<SourceFile> files, String entrypoint, CheckerProtocol protocol,
                             LimitsRequest limits) {
    /** The names of the files the checker gets for each case; its own files may not use them. */
    public static final List<String> CASE_FILES = List.of("input", "output", "answer");
}
