package io.kerat.submissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract on the embedded SQLite store (a real file), plus its own schema check. */
class SqliteSubmissionStoreTest extends SubmissionStoreContract {
    @TempDir
    Path dir;

    @Override
    void empty() {
        // a fresh @TempDir per test
    }

    @Override
    SqliteSubmissionStore open(int maxQueued, long maxRows, long maxBytes) throws Exception {
        return SqliteSubmissionStore.open(dir.resolve("s.db"), dir.resolve("lib"), maxQueued, maxRows, maxBytes);
    }

    @Override
    void awaitLeasesExpired() {
        // the only process: what a dead one held is free as soon as the next one opens the file
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        store.close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"))) {
            c.createStatement().executeUpdate("PRAGMA user_version = 99");
        }
        IOException e = assertThrows(IOException.class, () -> open(10, 100, 1 << 20));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }
}
