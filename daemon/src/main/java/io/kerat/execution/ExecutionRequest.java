package io.kerat.execution;

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
 */
public record ExecutionRequest(String language, List<SourceFile> files, String entrypoint, byte[] stdin,
                               List<String> args, LimitsRequest limits, LimitsRequest compileLimits,
                               List<TestCase> cases, List<SourceFile> tests) {

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
