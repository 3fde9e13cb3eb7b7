package io.kerat.submissions;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
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
 * process writes the file. (Longer than most classes here: it is every statement on the one table, each with its
 * bookkeeping; the connection and the schema are {@link SqliteSchema}'s.)
 */
public final class SqliteSubmissionStore implements SubmissionStore {
    private static final String COLUMNS = "token, dialect, state, request, result, error, created_at, started_at, "
            + "finished_at, callback";

    private final Connection db;
    private final int maxQueued;
    private final long maxRows;
    private final long maxBytes;
    private long rows;
    private long bytes;
    private int unfinished;
    private int queued;
    private final SqliteCallbacks callbacks;

    private SqliteSubmissionStore(Connection db, int maxQueued, long maxRows, long maxBytes) throws SQLException {
        this.db = db;
        this.maxQueued = maxQueued;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.callbacks = new SqliteCallbacks(db);
        recount();
    }

    /**
     * Opens (creating it if needed) the store at {@code file}; sqlite-jdbc's native library is extracted to
     * {@code nativeLibDir} (made 0700) unless {@code org.sqlite.tmpdir} is already set.
     */
    public static SqliteSubmissionStore open(Path file, Path nativeLibDir, int maxQueued, long maxRows, long maxBytes)
            throws IOException {
        Connection c = SqliteSchema.connect(file, nativeLibDir);
        try {
            return new SqliteSubmissionStore(c, maxQueued, maxRows, maxBytes);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new IOException("cannot open the submission store " + file + ": " + e.getMessage(), e);
        }
    }

    private void recount() throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(size), 0),"
                     + " coalesce(sum(state IN ('QUEUED', 'RUNNING')), 0), coalesce(sum(state = 'QUEUED'), 0)"
                     + " FROM submissions")) {
            r.next();
            rows = r.getLong(1);
            bytes = r.getLong(2);
            unfinished = r.getInt(3);
            queued = r.getInt(4);
        }
    }

    private static RuntimeException fail(String what, SQLException e) {
        return new IllegalStateException("submission store: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void insert(String token, String dialect, byte[] request, URI callback, Instant now)
            throws AsyncSubmissions.QueueFull {
        if (unfinished >= maxQueued) {
            throw new AsyncSubmissions.QueueFull(unfinished + " submissions are waiting or running (the most allowed); retry later");
        }
        long size = request.length;
        if (size > maxBytes) {
            throw new AsyncSubmissions.QueueFull("the submission is larger than the store's bound of " + maxBytes + " bytes");
        }
        try {
            db.setAutoCommit(false);
            try {
                makeRoom(1, size, null);
                try (PreparedStatement p = db.prepareStatement("INSERT INTO submissions (token, dialect, state,"
                        + " request, created_at, callback, size) VALUES (?, ?, 'QUEUED', ?, ?, ?, ?)")) {
                    p.setString(1, token);
                    p.setString(2, dialect);
                    p.setBytes(3, request);
                    p.setLong(4, now.toEpochMilli());
                    if (callback == null) {
                        p.setNull(5, Types.VARCHAR);
                    } else {
                        p.setString(5, callback.toString());
                    }
                    p.setLong(6, size);
                    p.executeUpdate();
                }
                db.commit();
            } catch (SQLException | AsyncSubmissions.QueueFull | RuntimeException e) {
                db.rollback();
                recount();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("store a submission", e);
        }
        rows++;
        bytes += size;
        unfinished++;
        queued++;
    }

    /**
     * Deletes the oldest finished submissions (never {@code keep}) until {@code moreRows} rows and {@code moreBytes}
     * bytes fit; inside the caller's transaction. Throws QueueFull when what is left is unfinished.
     */
    private void makeRoom(long moreRows, long moreBytes, String keep) throws SQLException, AsyncSubmissions.QueueFull {
        while (rows + moreRows > maxRows || bytes + moreBytes > maxBytes) {
            long seq;
            long size;
            try (PreparedStatement p = db.prepareStatement("SELECT seq, size FROM submissions WHERE finished_at IS NOT"
                    + " NULL AND token IS NOT ? ORDER BY finished_at, seq LIMIT 1")) {
                p.setString(1, keep);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new AsyncSubmissions.QueueFull("the submission store is full (" + rows + " submissions, "
                                + bytes + " bytes) with unfinished ones; retry later");
                    }
                    seq = r.getLong(1);
                    size = r.getLong(2);
                }
            }
            try (PreparedStatement p = db.prepareStatement("DELETE FROM submissions WHERE seq = ?")) {
                p.setLong(1, seq);
                p.executeUpdate();
            }
            rows--;
            bytes -= size;
        }
    }

    @Override
    public synchronized Optional<Submission> get(String token) {
        try (PreparedStatement p = db.prepareStatement("SELECT " + COLUMNS + " FROM submissions WHERE token = ?")) {
            p.setString(1, token);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("read a submission", e);
        }
    }

    private static Submission row(ResultSet r) throws SQLException {
        String cb = r.getString(10);
        return new Submission(r.getString(1), r.getString(2), Submission.State.valueOf(r.getString(3)),
                r.getBytes(4), r.getBytes(5), r.getString(6), instant(r, 7), instant(r, 8), instant(r, 9),
                cb == null ? null : URI.create(cb));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
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
                rows--;
                bytes -= r.getLong(1);
                return true;
            }
        } catch (SQLException e) {
            throw fail("delete a submission", e);
        }
    }

    @Override
    public synchronized Optional<Submission> claimNext(Set<String> dialects, Instant now) {
        if (dialects.isEmpty() || queued == 0) {
            return Optional.empty();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(dialects.size(), "?"));
        try (PreparedStatement p = db.prepareStatement("UPDATE submissions SET state = 'RUNNING', started_at = ?"
                + " WHERE seq = (SELECT seq FROM submissions WHERE state = 'QUEUED' AND dialect IN (" + marks + ")"
                + " ORDER BY seq LIMIT 1) RETURNING " + COLUMNS)) {
            p.setLong(1, now.toEpochMilli());
            int i = 2;
            for (String d : dialects) {
                p.setString(i++, d);
            }
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                queued--;
                return Optional.of(row(r));
            }
        } catch (SQLException e) {
            throw fail("claim a submission", e);
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
            queued += p.executeUpdate();
        } catch (SQLException e) {
            throw fail("requeue a submission", e);
        }
    }

    @Override
    public synchronized int requeueRunning() {
        try (Statement s = db.createStatement()) {
            int n = s.executeUpdate("UPDATE submissions SET state = 'QUEUED', started_at = NULL WHERE state = 'RUNNING'");
            queued += n;
            return n;
        } catch (SQLException e) {
            throw fail("requeue running submissions", e);
        }
    }

    @Override
    public synchronized boolean finish(String token, byte[] result, String error, Instant now) {
        long extra = result == null ? 0 : result.length;
        try {
            db.setAutoCommit(false);
            try {
                try (PreparedStatement p = db.prepareStatement("UPDATE submissions SET state = ?, result = ?,"
                        + " error = ?, finished_at = ?, size = size + ?,"
                        + " cb_state = CASE WHEN callback IS NULL THEN NULL ELSE 'PENDING' END,"
                        + " cb_next_at = CASE WHEN callback IS NULL THEN NULL ELSE ? END"
                        + " WHERE token = ? AND state = 'RUNNING'")) {
                    p.setString(1, result != null ? "DONE" : "FAILED");
                    p.setBytes(2, result);
                    p.setString(3, result != null ? null : error == null ? "failed" : error);
                    p.setLong(4, now.toEpochMilli());
                    p.setLong(5, extra);
                    p.setLong(6, now.toEpochMilli());
                    p.setString(7, token);
                    if (p.executeUpdate() == 0) {
                        db.rollback();
                        return false; // deleted meanwhile, or not running
                    }
                }
                unfinished--;
                bytes += extra;
                callbacks.mine(token); // its callback, if any, is this process's
                try {
                    makeRoom(0, 0, token); // results count too: the oldest finished others make way
                } catch (AsyncSubmissions.QueueFull full) {
                    // only unfinished ones besides this one: the bound is exceeded until some finish
                }
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                recount();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("store a result", e);
        }
        return true;
    }

    @Override
    public synchronized int sweep(Instant cutoff) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM submissions WHERE finished_at IS NOT NULL"
                + " AND finished_at < ?")) {
            p.setLong(1, cutoff.toEpochMilli());
            int n = p.executeUpdate();
            if (n > 0) {
                recount();
            }
            return n;
        } catch (SQLException e) {
            throw fail("delete expired submissions", e);
        }
    }

    @Override
    public synchronized int unfinished() {
        return unfinished;
    }

    @Override
    public synchronized int queued() {
        return queued;
    }

    @Override
    public synchronized long[] size() {
        return new long[]{rows, bytes};
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
