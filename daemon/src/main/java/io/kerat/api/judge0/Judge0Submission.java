package io.kerat.api.judge0;

/**
 * A validated, normalised Judge0 submission: text fields decoded (never base64), every limit filled with the value
 * that applies (a client's own or Kerat's default), in Judge0's units (seconds, KB). This is also the stored form of
 * an asynchronous submission (as JSON), and what {@code fields=*} echoes back.
 *
 * @param additionalFiles the zip as the client sent it (base64), or null
 * @param version         the installed version the language id stands for
 * @param language        Kerat's language id
 */
public record Judge0Submission(String sourceCode, int languageId, String stdin, String expectedOutput,
                               double cpuTimeLimit, double cpuExtraTime, double wallTimeLimit, long memoryLimit,
                               long stackLimit, long maxProcessesAndOrThreads,
                               boolean enablePerProcessAndThreadTimeLimit, boolean enablePerProcessAndThreadMemoryLimit,
                               long maxFileSize, int numberOfRuns, boolean redirectStderrToStdout,
                               String compilerOptions, String commandLineArguments, String callbackUrl,
                               String additionalFiles, boolean enableNetwork, String language, String version) {
}
