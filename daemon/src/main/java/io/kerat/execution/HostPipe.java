package io.kerat.execution;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One direction of an interaction: what one sandbox writes to its stdout, queued in the daemon until the other
 * sandbox's stdin pump writes it on (flushed chunk by chunk, so a line reaches the other side as soon as it was
 * read). Writing never blocks: the queue holds at most the writer's output cap, since only bytes within the cap are
 * passed on ({@link io.kerat.sandbox.StageStreams#output}).
 */
final class HostPipe {
    private static final byte[] END = new byte[0];
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();

    /** Queues a chunk (copied). */
    void write(byte[] buf, int off, int len) {
        if (len > 0) {
            chunks.add(Arrays.copyOfRange(buf, off, off + len));
        }
    }

    /** The writer has ended: the reader gets end of file after what is queued. Safe to call more than once. */
    void close() {
        chunks.add(END);
    }

    /** Writes everything queued to {@code out} as it comes, until {@link #close}; interrupted when the reader ends. */
    void drainTo(OutputStream out) throws IOException, InterruptedException {
        while (true) {
            byte[] b = chunks.take();
            if (b == END) {
                chunks.add(END); // keep the end visible to a second reader (none today)
                return;
            }
            out.write(b);
            out.flush();
        }
    }
}
