package io.kerat.submissions;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Submissions in one SQLite file of the data dir, opened only by the process holding the serve lock. WAL mode with
 * {@code synchronous=FULL}: every commit (an accepted submission, a result) is on disk before the call returns, so
 * a {@code kill -9} (or a power loss) right after a 201 loses nothing. One connection, every method synchronized:
 * SQLite writes one at a time anyway, and the counts behind the bounds are kept in memory, exact, because no other
 * process writes the file ({@link SqliteCounts}). The statements both stores run alike are {@link SubmissionSql}'s,
 * the connection and the schema {@link SqliteSchema}'s, the callbacks' side {@link SqliteCallbacks}'.
 */
public final class SqliteSubmissionStore implements SubmissionStore {
    private final Connection db;
    private final SqliteCallbacks callbacks;
    private final SqliteCounts counts;

    private SqliteSubmissionStore(Connection db, StoreBounds bounds) throws SQLException {
        this.db = db;
        this.callbacks = new SqliteCallbacks(db);
        this.counts = new SqliteCounts(db, bounds);
    }

    /**
     * Opens (creating it if needed) the store at {@code file}; sqlite-jdbc's native library is extracted to
     * {@code nativeLibDir} (made 0700) unless {@code org.sqlite.tmpdir} is already set.
     */
    public static SqliteSubmissionStore open(Path file, Path nativeLibDir, int maxQueued, long maxRows, long maxBytes)
            throws IOException {
        Connection c = SqliteSchema.connect(file, nativeLibDir);
        try {
            return new SqliteSubmissionStore(c, new StoreBounds(maxQueued, maxRows, maxBytes));
        } catch (SQLException e) {
            throw SqliteSchema.cannotOpen(c, file, e);
        }
    }

    @Override
    public synchronized void insert(String token, String dialect, byte[] request, URI callback, Instant now)
            throws AsyncSubmissions.QueueFull {
        long size = request.length;
        counts.checkInsert(size);
        try {
            db.setAutoCommit(false);
            try {
                counts.makeRoom(1, size, null);
                SubmissionSql.insert(db, token, dialect, request, callback, now);
                db.commit();
            } catch (SQLException | AsyncSubmissions.QueueFull | RuntimeException e) {
                db.rollback();
                counts.recount();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SubmissionSql.fail("store a submission", e);
        }
        counts.inserted(size);
    }

    @Override
    public synchronized Optional<Submission> get(String token) {
        try {
            return SubmissionSql.get(db, token);
        } catch (SQLException e) {
            throw SubmissionSql.fail("read a submission", e);
        }
    }

    @Override
    public synchronized boolean delete(String token) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM submissions WHERE token = ?"
                + " AND state IN ('DONE', 'FAILED') RETURNING size")) {
            p.setString(1, token);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return false;
                }
                counts.deleted(r.getLong(1));
                return true;
            }
        } catch (SQLException e) {
            throw SubmissionSql.fail("delete a submission", e);
        }
    }

    @Override
    public synchronized Optional<Submission> claimNext(Set<String> dialects, Instant now) {
        if (dialects.isEmpty() || counts.queued() == 0) {
            return Optional.empty();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(dialects.size(), "?"));
        try (PreparedStatement p = db.prepareStatement("UPDATE submissions SET state = 'RUNNING', started_at = ?"
                + " WHERE seq = (SELECT seq FROM submissions WHERE state = 'QUEUED' AND dialect IN (" + marks + ")"
                + " ORDER BY seq LIMIT 1) RETURNING " + SubmissionSql.COLUMNS)) {
            p.setLong(1, now.toEpochMilli());
            int i = 2;
            for (String d : dialects) {
                p.setString(i++, d);
            }
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                counts.claimed();
                return Optional.of(SubmissionSql.row(r));
            }
        } catch (SQLException e) {
            throw SubmissionSql.fail("claim a submission", e);
        }
    }

    /** Leases are this process's for as long as it runs: lost are only those no longer running. */
    @Override
    public synchronized Set<String> renewLeases(Collection<String> tokens) {
        Set<String> lost = new HashSet<>();
        for (String t : tokens) {
            if (get(t).map(s -> s.state() != Submission.State.RUNNING).orElse(true)) {
                lost.add(t);
            }
        }
        return lost;
    }

    @Override
    public synchronized void requeue(String token) {
        try (PreparedStatement p = db.prepareStatement("UPDATE submissions SET state = 'QUEUED', started_at = NULL"
                + " WHERE token = ? AND state = 'RUNNING'")) {
            p.setString(1, token);
            counts.requeued(p.executeUpdate());
        } catch (SQLException e) {
            throw SubmissionSql.fail("requeue a submission", e);
        }
    }

    @Override
    public synchronized int requeueRunning() {
        try (Statement s = db.createStatement()) {
            int n = s.executeUpdate("UPDATE submissions SET state = 'QUEUED', started_at = NULL WHERE state = 'RUNNING'");
            counts.requeued(n);
            return n;
        } catch (SQLException e) {
            throw SubmissionSql.fail("requeue running submissions", e);
        }
    }

    @Override
    public synchronized boolean finish(String token, byte[] result, String error, Instant now) {
        try {
            db.setAutoCommit(false);
            try {
                try (PreparedStatement p = db.prepareStatement("UPDATE submissions SET state = ?, result = ?,"
                        + " error = ?, finished_at = ?, size = size + ?,"
                        + " cb_state = CASE WHEN callback IS NULL THEN NULL ELSE 'PENDING' END,"
                        + " cb_next_at = CASE WHEN callback IS NULL THEN NULL ELSE ? END"
                        + " WHERE token = ? AND state = 'RUNNING'")) {
                    SubmissionSql.bindResult(p, result, error, now);
                    p.setString(7, token);
                    if (p.executeUpdate() == 0) {
                        db.rollback();
                        return false; // deleted meanwhile, or not running
                    }
                }
                counts.finished(result == null ? 0 : result.length);
                callbacks.mine(token); // its callback, if any, is this process's
                try {
                    counts.makeRoom(0, 0, token); // results count too: the oldest finished others make way
                } catch (AsyncSubmissions.QueueFull full) {
                    // only unfinished ones besides this one: the bound is exceeded until some finish
                }
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                counts.recount();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SubmissionSql.fail("store a result", e);
        }
        return true;
    }

    @Override
    public synchronized int sweep(Instant cutoff) {
        try {
            int n = SubmissionSql.sweep(db, cutoff);
            if (n > 0) {
                counts.recount();
            }
            return n;
        } catch (SQLException e) {
            throw SubmissionSql.fail("delete expired submissions", e);
        }
    }

    @Override
    public synchronized int unfinished() {
        return counts.unfinished();
    }

    @Override
    public synchronized int queued() {
        return counts.queued();
    }

    @Override
    public synchronized long[] size() {
        return counts.size();
    }

    @Override
    public synchronized List<PendingCallback> adoptCallbacks() {
        return callbacks.adopt();
    }

    @Override
    public synchronized void callbackAttempted(String token, int attempts, CallbackState state, Instant nextAt) {
        callbacks.attempted(token, attempts, state, nextAt);
    }

    @Override
    public synchronized boolean holdCallback(String token, long holdMs) {
        String st = callbacks.state(token);
        return st != null && st.startsWith("PENDING/");
    }

    @Override
    public synchronized String callbackState(String token) {
        return callbacks.state(token);
    }

    @Override
    public synchronized void close() {
        try {
            if (!db.isClosed()) {
                db.close();
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
