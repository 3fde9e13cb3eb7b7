package io.kerat.execution;

import io.kerat.config.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pre-started, single-use sandboxes per language: {@code runsc run} is up with an init that waits on stdin for
 * the line that releases it into a script the daemon writes at hand-over. A request takes one (never shared),
 * the pool refills in the background within its memory budget. A pooled sandbox is started with the language's
 * maximum run limits (but its default memory and disk) and gets the request's own at hand-over, so every stage whose limits {@linkplain #fits fit}
 * uses it (run, cases and tests; a compile output is copied into the sandbox's own build mount at hand-over);
 * compile stages use a language's compile pool, keyed apart ({@link SandboxPool#compileKey}); limits that do not fit
 * start cold, with identical verdicts. While the host's MemAvailable is
 * below the threshold ({@link HostMemory}) the pool drains its idle sandboxes and does not refill; a check every
 * {@value #CHECK_MS} ms notices both that and memory coming back. A handed-out sandbox is replaced once its stage
 * has ended, not while its program runs. The idle sandboxes themselves, and their freezing, are {@link IdleSandboxes}'.
 */
final class WarmPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);
    /** What an idle pooled sandbox is counted at against the memory budget. */
    static final long IDLE_ESTIMATE_BYTES = 64 * Limits.MIB;
    /** How often the host's memory is looked at (and a pool that is not full is refilled). */
    static final long CHECK_MS = 1000;
    /** After a language's sandbox failed to start (no image yet, ...), when to try again. */
    static final long RETRY_MS = 30_000;
    /** How often idle sandboxes that came up are frozen. */
    static final long FREEZE_MS = 250;

    /** One idle sandbox. */
    record Entry(String language, Limits limits, Path rootfs, StageDir dir, io.kerat.sandbox.SandboxRunner.Started started) {
    }

    /** What an attempt to freeze an idle entry did. */
    enum Freeze { DONE, NOT_YET, NEVER }

    /** Makes and discards entries; implemented by the executor. */
    interface Factory {
        Entry create(String language) throws Exception;

        void discard(Entry e);

        /** Freezes an idle entry once its init is up and waiting. */
        Freeze freeze(Entry e);

        /** Thaws a frozen entry (before it is handed out). */
        void thaw(Entry e);
    }

    private final Factory factory;
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    private final IdleSandboxes idle;
    private final long budgetBytes;
    private final HostMemory memory;
    private final ScheduledExecutorService refill = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kerat-pool");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong drained = new AtomicLong();
    private final Map<String, Long> retryAt = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean paused;

    WarmPool(Factory factory, Map<String, Integer> sizes, long budgetBytes, HostMemory memory) {
        this.factory = factory;
        this.budgetBytes = budgetBytes;
        this.memory = memory;
        this.idle = new IdleSandboxes(factory, () -> closed);
        this.sizes.putAll(sizes);
        schedule();
        refill.scheduleWithFixedDelay(this::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
        refill.scheduleWithFixedDelay(idle::freezeIdle, FREEZE_MS, FREEZE_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Whether a sandbox started with {@code pooled} limits can serve a stage with {@code wanted} ones once they are
     * applied at hand-over: memory, processes, open files and file size no higher (the rlimits can only be lowered,
     * the file size exactly, in the shell's 512-byte blocks; the guest's MemTotal is fixed at start), and the same
     * disk size (gVisor's own /tmp, /var/tmp and /dev/shm cannot be resized from outside). Wall time, CPU time, output and cpus are the
     * daemon's and the cgroup's to set at hand-over.
     */
    static boolean fits(Limits pooled, Limits wanted) {
        return wanted.memoryBytes() <= pooled.memoryBytes()
                && wanted.processes() <= pooled.processes()
                && wanted.openFiles() <= pooled.openFiles()
                && wanted.fileSizeBytes() <= pooled.fileSizeBytes()
                && (wanted.fileSizeBytes() == pooled.fileSizeBytes() || wanted.fileSizeBytes() % 512 == 0)
                && wanted.diskBytes() == pooled.diskBytes()
                && wanted.outputBytes() <= pooled.outputBytes();
    }

    /** Changes a language's pool size (0 empties it). */
    void resize(String language, int size) {
        if (size <= 0) {
            sizes.remove(language);
            idle.drain(language);
        } else {
            sizes.put(language, size);
            schedule();
        }
    }

    /**
     * An idle sandbox for this language, limits and rootfs, or null (the caller starts one cold). A sandbox handed
     * out is replaced only once its stage has ended ({@link #refill}), so the replacement's start does not take CPU
     * from the program being measured; a miss refills at once. A frozen one is thawed first.
     */
    Entry take(String language, Limits limits, Path rootfs) {
        if (!idle.has(language)) {
            return null;
        }
        Entry e = idle.take(language, limits, rootfs);
        if (e == null) {
            schedule();
        }
        return e;
    }

    /** Starts what is missing in the background (after a handed-out sandbox's stage ended). */
    void refill() {
        schedule();
    }

    /** How many idle sandboxes have their init up and waiting now. */
    int readyCount() {
        return idle.ready();
    }

    /** How many idle sandboxes are frozen now. */
    int frozenCount() {
        return idle.frozenCount();
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
            ConcurrentLinkedDeque<Entry> q = idle.queue(s.getKey());
            Long retry = retryAt.get(s.getKey());
            if (retry != null && System.nanoTime() - retry < 0) {
                continue;
            }
            while (!closed && q.size() < s.getValue() && (idle.total() + 1) * IDLE_ESTIMATE_BYTES <= budgetBytes) {
                if (!memory.roomFor(IDLE_ESTIMATE_BYTES)) {
                    pause();
                    return;
                }
                try {
                    Entry e = factory.create(s.getKey());
                    if (e == null) {
                        break;
                    }
                    if (closed) {
                        idle.discard(e);
                        return;
                    }
                    q.offer(e);
                    retryAt.remove(s.getKey());
                } catch (Exception ex) {
                    if (retryAt.put(s.getKey(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MS)) == null) {
                        LOG.warn("cannot pre-start a {} sandbox (retrying every {} s): {}", s.getKey(), RETRY_MS / 1000,
                                ex.getMessage());
                    }
                    break;
                }
            }
        }
    }

    /**
     * Every {@value #CHECK_MS} ms: drains the pool while the host is short of memory, and refills it once memory is
     * back. (Otherwise the pool refills after a miss or a finished hand-out, and retries a failed language then.)
     */
    private void check() {
        if (closed) {
            return;
        }
        try {
            if (memory.low()) {
                pause();
                int n = idle.drainAll();
                drained.addAndGet(n);
                if (n > 0) {
                    LOG.info("warm pool: {} idle sandbox(es) removed (host MemAvailable below {} MiB)", n,
                            memory.minAvailableBytes() / Limits.MIB);
                }
            } else if (paused && memory.roomFor(IDLE_ESTIMATE_BYTES)) {
                paused = false;
                LOG.info("warm pool: host MemAvailable {} MiB, refilling", memory.available() / Limits.MIB);
                fill();
            }
        } catch (RuntimeException e) {
            LOG.warn("warm pool check failed: {}", e.toString());
        }
    }

    private void pause() {
        if (!paused) {
            paused = true;
            LOG.warn("warm pool paused: host MemAvailable {} MiB is below pool_min_available_bytes ({} MiB) plus one "
                    + "sandbox; requests run cold until memory is back", memory.available() / Limits.MIB,
                    memory.minAvailableBytes() / Limits.MIB);
        }
    }

    /** Whether the pool is held back by the host's memory now. */
    boolean paused() {
        return paused;
    }

    /** Idle sandboxes removed because the host was short of memory, so far. */
    long drained() {
        return drained.get();
    }

    /** The sizes the pool keeps per language. */
    Map<String, Integer> sizes() {
        return Map.copyOf(sizes);
    }

    long handOuts() {
        return idle.handOuts();
    }

    /** Ids of the idle sandboxes (for leak checks: these are expected to exist). */
    List<String> idleIds() {
        return idle.ids();
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
        idle.clear();
    }
}
