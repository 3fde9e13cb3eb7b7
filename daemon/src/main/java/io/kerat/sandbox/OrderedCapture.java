package io.kerat.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a sandbox's stdout and stderr from one thread, so that chunks reach the listener in the order the
 * program wrote them (two blocking readers race each other: under load the later write was often passed on
 * first). The thread looks at both pipes in turn and sleeps between looks when both are empty: 20 us for the
 * first millisecond after output, then 100 us, then 1 ms once the program has been silent for 10 ms. Two writes
 * to different streams that both land within one look are passed on stdout first. Used only for watched stages
 * that ask for the order ({@link StageStreams#needsOrder()}); ordinary stages keep the two blocking readers.
 */
final class OrderedCapture implements Runnable {
    private final CappedCapture out;
    private final CappedCapture err;
    private final Process process;

    OrderedCapture(CappedCapture out, CappedCapture err, Process process) {
        this.out = out;
        this.err = err;
        this.process = process;
    }

    @Override
    public void run() {
        byte[] buf = new byte[16 * 1024];
        InputStream o = out.stream();
        InputStream e = err.stream();
        long lastData = System.nanoTime();
        try (o; e) {
            while (true) {
                boolean got = readAvailable(o, out, buf) | readAvailable(e, err, buf);
                long now = System.nanoTime();
                if (got) {
                    lastData = now;
                    continue;
                }
                if (!process.isAlive()) {
                    drain(o, out, buf); // the program is gone: what is left comes in stream order
                    drain(e, err, buf);
                    return;
                }
                long quiet = now - lastData;
                long pause = quiet < TimeUnit.MILLISECONDS.toNanos(1) ? TimeUnit.MICROSECONDS.toNanos(20)
                        : quiet < TimeUnit.MILLISECONDS.toNanos(10) ? TimeUnit.MICROSECONDS.toNanos(100)
                        : TimeUnit.MILLISECONDS.toNanos(1);
                LockSupport.parkNanos(pause);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // a pipe closed under us: the sandbox is gone
        }
    }

    private static boolean readAvailable(InputStream in, CappedCapture c, byte[] buf) throws IOException {
        int a = in.available();
        if (a <= 0) {
            return false;
        }
        int n = in.read(buf, 0, Math.min(a, buf.length));
        if (n > 0) {
            c.consume(buf, n);
            return true;
        }
        return false;
    }

    private static void drain(InputStream in, CappedCapture c, byte[] buf) throws IOException {
        int n;
        while ((n = in.read(buf)) >= 0) {
            c.consume(buf, n);
        }
    }
}
