package io.kerat.submissions;

import io.kerat.config.SubmissionSettings;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the store the {@code store} setting names: the embedded SQLite file, or a shared PostgreSQL database. */
public final class SubmissionStores {
    /** How long a PostgreSQL store is waited for at start-up (hosts and the database start together). */
    static final long CONNECT_WAIT_MS = 15_000;

    private SubmissionStores() {}

    /**
     * Opens the store: SQLite at {@code sqliteFile} (its native library in {@code nativeLibDir}), or PostgreSQL with
     * a connection per worker and a few more (HTTP reads, lease renewal, callbacks).
     */
    public static SubmissionStore open(SubmissionSettings s, Path sqliteFile, Path nativeLibDir, int workers)
            throws IOException {
        if (s.store() == null) {
            return SqliteSubmissionStore.open(sqliteFile, nativeLibDir, s.maxQueued(), s.maxRows(), s.maxBytes());
        }
        PostgresUrl url = PostgresUrl.parse(s.store(), s.storePassword());
        return PostgresSubmissionStore.open(url, workers + 4, CONNECT_WAIT_MS, s.leaseMs(), s.maxQueued(),
                s.maxRows(), s.maxBytes());
    }

    /** The store's name for logs (no password). */
    public static String describe(SubmissionSettings s, Path sqliteFile) {
        return s.store() == null ? "SQLite " + sqliteFile : "PostgreSQL " + PostgresUrl.parse(s.store(), null);
    }
}
