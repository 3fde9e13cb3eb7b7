package io.kerat.execution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Timings of one request from the moment it was accepted: when it left the queue, when its first sandbox was
 * started and how long each sandbox took. Filled by {@link Admission} and {@link Executor}; read by a
 * {@link RunListener} when the request ends. Holds no source and no output.
 */
public final class RunTrace {
    /**
     * One sandbox of the request: its stage name ("compile", "run", "case0", "test"), its wall time, and whether it
     * was a pre-started one from the warm pool.
     */
    public record SandboxTiming(String stage, long nanos, boolean pooled) {
    }

    private final long acceptedNs;
    private volatile long startedNs;
    private volatile long firstSandboxNs;
    private final List<SandboxTiming> sandboxes = Collections.synchronizedList(new ArrayList<>());

    public RunTrace() {
        this(System.nanoTime());
    }

    public RunTrace(long acceptedNs) {
        this.acceptedNs = acceptedNs;
    }

    /** The request left the queue and starts executing. */
    public void started() {
        startedNs = System.nanoTime();
    }

    /** A sandbox of {@code stage} is about to be started (its files are in place). */
    public void sandboxStarting(String stage) {
        if (firstSandboxNs == 0) {
            firstSandboxNs = System.nanoTime();
        }
    }

    /** A sandbox of {@code stage} ended after {@code nanos} (runsc start, or the pool's hand-over, to teardown). */
    public void sandboxEnded(String stage, long nanos, boolean pooled) {
        sandboxes.add(new SandboxTiming(stage, nanos, pooled));
    }

    /** Time spent queued, or -1 if the request never left the queue. */
    public long queueNs() {
        return startedNs == 0 ? -1 : startedNs - acceptedNs;
    }

    /** Accepted to first sandbox started, or -1 if no sandbox was started. */
    public long preparationNs() {
        return firstSandboxNs == 0 ? -1 : firstSandboxNs - acceptedNs;
    }

    /** Accepted to now. */
    public long elapsedNs() {
        return System.nanoTime() - acceptedNs;
    }

    public List<SandboxTiming> sandboxes() {
        synchronized (sandboxes) {
            return List.copyOf(sandboxes);
        }
    }
}
