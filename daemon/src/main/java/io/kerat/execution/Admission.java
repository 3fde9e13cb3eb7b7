package io.kerat.execution;

import io.kerat.sandbox.CancelToken;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded number of executions at once and a bounded queue in front of them. A full queue is refused at once
 * (the HTTP layer answers 503 with Retry-After); a cancelled request leaves the queue without running.
 */
public final class Admission implements AutoCloseable {
    /** Thrown when the queue is full. */
    public static final class QueueFullException extends Exception {
        public QueueFullException(String message) {
            super(message);
        }
    }

    private final Executor executor;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger active = new AtomicInteger();

    public Admission(Executor executor, int concurrency, int queue) {
        this.executor = executor;
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
        try {
            Future<?> task = pool.submit(() -> {
                if (cancel.isCancelled()) {
                    f.cancel(false);
                    return;
                }
                active.incrementAndGet();
                try {
                    f.complete(executor.execute(req, cancel));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                } finally {
                    active.decrementAndGet();
                }
            });
            cancel.onCancel(() -> {
                if (pool.remove((Runnable) task)) {
                    f.cancel(false);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new QueueFullException("all " + pool.getMaximumPoolSize() + " sandboxes are busy and "
                    + pool.getQueue().size() + " requests are waiting; retry shortly");
        }
        return f;
    }

    public int active() {
        return active.get();
    }

    public int queued() {
        return pool.getQueue().size();
    }

    /** Stops taking work and waits up to {@code millis} for what runs. */
    public boolean shutdown(long millis) throws InterruptedException {
        pool.shutdown();
        return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
