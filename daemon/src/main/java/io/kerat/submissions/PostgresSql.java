package io.kerat.submissions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statements of {@link PostgresSubmissionStore} (those SQLite takes as written too are {@link SubmissionSql}'s),
 * and the few helpers that run inside its transactions. Leases use the database's clock ({@code clock_timestamp()}),
 * never a host's; a lease length is a parameter in ms.
 */
final class PostgresSql {
    /** The advisory lock key of the bounds: inserts, finishes and deletes take it ("kerat" + 2). */
    static final long BOUNDS_LOCK = 0x6b65726174_02L;
    private static final String MS = " * interval '1 millisecond'";
    private static final String BACK_TO_QUEUE = "UPDATE submissions SET state = 'QUEUED', started_at = NULL,"
            + " lease_owner = NULL, lease_until = NULL WHERE state = 'RUNNING' AND ";

    static final String DELETE = "DELETE FROM submissions WHERE token = ? AND state IN ('DONE', 'FAILED')";
    /** started_at, owner, lease ms, dialects (text[]). */
    static final String CLAIM = "UPDATE submissions SET state = 'RUNNING', started_at = ?, lease_owner = ?,"
            + " lease_until = clock_timestamp() + ?" + MS
            + " WHERE seq = (SELECT seq FROM submissions WHERE state = 'QUEUED' AND dialect = ANY(?)"
            + " ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + SubmissionSql.COLUMNS;
    /** lease ms, tokens (text[]), owner. */
    static final String RENEW = "UPDATE submissions SET lease_until = clock_timestamp() + ?" + MS
            + " WHERE token = ANY(?) AND state = 'RUNNING' AND lease_owner = ? RETURNING token";
    /** token, owner. */
    static final String REQUEUE = BACK_TO_QUEUE + "token = ? AND lease_owner = ?";
    static final String REQUEUE_EXPIRED = BACK_TO_QUEUE + "lease_until < clock_timestamp()";
    /**
     * state, result, error, finished_at, result bytes, cb_next_at, cb owner, lease ms, token. A submission whose lease
     * expired may be queued again, or running elsewhere: its first result is as good as a second one, and wins.
     */
    static final String FINISH = "UPDATE submissions SET state = ?, result = ?, error = ?, finished_at = ?,"
            + " size = size + ?, lease_owner = NULL, lease_until = NULL,"
            + " cb_state = CASE WHEN callback IS NULL THEN NULL ELSE 'PENDING' END,"
            + " cb_next_at = CASE WHEN callback IS NULL THEN NULL ELSE ?::bigint END,"
            + " cb_owner = CASE WHEN callback IS NULL THEN NULL ELSE ?::text END,"
            + " cb_lease_until = CASE WHEN callback IS NULL THEN NULL ELSE clock_timestamp() + ?" + MS + " END"
            + " WHERE token = ? AND state IN ('QUEUED', 'RUNNING')";
    static final String UNFINISHED = "SELECT count(*) FROM submissions WHERE state IN ('QUEUED', 'RUNNING')";
    static final String QUEUED = "SELECT count(*) FROM submissions WHERE state = 'QUEUED'";
    /** owner, lease ms: pending callbacks nobody holds (their holder's lease expired), held until their next attempt. */
    static final String ADOPT_CALLBACKS = "UPDATE submissions SET cb_owner = ?, cb_lease_until ="
            + " greatest(clock_timestamp(), to_timestamp(cb_next_at / 1000.0)) + ?" + MS
            + " WHERE cb_state = 'PENDING' AND (cb_lease_until IS NULL OR cb_lease_until < clock_timestamp())"
            + " RETURNING token, cb_attempts, cb_next_at";
    /** owner, hold ms, token, owner. */
    static final String HOLD_CALLBACK = "UPDATE submissions SET cb_owner = ?, cb_lease_until = clock_timestamp() + ?"
            + MS + " WHERE token = ? AND cb_state = 'PENDING'"
            + " AND (cb_owner = ? OR cb_lease_until IS NULL OR cb_lease_until < clock_timestamp())";
    /** cb_state, attempts, next at, cb_state, hold ms, token, owner. */
    static final String CALLBACK_ATTEMPTED = "UPDATE submissions SET cb_state = ?, cb_attempts = ?, cb_next_at = ?,"
            + " cb_lease_until = CASE WHEN ?::text = 'PENDING' THEN clock_timestamp() + ?" + MS + " ELSE NULL END"
            + " WHERE token = ? AND cb_owner = ?";
    private static final String COUNTS = "SELECT count(*), coalesce(sum(size), 0),"
            + " count(*) FILTER (WHERE state IN ('QUEUED', 'RUNNING')) FROM submissions";
    private static final String OLDEST_FINISHED = "DELETE FROM submissions WHERE seq = (SELECT seq FROM submissions"
            + " WHERE finished_at IS NOT NULL AND token IS DISTINCT FROM ? ORDER BY finished_at, seq LIMIT 1)"
            + " RETURNING size";

    private PostgresSql() {}

    /** Takes the bounds' lock until the end of the transaction (every host's inserts see the same counts). */
    static void lockBounds(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + BOUNDS_LOCK + ")");
        }
    }

    /** Rows, bytes, and unfinished (queued or running) rows. */
    static long[] counts(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(COUNTS)) {
            r.next();
            return new long[]{r.getLong(1), r.getLong(2), r.getLong(3)};
        }
    }

    /**
     * Deletes the oldest finished submissions (never {@code keep}) while {@code rows} and {@code bytes} exceed the
     * bounds; inside the caller's transaction. Returns null when it all fits, else why not (only unfinished left).
     */
    static String makeRoom(Connection c, long rows, long bytes, StoreBounds bounds, String keep) throws SQLException {
        while (bounds.exceeded(rows, bytes)) {
            try (PreparedStatement p = c.prepareStatement(OLDEST_FINISHED)) {
                p.setString(1, keep);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return "the submission store is full (" + rows + " submissions, " + bytes
                                + " bytes with this one) with unfinished ones; retry later";
                    }
                    rows--;
                    bytes -= r.getLong(1);
                }
            }
        }
        return null;
    }

    /** Runs one statement with these parameters (String, Long or Integer); returns the rows it changed. */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            return p.executeUpdate();
        }
    }

    /** The one number a query of one row and one column counts. */
    static int count(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }
}
