package io.kerat.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Set when the caller no longer wants the result: the running sandbox is killed and queued work is dropped. */
public final class CancelToken {
    private volatile boolean cancelled;
    private final List<Runnable> listeners = new ArrayList<>();

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(listeners);
            listeners.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Runs {@code r} on cancel (at once if already cancelled). */
    public void onCancel(Runnable r) {
        synchronized (this) {
            if (!cancelled) {
                listeners.add(r);
                return;
            }
        }
        r.run();
    }
}
