package io.kerat.api.judge0;

import java.util.Map;

/**
 * The Judge0 dialect's own settings (kerat.yaml {@code judge0.*}, env {@code KERAT_JUDGE0_*}).
 *
 * @param enableSubmissionDelete {@code DELETE /submissions/{token}} is allowed (Judge0's ENABLE_SUBMISSION_DELETE; default off)
 * @param maxNumberOfRuns        the largest {@code number_of_runs} (default 20, as Judge0; at most 100)
 */
public record Judge0Options(boolean enableSubmissionDelete, int maxNumberOfRuns) {
    public static final int DEFAULT_MAX_NUMBER_OF_RUNS = 20;
    public static final int LIMIT_MAX_NUMBER_OF_RUNS = 100;

    public static Judge0Options defaults() {
        return new Judge0Options(false, DEFAULT_MAX_NUMBER_OF_RUNS);
    }

    /** From the environment and the config file ({@code KERAT_CONFIG}, default /etc/kerat/kerat.yaml), the environment winning. */
    public static Judge0Options fromEnvironment() {
        Map<String, String> env = System.getenv();
        java.nio.file.Path file = java.nio.file.Path.of(env.getOrDefault("KERAT_CONFIG",
                io.kerat.config.Settings.DEFAULT_CONFIG.toString()));
        Map<String, String> merged = new java.util.LinkedHashMap<>();
        if (java.nio.file.Files.isRegularFile(file)) {
            merged.putAll(io.kerat.config.ConfigFile.load(file));
        }
        merged.putAll(env);
        return from(merged);
    }

    /** From a flat map of {@code KERAT_*} keys; a bad value is a ConfigException naming the key. */
    public static Judge0Options from(Map<String, String> env) {
        String del = env.getOrDefault("KERAT_JUDGE0_ENABLE_SUBMISSION_DELETE", "false").trim();
        if (!del.equals("true") && !del.equals("false")) {
            throw new io.kerat.config.ConfigException("judge0.enable_submission_delete (KERAT_JUDGE0_ENABLE_SUBMISSION_DELETE): "
                    + "must be true or false, got '" + del + "'");
        }
        String runs = env.getOrDefault("KERAT_JUDGE0_MAX_NUMBER_OF_RUNS", String.valueOf(DEFAULT_MAX_NUMBER_OF_RUNS)).trim();
        int n;
        try {
            n = Integer.parseInt(runs);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > LIMIT_MAX_NUMBER_OF_RUNS) {
            throw new io.kerat.config.ConfigException("judge0.max_number_of_runs (KERAT_JUDGE0_MAX_NUMBER_OF_RUNS): must be "
                    + "1.." + LIMIT_MAX_NUMBER_OF_RUNS + ", got '" + runs + "'");
        }
        return new Judge0Options(del.equals("true"), n);
    }
}
