package io.kerat.execution;

import io.kerat.sandbox.StageStreams;

import java.util.List;

/**
 * The domain request every dialect translates to.
 *
 * @param language       canonical language id (aliases already resolved)
 * @param files          the program's files
 * @param entrypoint     the main file (a member of files)
 * @param stdin          stdin for RUN mode
 * @param args           appended to the run command
 * @param limits         run-stage limits asked for
 * @param compileLimits  compile-stage limits asked for
 * @param cases          CASES mode
 * @param tests          test files for TESTS mode
 * @param version        the language version asked for (exact, a prefix such as "3.11", or "*"); null: the default
 * @param framework      the test framework asked for (one the runner lists); null: the harness detects it
 * @param judging        CASES mode: the checker and the groups ({@link Judging#DEFAULT}: today's line comparison)
 * @param streams        live output / streamed stdin of the request's sandboxes (null: none); such a request
 *                       never takes a pre-started sandbox from the warm pool
 */
public record ExecutionRequest(String language, List<SourceFile> files, String entrypoint, byte[] stdin,
                               List<String> args, LimitsRequest limits, LimitsRequest compileLimits,
                               List<TestCase> cases, List<SourceFile> tests, String version, String framework,
                               Judging judging, @com.fasterxml.jackson.annotation.JsonIgnore StageStreams streams) {

    public ExecutionRequest {
        judging = judging == null ? Judging.DEFAULT : judging;
    }

    /** A request nobody watches live. */
    public ExecutionRequest(String language, List<SourceFile> files, String entrypoint, byte[] stdin,
                            List<String> args, LimitsRequest limits, LimitsRequest compileLimits,
                            List<TestCase> cases, List<SourceFile> tests, String version, String framework,
                            Judging judging) {
        this(language, files, entrypoint, stdin, args, limits, compileLimits, cases, tests, version, framework, judging,
                null);
    }

    /** A request judged as before checkers existed: line comparison, no groups. */
    public ExecutionRequest(String language, List<SourceFile> files, String entrypoint, byte[] stdin,
                            List<String> args, LimitsRequest limits, LimitsRequest compileLimits,
                            List<TestCase> cases, List<SourceFile> tests, String version, String framework) {
        this(language, files, entrypoint, stdin, args, limits, compileLimits, cases, tests, version, framework, null, null);
    }

    /** The same request with its sandboxes watched by {@code s}. */
    public ExecutionRequest withStreams(StageStreams s) {
        return new ExecutionRequest(language, files, entrypoint, stdin, args, limits, compileLimits, cases, tests,
                version, framework, judging, s);
    }

    /** A request for the default version, with the test framework detected from the test files. */
    public ExecutionRequest(String language, List<SourceFile> files, String entrypoint, byte[] stdin,
                            List<String> args, LimitsRequest limits, LimitsRequest compileLimits,
                            List<TestCase> cases, List<SourceFile> tests) {
        this(language, files, entrypoint, stdin, args, limits, compileLimits, cases, tests, null, null, null, null);
    }

    public Mode mode() {
        if (tests != null && !tests.isEmpty()) {
            return Mode.TESTS;
        }
        if (cases != null && !cases.isEmpty()) {
            return Mode.CASES;
        }
        return Mode.RUN;
    }
}
