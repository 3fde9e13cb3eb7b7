package io.kerat.execution;

import io.kerat.config.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The {@link WarmPool}'s idle sandboxes, queued per language, and which of them are frozen: an idle sandbox is
 * frozen once its init is up and waiting (on systrap an idle sandbox spins CPU: see
 * {@link io.kerat.cgroup.Cgroups#freeze}), thawed before it is handed out, and thawed by a discard. An entry is
 * frozen and thawed under its own lock. How many sandboxes to keep, and when to start them, is {@link WarmPool}'s.
 */
final class IdleSandboxes {
    /** {@link WarmPool}'s: the log lines are the same as before this class was split from it. */
    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);

    private final WarmPool.Factory factory;
    /** Whether the pool is closed: no more freezing, and a drain for memory stops. */
    private final BooleanSupplier closed;
    private final Map<String, ConcurrentLinkedDeque<WarmPool.Entry>> idle = new ConcurrentHashMap<>();
    private final AtomicLong handOuts = new AtomicLong();
    /** Idle entries frozen so far (ids). */
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final Set<String> unfreezable = ConcurrentHashMap.newKeySet();

    IdleSandboxes(WarmPool.Factory factory, BooleanSupplier closed) {
        this.factory = factory;
        this.closed = closed;
    }

    /** A language's queue, made on first use (the refill adds to it). */
    ConcurrentLinkedDeque<WarmPool.Entry> queue(String language) {
        return idle.computeIfAbsent(language, k -> new ConcurrentLinkedDeque<>());
    }

    /** Whether this language has a queue (it has been filled at least once). */
    boolean has(String language) {
        return idle.containsKey(language);
    }

    /**
     * Hands out an idle sandbox for this language, limits and rootfs (thawed first), or null. Dead ones and ones of
     * a stale rootfs met on the way are discarded; one whose limits do not {@linkplain WarmPool#fits fit} stays.
     */
    WarmPool.Entry take(String language, Limits limits, Path rootfs) {
        ConcurrentLinkedDeque<WarmPool.Entry> q = idle.get(language);
        if (q == null) {
            return null;
        }
        WarmPool.Entry e;
        while ((e = q.poll()) != null) {
            if (e.started().isAlive() && e.rootfs().equals(rootfs)) {
                if (WarmPool.fits(e.limits(), limits)) {
                    handOuts.incrementAndGet();
                    synchronized (e) {
                        if (frozen.remove(e.started().id())) {
                            factory.thaw(e);
                        }
                    }
                    unfreezable.remove(e.started().id());
                    return e;
                }
                q.offerFirst(e); // limits beyond it: keep it for a request that fits
                break;
            }
            discard(e); // dead, or a stale rootfs
        }
        return null;
    }

    /** Freezes the idle sandboxes whose init is up and waiting. */
    void freezeIdle() {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            for (ConcurrentLinkedDeque<WarmPool.Entry> q : idle.values()) {
                for (WarmPool.Entry e : q) {
                    String id = e.started().id();
                    if (frozen.contains(id) || unfreezable.contains(id)) {
                        continue;
                    }
                    synchronized (e) {
                        if (!closed.getAsBoolean() && q.contains(e) && e.started().isAlive()) {
                            switch (factory.freeze(e)) {
                                case DONE -> frozen.add(id);
                                case NEVER -> unfreezable.add(id);
                                case NOT_YET -> { }
                            }
                        }
                    }
                }
            }
        } catch (RuntimeException ex) {
            LOG.warn("warm pool freeze failed: {}", ex.toString());
        }
    }

    void discard(WarmPool.Entry e) {
        synchronized (e) {
            frozen.remove(e.started().id());
            unfreezable.remove(e.started().id());
        }
        factory.discard(e); // which thaws it first
    }

    /** Discards a language's idle sandboxes. */
    void drain(String language) {
        ConcurrentLinkedDeque<WarmPool.Entry> q = idle.get(language);
        WarmPool.Entry e;
        while (q != null && (e = q.poll()) != null) {
            discard(e);
        }
    }

    /** Discards every idle sandbox (the host is short of memory), stopping early if the pool closes; how many. */
    int drainAll() {
        int n = 0;
        for (ConcurrentLinkedDeque<WarmPool.Entry> q : idle.values()) {
            WarmPool.Entry e;
            while (!closed.getAsBoolean() && (e = q.poll()) != null) {
                discard(e);
                n++;
            }
        }
        return n;
    }

    /** Discards every idle sandbox (the pool is closing). */
    void clear() {
        for (ConcurrentLinkedDeque<WarmPool.Entry> q : idle.values()) {
            WarmPool.Entry e;
            while ((e = q.poll()) != null) {
                discard(e);
            }
        }
    }

    /** How many idle sandboxes there are now. */
    int total() {
        int n = 0;
        for (ConcurrentLinkedDeque<WarmPool.Entry> q : idle.values()) {
            n += q.size();
        }
        return n;
    }

    /** How many idle sandboxes have their init up and waiting now. */
    int ready() {
        int n = 0;
        for (ConcurrentLinkedDeque<WarmPool.Entry> q : idle.values()) {
            for (WarmPool.Entry e : q) {
                if (PoolInit.ready(e.dir())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** How many idle sandboxes are frozen now. */
    int frozenCount() {
        return frozen.size();
    }

    long handOuts() {
        return handOuts.get();
    }

    /** Ids of the idle sandboxes. */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (ConcurrentLinkedDeque<WarmPool.Entry> q : idle.values()) {
            for (WarmPool.Entry e : q) {
                ids.add(e.started().id());
            }
        }
        return ids;
    }
}
