package io.kerat.execution;

import io.kerat.config.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pre-started, single-use sandboxes per language: {@code runsc run} is up with an init that waits on stdin for
 * the line that releases it into a script the daemon writes at hand-over. A request takes one (never shared),
 * the pool refills in the background within its memory budget. Stages with the language's default run limits use
 * it (run, cases and tests; a compile output is copied into the sandbox's own build mount at hand-over); compile
 * stages and other limits start cold, with identical verdicts.
 */
final class WarmPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);
    /** What an idle pooled sandbox is counted at against the memory budget. */
    static final long IDLE_ESTIMATE_BYTES = 64 * Limits.MIB;

    /** One idle sandbox. */
    record Entry(String language, Limits limits, Path rootfs, StageDir dir, io.kerat.sandbox.SandboxRunner.Started started) {
    }

    /** Makes and discards entries; implemented by the executor. */
    interface Factory {
        Entry create(String language) throws Exception;

        void discard(Entry e);
    }

    private final Factory factory;
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedDeque<Entry>> idle = new ConcurrentHashMap<>();
    private final long budgetBytes;
    private final ExecutorService refill = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kerat-pool");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong handOuts = new AtomicLong();
    private volatile boolean closed;

    WarmPool(Factory factory, Map<String, Integer> sizes, long budgetBytes) {
        this.factory = factory;
        this.budgetBytes = budgetBytes;
        this.sizes.putAll(sizes);
        schedule();
    }

    /** Changes a language's pool size (0 empties it). */
    void resize(String language, int size) {
        if (size <= 0) {
            sizes.remove(language);
            ConcurrentLinkedDeque<Entry> q = idle.get(language);
            Entry e;
            while (q != null && (e = q.poll()) != null) {
                factory.discard(e);
            }
        } else {
            sizes.put(language, size);
            schedule();
        }
    }

    /** An idle sandbox for this language, limits and rootfs, or null (the caller starts one cold). */
    Entry take(String language, Limits limits, Path rootfs) {
        ConcurrentLinkedDeque<Entry> q = idle.get(language);
        if (q == null) {
            return null;
        }
        Entry e;
        try {
            while ((e = q.poll()) != null) {
                if (e.started().isAlive() && e.limits().equals(limits) && e.rootfs().equals(rootfs)) {
                    handOuts.incrementAndGet();
                    return e;
                }
                if (!e.limits().equals(limits) || !e.rootfs().equals(rootfs)) {
                    // other limits: put it back for a request that matches; a stale rootfs: drop it
                    if (e.rootfs().equals(rootfs) && e.started().isAlive()) {
                        q.offerFirst(e);
                        return null;
                    }
                }
                factory.discard(e);
            }
            return null;
        } finally {
            schedule();
        }
    }

    private int idleTotal() {
        int n = 0;
        for (ConcurrentLinkedDeque<Entry> q : idle.values()) {
            n += q.size();
        }
        return n;
    }

    private void schedule() {
        if (closed || sizes.isEmpty() || !pending.compareAndSet(false, true)) {
            return;
        }
        try {
            refill.execute(this::fill);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            pending.set(false);
        }
    }

    private void fill() {
        pending.set(false);
        for (Map.Entry<String, Integer> s : sizes.entrySet()) {
            ConcurrentLinkedDeque<Entry> q = idle.computeIfAbsent(s.getKey(), k -> new ConcurrentLinkedDeque<>());
            while (!closed && q.size() < s.getValue() && (idleTotal() + 1) * IDLE_ESTIMATE_BYTES <= budgetBytes) {
                try {
                    Entry e = factory.create(s.getKey());
                    if (e == null) {
                        break;
                    }
                    if (closed) {
                        factory.discard(e);
                        return;
                    }
                    q.offer(e);
                } catch (Exception ex) {
                    LOG.warn("cannot pre-start a {} sandbox: {}", s.getKey(), ex.getMessage());
                    break;
                }
            }
        }
    }

    long handOuts() {
        return handOuts.get();
    }

    /** Ids of the idle sandboxes (for leak checks: these are expected to exist). */
    List<String> idleIds() {
        List<String> ids = new ArrayList<>();
        for (ConcurrentLinkedDeque<Entry> q : idle.values()) {
            for (Entry e : q) {
                ids.add(e.started().id());
            }
        }
        return ids;
    }

    @Override
    public void close() {
        closed = true;
        refill.shutdownNow();
        try {
            refill.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ConcurrentLinkedDeque<Entry> q : idle.values()) {
            Entry e;
            while ((e = q.poll()) != null) {
                factory.discard(e);
            }
        }
    }
}
