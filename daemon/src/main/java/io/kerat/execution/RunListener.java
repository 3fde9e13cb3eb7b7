package io.kerat.execution;

/** Told about every request {@link Admission} accepted once it has ended, before its caller gets the result. */
public interface RunListener {
    RunListener NONE = (req, trace, result, error) -> { };

    /**
     * @param result the result, or null when {@code error} is set
     * @param error  why there is no result: an {@link ExecutionException}, a
     *               {@link java.util.concurrent.CancellationException} (dropped from the queue) or a bug
     */
    void finished(ExecutionRequest req, RunTrace trace, ExecutionResult result, Throwable error);

    /** Tells each listener in turn; one that throws does not stop the others. */
    static RunListener all(RunListener... listeners) {
        return (req, trace, result, error) -> {
            for (RunListener l : listeners) {
                try {
                    l.finished(req, trace, result, error);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(RunListener.class).warn("run listener failed", e);
                }
            }
        };
    }
}
