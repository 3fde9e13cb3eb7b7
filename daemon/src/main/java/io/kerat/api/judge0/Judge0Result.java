package io.kerat.api.judge0;

/**
 * The outcome of one Judge0 submission in plain text (never base64): the stored result of an asynchronous
 * submission and what the wire fields are made from.
 *
 * @param time         CPU seconds as Judge0 writes them ("0.012"), averaged over the runs; null if it never ran
 * @param wallTime     wall seconds, averaged likewise
 * @param memory       peak memory in KB, averaged likewise
 * @param keratVerdict Kerat's own verdict ({@code ok}, {@code memory_limit}, ...), shown only when asked for by name
 * @param finishedAt   ISO-8601 time the run ended
 */
public record Judge0Result(int statusId, String stdout, String stderr, String compileOutput, String message,
                           Integer exitCode, Integer exitSignal, String time, String wallTime, Long memory,
                           String keratVerdict, String finishedAt) {

    public Judge0Status status() {
        return Judge0Status.byId(statusId);
    }
}
