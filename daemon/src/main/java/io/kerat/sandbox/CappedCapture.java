package io.kerat.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream to its end, keeping at most {@code cap} bytes (the prefix). The first byte past the cap calls
 * {@code onOverflow} once; reading continues and discards, so the writer never blocks on a full pipe.
 */
final class CappedCapture implements Runnable {
    private final InputStream in;
    private volatile long cap;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean truncated;
    /** Told each kept chunk as it is read (null: nobody listens); a pooled sandbox gets one at hand-over. */
    private volatile Chunks listener;

    /** Receives the kept part of each read. */
    interface Chunks {
        void chunk(byte[] buf, int off, int len);
    }

    CappedCapture(InputStream in, long cap, Runnable onOverflow) {
        this(in, cap, onOverflow, null);
    }

    CappedCapture(InputStream in, long cap, Runnable onOverflow, Chunks listener) {
        this.in = in;
        this.cap = cap;
        this.onOverflow = onOverflow;
        this.listener = listener;
    }

    @Override
    public void run() {
        byte[] buf = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                consume(buf, n);
            }
        } catch (IOException ignored) {
            // the pipe closed under us: the sandbox is gone
        }
    }

    InputStream stream() {
        return in;
    }

    /** Keeps what fits of {@code n} bytes just read, tells the listener, and flags an overflow once. */
    void consume(byte[] buf, int n) {
        synchronized (kept) {
            long room = cap - kept.size();
            if (room > 0) {
                int k = (int) Math.min(room, n);
                kept.write(buf, 0, k);
                Chunks l = listener;
                if (l != null) {
                    tell(l, buf, k);
                }
            }
            if (n > room && !truncated) {
                truncated = true;
                onOverflow.run();
            }
        }
    }

    /** Sets the cap of a pooled sandbox's capture to its request's at hand-over (before the program can write). */
    void cap(long bytes) {
        synchronized (kept) {
            cap = bytes;
        }
    }

    /** Sets the listener of a capture started without one (before the program can write anything). */
    void listen(Chunks l) {
        listener = l;
    }

    private static void tell(Chunks listener, byte[] buf, int len) {
        try {
            listener.chunk(buf, 0, len);
        } catch (RuntimeException e) {
            // a listener's failure never stops the capture (the pipe must keep draining)
        }
    }

    byte[] bytes() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    boolean truncated() {
        return truncated;
    }
}
