package io.kerat.execution;

import io.kerat.sandbox.CancelToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded number of executions at once and a bounded queue in front of them. A full queue is refused at once
 * (the HTTP layer answers 503 with Retry-After); a cancelled request leaves the queue without running. Each
 * request's timings go to a {@link RunListener} (metrics, the run log) before its caller gets the result.
 */
public final class Admission implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    /** Thrown when the queue is full or the daemon is shutting down. */
    public static final class QueueFullException extends Exception {
        public QueueFullException(String message) {
            super(message);
        }
    }

    private final Executor executor;
    private final ThreadPoolExecutor pool;
    private final RunListener listener;
    private final AtomicInteger active = new AtomicInteger();
    /** Every accepted request not yet ended, queued or running: what a shutdown past its grace cancels. */
    private final Set<CancelToken> inFlight = ConcurrentHashMap.newKeySet();
    /** Set once a shutdown's grace is over: requests still queued then are answered 503, not dropped silently. */
    private volatile boolean stopping;
    /** Set when a graceful stop begins: health and the balancer's agent say so; requests are still accepted. */
    private volatile boolean draining;

    public Admission(Executor executor, int concurrency, int queue) {
        this(executor, concurrency, queue, RunListener.NONE);
    }

    public Admission(Executor executor, int concurrency, int queue, RunListener listener) {
        this.executor = executor;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queue)), r -> {
                    Thread t = new Thread(r, "kerat-exec-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public CompletableFuture<ExecutionResult> submit(ExecutionRequest req, CancelToken cancel) throws QueueFullException {
        CompletableFuture<ExecutionResult> f = new CompletableFuture<>();
        RunTrace trace = new RunTrace();
        AtomicBoolean ended = new AtomicBoolean();
        inFlight.add(cancel);
        try {
            Future<?> task = pool.submit(() -> {
                if (cancel.isCancelled()) {
                    if (ended.compareAndSet(false, true)) {
                        dropQueued(req, trace, cancel, f);
                    }
                    return;
                }
                trace.started();
                active.incrementAndGet();
                ExecutionResult result = null;
                Throwable error = null;
                try {
                    result = executor.execute(req, cancel, trace);
                } catch (Throwable t) {
                    error = t;
                } finally {
                    active.decrementAndGet();
                }
                ended.set(true);
                end(req, trace, result, error, cancel);
                if (error == null) {
                    f.complete(result);
                } else {
                    f.completeExceptionally(error);
                }
            });
            cancel.onCancel(() -> {
                if (pool.remove((Runnable) task) && ended.compareAndSet(false, true)) {
                    dropQueued(req, trace, cancel, f);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(cancel);
            if (pool.isShutdown()) {
                throw new QueueFullException("the daemon is shutting down; retry on another instance or shortly");
            }
            throw new QueueFullException("all " + pool.getMaximumPoolSize() + " sandboxes are busy and "
                    + pool.getQueue().size() + " requests are waiting; retry shortly");
        }
        return f;
    }

    /** A request cancelled before it ran: by its client (no answer is due) or by a shutdown (503). */
    private void dropQueued(ExecutionRequest req, RunTrace trace, CancelToken cancel,
                            CompletableFuture<ExecutionResult> f) {
        if (stopping) {
            ExecutionException e = new ExecutionException(ExecutionException.Kind.UNAVAILABLE,
                    "the daemon stopped before this request could run; retry");
            end(req, trace, null, e, cancel);
            f.completeExceptionally(e);
        } else {
            end(req, trace, null, new CancellationException("cancelled while queued"), cancel);
            f.cancel(false);
        }
    }

    private void end(ExecutionRequest req, RunTrace trace, ExecutionResult result, Throwable error, CancelToken cancel) {
        inFlight.remove(cancel);
        try {
            listener.finished(req, trace, result, error);
        } catch (RuntimeException e) {
            LOG.warn("run listener failed", e);
        }
    }

    public int active() {
        return active.get();
    }

    public int queued() {
        return pool.getQueue().size();
    }

    /** Sandbox slots: how many requests run at once. */
    public int slots() {
        return pool.getMaximumPoolSize();
    }

    /** How many requests may wait for a slot (the queue's capacity; at least 1). */
    public int queueCapacity() {
        return pool.getQueue().size() + pool.getQueue().remainingCapacity();
    }

    /**
     * The first step of a graceful stop: from now on {@link #draining()} is true (health answers 503 and the
     * balancer's agent {@code drain}), while new requests are still accepted until {@link #drain} refuses them.
     */
    public void startDraining() {
        draining = true;
    }

    /** Whether a graceful stop has begun. */
    public boolean draining() {
        return draining;
    }

    /** Stops taking work and waits up to {@code millis} for what runs. */
    public boolean shutdown(long millis) throws InterruptedException {
        pool.shutdown();
        return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Graceful stop: refuses new requests, lets the accepted ones (running and queued) finish for up to
     * {@code graceMillis}, then cancels what is left (queued requests fail as UNAVAILABLE, a 503; running sandboxes
     * are killed and their callers get status cancelled) and waits up to {@code killMillis} more for those to wind down.
     *
     * @return how many requests had to be cancelled
     */
    public int drain(long graceMillis, long killMillis) throws InterruptedException {
        draining = true;
        pool.shutdown();
        if (pool.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
            return 0;
        }
        stopping = true;
        int cancelled = 0;
        for (CancelToken t : Set.copyOf(inFlight)) {
            t.cancel();
            cancelled++;
        }
        LOG.warn("shutdown grace of {} ms over: cancelled {} request(s) still queued or running", graceMillis, cancelled);
        if (!pool.awaitTermination(killMillis, TimeUnit.MILLISECONDS)) {
            LOG.error("{} execution(s) still running {} ms after cancellation", active.get(), killMillis);
        }
        return cancelled;
    }

    /**
     * Immediate stop (an embedding's close, the benchmark's end): cancels every accepted request and waits for the
     * cancelled sandboxes to be killed and cleaned up, so that nothing (sandbox, cgroup, run directory) outlives it.
     */
    @Override
    public void close() {
        try {
            drain(0, 15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
    }
}
