package io.kerat.submissions;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where submissions are kept: durable rows and their state changes, each one atomic, and the store's bounds. No
 * threads, no queue logic, no HTTP: {@link SubmissionQueue} does those on top. SQLite today
 * ({@link SqliteSubmissionStore}); a store shared by several hosts would claim with {@code FOR UPDATE SKIP LOCKED}
 * and a lease where this one relies on being the only process that opens the file (the serve lock).
 */
public interface SubmissionStore extends AutoCloseable {

    /** A callback still to deliver: its submission, the attempts made so far and when to try next. */
    record PendingCallback(String token, int attempts, Instant nextAt) {
    }

    /** What a delivery attempt left. */
    enum CallbackState { PENDING, DELIVERED, FAILED }

    /**
     * Stores a new queued submission, durably when this returns. Makes room by deleting the oldest finished
     * submissions when the store is at its row or byte bound.
     *
     * @throws AsyncSubmissions.QueueFull when as many are unfinished as allowed, or no finished one is left to delete
     */
    void insert(String token, String dialect, byte[] request, URI callback, Instant now)
            throws AsyncSubmissions.QueueFull;

    Optional<Submission> get(String token);

    /** Deletes a finished submission; false when unknown or not finished. */
    boolean delete(String token);

    /** The oldest queued submission of one of these dialects, now marked running; empty when none is queued. */
    Optional<Submission> claimNext(Set<String> dialects, Instant now);

    /** Puts a running submission back in the queue, in its place (its age is kept). */
    void requeue(String token);

    /** Puts every running submission back in the queue (at start: what a dead process was running). */
    int requeueRunning();

    /**
     * Ends a running submission: done with {@code result}, or failed with {@code error}. When it has a callback,
     * the callback becomes pending (first attempt now).
     */
    void finish(String token, byte[] result, String error, Instant now);

    /** Deletes the submissions finished before {@code cutoff}; returns how many. */
    int sweep(Instant cutoff);

    /** Submissions queued or running. */
    int unfinished();

    /** Submissions queued. */
    int queued();

    /** Every callback still to deliver, the soonest first. */
    List<PendingCallback> pendingCallbacks();

    /** Records a delivery attempt: how many were made, and what is left (PENDING: try again at {@code nextAt}). */
    void callbackAttempted(String token, int attempts, CallbackState state, Instant nextAt);

    @Override
    void close();
}
