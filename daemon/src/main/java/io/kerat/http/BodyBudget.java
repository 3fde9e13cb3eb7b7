package io.kerat.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The global budget of request body bytes in flight, shared by every connection of every listener. A request
 * reserves its Content-Length when its headers arrive (a chunked one reserves each chunk as it comes) and gives it
 * back once its response is written or its connection closes. Reserving never waits: it succeeds or the request is
 * refused. Requests over {@link #LARGE} bytes may fill the budget only up to {@link #largeLimit()}, which keeps
 * some room for the small requests of other clients while large uploads fill it.
 */
public final class BodyBudget {
    /** A request with more body bytes than this is large. */
    static final long LARGE = 1L << 20;

    private final long total;
    private final long largeLimit;
    private final AtomicLong used = new AtomicLong();

    /**
     * @param total   the budget
     * @param maxBody the largest body a request may have; large requests may always use at least that much
     */
    public BodyBudget(long total, long maxBody) {
        if (total < 1) {
            throw new IllegalArgumentException("budget " + total);
        }
        this.total = total;
        this.largeLimit = total - Math.max(0, Math.min(total / 8, total - maxBody));
    }

    /** Takes {@code n} bytes if they fit (under the large limit when the request is large). */
    public boolean tryReserve(long n, boolean large) {
        if (n <= 0) {
            return true;
        }
        long limit = large ? largeLimit : total;
        while (true) {
            long u = used.get();
            if (u + n > limit) {
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
        }
    }

    public void release(long n) {
        if (n > 0) {
            used.addAndGet(-n);
        }
    }

    public long used() {
        return used.get();
    }

    public long total() {
        return total;
    }

    long largeLimit() {
        return largeLimit;
    }
}
