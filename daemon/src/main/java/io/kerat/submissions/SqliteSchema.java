package io.kerat.submissions;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The submission store's connection settings and schema (versioned with {@code PRAGMA user_version}). */
final class SqliteSchema {
    static final int VERSION = 1;

    private SqliteSchema() {}

    /**
     * Connects to {@code file} (created if needed) in WAL mode with {@code synchronous=FULL}, the schema created or
     * checked; sqlite-jdbc's native library goes to {@code nativeLibDir} (0700) unless {@code org.sqlite.tmpdir} is set.
     */
    static Connection connect(Path file, Path nativeLibDir) throws IOException {
        if (nativeLibDir != null && System.getProperty("org.sqlite.tmpdir") == null) {
            Files.createDirectories(nativeLibDir);
            Files.setPosixFilePermissions(nativeLibDir, PosixFilePermissions.fromString("rwx------"));
            System.setProperty("org.sqlite.tmpdir", nativeLibDir.toString());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            c.setAutoCommit(true);
            migrate(c, file);
            return c;
        } catch (SQLException e) {
            throw cannotOpen(c, file, e);
        }
    }

    /** Closes {@code c} (if any) after {@code e} while opening {@code file}; returns what to throw. */
    static IOException cannotOpen(Connection c, Path file, SQLException e) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
        return new IOException("cannot open the submission store " + file + ": " + e.getMessage(), e);
    }

    private static void migrate(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version;
            try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                version = r.next() ? r.getInt(1) : 0;
            }
            if (version > VERSION) {
                throw new SQLException(file + " has schema version " + version + ", newer than this Kerat's " + VERSION);
            }
            s.executeUpdate("CREATE TABLE IF NOT EXISTS submissions ("
                    + " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " token TEXT NOT NULL UNIQUE,"
                    + " dialect TEXT NOT NULL,"
                    + " state TEXT NOT NULL,"
                    + " request BLOB NOT NULL,"
                    + " result BLOB,"
                    + " error TEXT,"
                    + " created_at INTEGER NOT NULL,"
                    + " started_at INTEGER,"
                    + " finished_at INTEGER,"
                    + " callback TEXT,"
                    + " cb_state TEXT,"
                    + " cb_attempts INTEGER NOT NULL DEFAULT 0,"
                    + " cb_next_at INTEGER,"
                    + " size INTEGER NOT NULL)");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS submissions_by_state ON submissions(state, seq)");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS submissions_by_finish ON submissions(finished_at)");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS submissions_by_callback ON submissions(cb_state, cb_next_at)");
            s.executeUpdate("PRAGMA user_version = " + VERSION);
        }
    }
}
