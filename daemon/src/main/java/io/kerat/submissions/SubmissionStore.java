package io.kerat.submissions;

import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where submissions are kept: durable rows and their state changes, each one atomic, and the store's bounds. No
 * threads, no queue logic, no HTTP: {@link SubmissionQueue} does those on top. Two of them: the embedded SQLite
 * ({@link SqliteSubmissionStore}, one process opens the file: the serve lock) and PostgreSQL shared by several hosts
 * ({@link PostgresSubmissionStore}: claims with {@code FOR UPDATE SKIP LOCKED} and a lease that the running host
 * renews). Where this interface says "lease", SQLite's is trivially held by the only process for as long as it runs.
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

    /**
     * The oldest queued submission of one of these dialects, now marked running and leased to this process; empty
     * when none is queued. A submission whose lease expired (its host died) counts as queued, in its old place.
     */
    Optional<Submission> claimNext(Set<String> dialects, Instant now);

    /**
     * Extends this process's leases on these running submissions; returns those it no longer holds (finished,
     * deleted, or taken back after the lease expired: another host may be running them now).
     */
    Set<String> renewLeases(Collection<String> tokens);

    /** Puts a submission this process is running back in the queue, in its place (its age is kept). */
    void requeue(String token);

    /**
     * Puts back in the queue what no live process runs any more (at start: what a dead process was running): with
     * SQLite every running submission, with a shared store only those whose lease has expired.
     */
    int requeueRunning();

    /**
     * Ends a submission not yet finished: done with {@code result}, or failed with {@code error}. The first result
     * wins: false (and nothing changed) when it had already ended (another host whose run took over after this
     * one's lease expired finished first) or is gone. When this call stored it and it has a callback, the callback
     * becomes pending, first attempt now, to be delivered by this process.
     */
    boolean finish(String token, byte[] result, String error, Instant now);

    /** Deletes the submissions finished before {@code cutoff}; returns how many. */
    int sweep(Instant cutoff);

    /** Submissions queued or running. */
    int unfinished();

    /** Submissions queued. */
    int queued();

    /**
     * The callbacks still to deliver that no live process delivers (left by a dead one), the soonest first, now
     * this process's to deliver. SQLite: every pending one on the first call, none later (this process schedules
     * its own).
     */
    List<PendingCallback> adoptCallbacks();

    /**
     * Before a delivery attempt: whether this process may make it (the callback is pending and this process holds
     * it, or its holder's lease expired), holding it for {@code holdMs} more.
     */
    boolean holdCallback(String token, long holdMs);

    /**
     * Records a delivery attempt: how many were made, and what is left (PENDING: try again at {@code nextAt}, still
     * held by this process until then).
     */
    void callbackAttempted(String token, int attempts, CallbackState state, Instant nextAt);

    /** Rows and bytes stored, finished ones included (for tests and logs). */
    long[] size();

    /** The callback's state and attempts of a submission, {@code STATE/attempts} (for tests and logs); null when none. */
    String callbackState(String token);

    @Override
    void close();
}
