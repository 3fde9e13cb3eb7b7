package io.kerat.execution;

import io.kerat.sandbox.CancelToken;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Executions a process runs on its own thread, outside {@link Admission} (`kerat run`). A shutdown (Ctrl-C,
 * SIGTERM) cancels them and waits for them to end before the owner's state is removed: otherwise the run's thread
 * still tears its sandbox down (runsc delete, the cgroup, its run directory) while the shutdown deletes the same
 * state directory, and whatever the thread wrote after that delete was left behind.
 */
public final class DirectRuns {
    private final Executor executor;
    private final Set<CancelToken> running = new HashSet<>();
    private boolean closed;

    public DirectRuns(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code req} on this thread; refused once {@link #close} has begun. */
    public ExecutionResult execute(ExecutionRequest req) throws ExecutionException {
        CancelToken cancel = new CancelToken();
        synchronized (running) {
            if (closed) {
                throw new ExecutionException(ExecutionException.Kind.UNAVAILABLE, "kerat is shutting down");
            }
            running.add(cancel);
        }
        try {
            return executor.execute(req, cancel);
        } finally {
            synchronized (running) {
                running.remove(cancel);
                running.notifyAll();
            }
        }
    }

    /** Cancels what runs and waits up to {@code millis} for it to end; false if something still runs then. */
    public boolean close(long millis) {
        List<CancelToken> now;
        synchronized (running) {
            closed = true;
            now = new ArrayList<>(running);
        }
        now.forEach(CancelToken::cancel);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (running) {
            try {
                long left;
                while (!running.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(running, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return running.isEmpty();
        }
    }
}
