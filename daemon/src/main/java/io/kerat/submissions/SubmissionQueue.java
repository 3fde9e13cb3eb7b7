package io.kerat.submissions;

import io.kerat.config.SubmissionSettings;
import io.kerat.sandbox.CancelToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@link AsyncSubmissions} on a {@link SubmissionStore}: a fixed number of workers (the admission's concurrency)
 * take the oldest queued submission, run it through its dialect's handler (which goes through the same admission
 * as synchronous requests) and store the result; callbacks go out through a {@link CallbackSender}; a periodic
 * sweep deletes finished submissions past their retention. Nothing here is lost by a crash: the store holds every
 * state, and {@link #start} picks up what a dead process left.
 */
public final class SubmissionQueue implements AsyncSubmissions {
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionQueue.class);
    /** How long a worker waits before retrying after its handler said {@link Busy}. */
    static final long BUSY_DELAY_MS = 200;
    /** How long an idle worker sleeps before looking at the store again (a new submission wakes it at once). */
    static final long IDLE_POLL_MS = 1_000;

    private final SubmissionStore store;
    private final SubmissionSettings settings;
    private final CallbackAllowlist allow;
    private final int workers;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, CancelToken> running = new ConcurrentHashMap<>();
    private final CallbackSender callbacks;
    private final ScheduledExecutorService sweeper;
    private final LeaseKeeper leases;
    private final List<Thread> threads = new ArrayList<>();
    private final Object wake = new Object();
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean closed;

    public SubmissionQueue(SubmissionStore store, SubmissionSettings settings, int workers) {
        this.store = store;
        this.settings = settings;
        this.allow = CallbackAllowlist.parse(settings.callbackAllow());
        this.workers = workers;
        this.callbacks = new CallbackSender(store, allow, settings, this::callbackBody);
        this.leases = new LeaseKeeper(store, settings.leaseRenewMs(), running::keySet, callbacks::adopt);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kerat-submissions-sweep");
            t.setDaemon(true);
            return t;
        });
    }

    private byte[] callbackBody(Submission s) {
        Handler h = handlers.get(s.dialect());
        return h == null ? null : h.callbackBody(s);
    }

    @Override
    public void register(String dialect, Handler handler) {
        if (started) {
            throw new IllegalStateException("register " + dialect + " before start()");
        }
        handlers.put(dialect, handler);
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        int back = store.requeueRunning(); // shared store: only expired leases (their hosts died), never live ones
        int queued = store.queued();
        if (back > 0 || queued > 0) {
            LOG.info("submissions: {} queued ({} were running in a process that ended: run again)", queued, back);
        }
        for (int i = 1; i <= workers; i++) {
            Thread t = new Thread(this::work, "kerat-submission-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        callbacks.adopt();
        leases.start();
        long every = Math.max(1_000, Math.min(60_000, settings.retentionMs() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Deletes finished submissions past their retention; returns how many. */
    int sweep() {
        try {
            int n = store.sweep(Instant.now().minusMillis(settings.retentionMs()));
            if (n > 0) {
                LOG.info("submissions: deleted {} finished more than {} ms ago", n, settings.retentionMs());
            }
            return n;
        } catch (RuntimeException e) {
            LOG.error("submissions: sweep failed", e);
            return 0;
        }
    }

    @Override
    public void checkCallback(URI callback) throws CallbackRefused {
        allow.check(callback);
    }

    @Override
    public String accept(String dialect, byte[] request, URI callback) throws QueueFull, CallbackRefused {
        if (stopping || closed) {
            throw new QueueFull("the daemon is shutting down; retry shortly");
        }
        allow.check(callback);
        String token = UUID.randomUUID().toString();
        store.insert(token, dialect, request, callback, Instant.now());
        synchronized (wake) {
            wake.notify();
        }
        return token;
    }

    @Override
    public Optional<Submission> get(String token) {
        return closed ? Optional.empty() : store.get(token);
    }

    @Override
    public boolean delete(String token) {
        return !closed && store.delete(token);
    }

    /** Submissions queued or running. */
    public int unfinished() {
        return closed ? 0 : store.unfinished();
    }

    private void work() {
        while (!stopping) {
            Optional<Submission> next;
            try {
                next = store.claimNext(handlers.keySet(), Instant.now());
            } catch (RuntimeException e) {
                LOG.error("submissions: cannot take the next one", e);
                next = Optional.empty();
            }
            if (next.isEmpty()) {
                synchronized (wake) {
                    if (!stopping) {
                        try {
                            wake.wait(IDLE_POLL_MS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                continue;
            }
            if (!run(next.get())) {
                try {
                    Thread.sleep(BUSY_DELAY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Runs one claimed submission; false when it went back to the queue (busy, or shutting down). */
    private boolean run(Submission s) {
        Handler h = handlers.get(s.dialect());
        CancelToken cancel = new CancelToken();
        running.put(s.token(), cancel);
        try {
            byte[] result = h.run(s.request(), cancel);
            if (stopping && cancel.isCancelled()) {
                // killed by the shutdown (a dialect may still answer "cancelled"): run again at the next start
                store.requeue(s.token());
                return false;
            }
            if (result == null) {
                throw new IllegalStateException("the " + s.dialect() + " handler returned no result");
            }
            finish(s, result, null);
            return true;
        } catch (Busy e) {
            store.requeue(s.token());
            return false;
        } catch (Throwable e) {
            if (stopping) {
                // cancelled by the shutdown: run again at the next start, never lost
                store.requeue(s.token());
                return false;
            }
            if (e instanceof Error err && !(e instanceof AssertionError)) {
                LOG.error("submission {} failed", s.token(), e);
                store.requeue(s.token());
                throw err;
            }
            LOG.warn("submission {} failed: {}", s.token(), e.toString());
            finish(s, null, e.getMessage() == null ? e.toString() : e.getMessage());
            return true;
        } finally {
            running.remove(s.token());
        }
    }

    private void finish(Submission s, byte[] result, String error) {
        Instant now = Instant.now();
        if (!store.finish(s.token(), result, error, now)) {
            // another host finished it first (this one's lease had expired), or it was deleted: the first result stands
            LOG.warn("submission {}: ended already (another host ran it after this one's lease expired); this result"
                    + " is dropped", s.token());
            return;
        }
        if (s.callback() != null) {
            callbacks.schedule(s.token(), 0, now);
        }
    }

    /** Stops taking submissions to run (and refuses new ones); those running go on until they end or are cancelled. */
    public void stopTaking() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * Stops everything: no new submissions, running ones cancelled (they go back to the queue for the next start),
     * workers joined for up to {@code millis}, then the store closed. Idempotent.
     */
    public synchronized void close(long millis) {
        if (closed) {
            return;
        }
        stopTaking();
        running.values().forEach(CancelToken::cancel);
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sweeper.shutdownNow();
        leases.close();
        callbacks.close();
        closed = true;
        store.close();
    }

    @Override
    public void close() {
        close(15_000);
    }
}
