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
    private final long cap;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean truncated;

    CappedCapture(InputStream in, long cap, Runnable onOverflow) {
        this.in = in;
        this.cap = cap;
        this.onOverflow = onOverflow;
    }

    @Override
    public void run() {
        byte[] buf = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (kept) {
                    long room = cap - kept.size();
                    if (room > 0) {
                        kept.write(buf, 0, (int) Math.min(room, n));
                    }
                    if (n > room && !truncated) {
                        truncated = true;
                        onOverflow.run();
                    }
                }
            }
        } catch (IOException ignored) {
            // the pipe closed under us: the sandbox is gone
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
