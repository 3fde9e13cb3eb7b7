package io.kerat.submissions;

import io.kerat.sandbox.CancelToken;

import java.net.URI;
import java.util.Optional;

/**
 * Submissions accepted now and run later, kept in a store that survives a crash of the daemon: what Judge0's
 * asynchronous API stands on (and, later, a queue shared by several hosts). The execution core never learns that a
 * database exists: a dialect registers a {@link Handler} that turns its stored request into its stored result.
 * Requests and results are opaque bytes to this package (a dialect's own JSON).
 */
public interface AsyncSubmissions extends AutoCloseable {

    /** What a dialect does with its stored submissions. */
    interface Handler {
        /**
         * Runs a stored request to its end, on a worker thread (blocking), and returns the result to store. An
         * exception is stored as an internal error; {@link Busy} puts the submission back in the queue for later.
         */
        byte[] run(byte[] request, CancelToken cancel) throws Exception;

        /** The body PUT to the submission's callback URL once it is done, or null to send none. */
        byte[] callbackBody(Submission done);
    }

    /** Thrown by {@link Handler#run} when there is no room to run it now: the submission stays queued. */
    final class Busy extends Exception {
        public Busy(String message) {
            super(message);
        }
    }

    /** Thrown when the queue or the store is full: nothing was stored (HTTP 503). */
    final class QueueFull extends Exception {
        public QueueFull(String message) {
            super(message);
        }
    }

    /** Thrown when a callback URL is not allowed (HTTP 422): its host is outside the admin's allowlist, or it is not http(s). */
    final class CallbackRefused extends Exception {
        public CallbackRefused(String message) {
            super(message);
        }
    }

    /** Registers the handler of one dialect (before {@link #start}); submissions of unknown dialects stay queued. */
    void register(String dialect, Handler handler);

    /** Requeues what a previous process left queued or running, and starts the workers. */
    void start();

    /** Checks a callback URL against the allowlist without storing anything. */
    void checkCallback(URI callback) throws CallbackRefused;

    /**
     * Stores a submission and queues it; it is durable when this returns (a kill -9 right after loses nothing).
     *
     * @param callback where to PUT the result when done, or null
     * @return the new submission's token
     */
    String accept(String dialect, byte[] request, URI callback) throws QueueFull, CallbackRefused;

    /** The submission with this token, in whatever state it is; empty if unknown, deleted or expired. */
    Optional<Submission> get(String token);

    /** Deletes a submission that is done; false if unknown or not done yet. */
    boolean delete(String token);
}
