package io.kerat.submissions;

/**
 * A submission store's bounds, and what a client is told when one is reached: how many submissions may be unfinished
 * (queued or running), and how many rows and bytes are kept, finished submissions included.
 */
record StoreBounds(int maxQueued, long maxRows, long maxBytes) {

    /** @throws AsyncSubmissions.QueueFull when a request of {@code size} bytes would never fit */
    void checkSize(long size) throws AsyncSubmissions.QueueFull {
        if (size > maxBytes) {
            throw new AsyncSubmissions.QueueFull("the submission is larger than the store's bound of " + maxBytes + " bytes");
        }
    }

    /** Why no submission may be added while {@code unfinished} are, or null when one may. */
    String queueFull(long unfinished) {
        return unfinished >= maxQueued
                ? unfinished + " submissions are waiting or running (the most allowed); retry later" : null;
    }

    /** Whether {@code rows} rows of {@code bytes} bytes in all are more than the store keeps. */
    boolean exceeded(long rows, long bytes) {
        return rows > maxRows || bytes > maxBytes;
    }
}
