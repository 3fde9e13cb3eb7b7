package io.kerat.submissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps this process's leases alive: every {@code renewMs} it renews the leases of the submissions it is running and
 * adopts the pending callbacks a dead host left (with SQLite both are trivial: the only process holds everything).
 * A lease found lost (the database was unreachable for longer than the lease, or this host stalled) is logged: the
 * run goes on, and if another host took the submission over, whichever finishes first stores its result.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final SubmissionStore store;
    private final long renewMs;
    private final Supplier<Collection<String>> running;
    private final Runnable adoptCallbacks;
    private final ScheduledExecutorService timer;

    LeaseKeeper(SubmissionStore store, long renewMs, Supplier<Collection<String>> running, Runnable adoptCallbacks) {
        this.store = store;
        this.renewMs = renewMs;
        this.running = running;
        this.adoptCallbacks = adoptCallbacks;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kerat-submissions-leases");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, renewMs, renewMs, TimeUnit.MILLISECONDS);
    }

    /** One renewal round; public to the package for tests. */
    void tick() {
        try {
            List<String> mine = List.copyOf(running.get());
            if (!mine.isEmpty()) {
                Set<String> lost = store.renewLeases(mine);
                Collection<String> still = running.get();
                lost.removeIf(t -> !still.contains(t)); // finished meanwhile: nothing lost
                if (!lost.isEmpty()) {
                    LOG.warn("submissions: lost the lease of {} (expired: another host may run them; the first result"
                            + " stored wins)", lost);
                }
            }
            adoptCallbacks.run();
        } catch (RuntimeException e) {
            LOG.error("submissions: cannot renew leases (they expire unless renewed in time)", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
