package io.kerat.execution;

import java.util.List;

/**
 * One case of a cases-mode request.
 *
 * @param stdin          the program's stdin
 * @param expectedOutput the expected answer; null means "just run it"
 * @param files          written to the workspace before the run (next to the program's files), e.g. problem.in
 * @param outputFile     a workspace file to judge instead of stdout (read without following links, capped), or null
 */
public record TestCase(byte[] stdin, String expectedOutput, List<SourceFile> files, String outputFile) {
    public TestCase {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public TestCase(byte[] stdin, String expectedOutput) {
        this(stdin, expectedOutput, List.of(), null);
    }
}
