package io.kerat.submissions;

import java.net.URI;
import java.time.Instant;

/**
 * One stored submission as its dialect sees it: the request it stored, and the result once done.
 *
 * @param result     the dialect's result bytes once {@link State#DONE}, else null
 * @param error      why it ended without a result ({@link State#FAILED}), else null
 * @param startedAt  when its latest run began, or null while queued
 * @param finishedAt when it ended, or null
 * @param callback   where the result is PUT when done, or null
 */
public record Submission(String token, String dialect, State state, byte[] request, byte[] result, String error,
                         Instant createdAt, Instant startedAt, Instant finishedAt, URI callback) {

    /** Where a submission is in its life: queued -> running -> done | failed; running goes back to queued after a crash. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED;

        public boolean isFinal() {
            return this == DONE || this == FAILED;
        }
    }
}
