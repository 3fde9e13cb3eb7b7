package io.kerat.cluster;

import io.kerat.image.ImageException;
import io.kerat.image.ImageStore;
import io.kerat.sandbox.Runsc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a host cannot run anything without, as {@code kerat doctor} checks it: runsc answers {@code --version}, and
 * the image of every language the host served when it started is still installed. {@link #watch} re-checks in the
 * background every {@value #REFRESH_MS} ms and keeps the answer, so an agent probe never waits for runsc and never
 * starts one itself; a check that hangs (runsc stuck) counts as a failure once it is {@value #HANG_MS} ms old.
 */
public final class Essentials implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Essentials.class);
    static final long REFRESH_MS = 5_000;
    static final long HANG_MS = 30_000;

    private final Runsc runsc;
    private final String runscPath;
    private final ImageStore images;
    private final List<String> imageNames;
    private final ScheduledExecutorService timer;
    private volatile String failure;
    /** When the check in progress began (System.nanoTime), or 0 when none is running. */
    private volatile long checkingSince;

    private Essentials(Runsc runsc, String runscPath, ImageStore images, List<String> imageNames) {
        this.runsc = runsc;
        this.runscPath = runscPath;
        this.images = images;
        this.imageNames = List.copyOf(imageNames);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kerat-essentials");
            t.setDaemon(true);
            return t;
        });
    }

    /** runsc's problem, or null when {@code runsc --version} answers. */
    public static String runsc(Runsc runsc, String runscPath) {
        return runsc.version() == null ? "runsc does not answer: '" + runscPath + " --version' failed" : null;
    }

    /** The image's problem (not installed, damaged, with the command that fixes it), or null when it is usable. */
    public static String image(ImageStore images, String name) {
        try {
            images.resolve(name);
            return null;
        } catch (ImageException e) {
            return e.getMessage();
        }
    }

    /**
     * Checks once now, then every {@value #REFRESH_MS} ms in the background. {@code imageNames}: the images the
     * host must keep (those installed at start-up); none at all is a failure: such a host can run nothing.
     */
    public static Essentials watch(Runsc runsc, String runscPath, ImageStore images, List<String> imageNames) {
        Essentials e = new Essentials(runsc, runscPath, images, imageNames);
        e.refresh();
        e.timer.scheduleWithFixedDelay(e::refresh, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
        return e;
    }

    /** The last check's failure, or null when the host can run; never blocks. */
    public String failure() {
        long since = checkingSince;
        if (since != 0 && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(HANG_MS)) {
            return "runsc does not answer: '" + runscPath + " --version' has not returned for "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since) + " s";
        }
        return failure;
    }

    private void refresh() {
        checkingSince = System.nanoTime();
        try {
            String f = check();
            if (f == null ? failure != null : !f.equals(failure)) {
                if (f == null) {
                    LOG.info("essentials pass again: runsc answers, images present");
                } else {
                    LOG.warn("essentials fail, the balancer's agent says down: {}", f);
                }
            }
            failure = f;
        } catch (RuntimeException e) {
            failure = "essentials check failed: " + e;
        } finally {
            checkingSince = 0;
        }
    }

    private String check() {
        String r = runsc(runsc, runscPath);
        if (r != null) {
            return r;
        }
        if (imageNames.isEmpty()) {
            return "no language image is installed: run `kerat image build <language>`";
        }
        for (String name : imageNames) {
            String p = image(images, name);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
