package io.kerat.http;

import io.netty.channel.Channel;

import java.util.concurrent.atomic.AtomicInteger;

/** The open connections of one listener, at most {@code max}: one more is closed as soon as it is accepted. */
final class ConnectionCap {
    private final int max;
    private final HttpStats stats;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionCap(int max, HttpStats stats) {
        this.max = max;
        this.stats = stats;
    }

    /** Counts the new connection and true, or closes it and false when the listener is full. */
    boolean admit(Channel ch) {
        while (true) {
            int n = open.get();
            if (n >= max) {
                stats.connectionsRejected.incrementAndGet();
                ch.close();
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                break;
            }
        }
        stats.open.incrementAndGet();
        ch.closeFuture().addListener(f -> {
            open.decrementAndGet();
            stats.open.decrementAndGet();
        });
        return true;
    }

    int open() {
        return open.get();
    }
}
