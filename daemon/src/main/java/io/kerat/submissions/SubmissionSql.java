package io.kerat.submissions;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * What both submission stores do alike in SQL: the statements SQLite and PostgreSQL take as written, the parameters
 * both stores' result updates begin with, a row read back into a {@link Submission}, and what a failing statement
 * becomes. Each dialect's own statements are {@link SqliteSubmissionStore}'s and {@link PostgresSql}'s.
 */
final class SubmissionSql {
    /** A {@link Submission}'s columns, in {@link #row}'s order. */
    static final String COLUMNS = "token, dialect, state, request, result, error, created_at, started_at, "
            + "finished_at, callback";
    private static final String INSERT = "INSERT INTO submissions (token, dialect, state, request, created_at,"
            + " callback, size) VALUES (?, ?, 'QUEUED', ?, ?, ?, ?)";
    private static final String GET = "SELECT " + COLUMNS + " FROM submissions WHERE token = ?";
    private static final String SWEEP = "DELETE FROM submissions WHERE finished_at IS NOT NULL AND finished_at < ?";
    private static final String CALLBACK_STATE = "SELECT cb_state, cb_attempts FROM submissions WHERE token = ?";

    private SubmissionSql() {}

    /** What a store (or its callbacks' side) throws when a statement failed: {@code what} it could not do. */
    static RuntimeException fail(String what, SQLException e) {
        return new IllegalStateException("submission store: cannot " + what + ": " + e.getMessage(), e);
    }

    /** Stores a new queued submission; its size is the request's bytes. */
    static void insert(Connection c, String token, String dialect, byte[] request, URI callback, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            p.setString(1, token);
            p.setString(2, dialect);
            p.setBytes(3, request);
            p.setLong(4, now.toEpochMilli());
            p.setString(5, callback == null ? null : callback.toString());
            p.setLong(6, request.length);
            p.executeUpdate();
        }
    }

    static Optional<Submission> get(Connection c, String token) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(GET)) {
            p.setString(1, token);
            try (ResultSet r = p.executeQuery()) {
                return first(r);
            }
        }
    }

    /** Deletes the submissions finished before {@code cutoff}; returns how many. */
    static int sweep(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SWEEP)) {
            p.setLong(1, cutoff.toEpochMilli());
            return p.executeUpdate();
        }
    }

    /** The callback's state and attempts of a submission, {@code STATE/attempts}; null when it has none. */
    static String callbackState(Connection c, String token) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(CALLBACK_STATE)) {
            p.setString(1, token);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getString(1) != null ? r.getString(1) + "/" + r.getInt(2) : null;
            }
        }
    }

    /**
     * Binds the first six parameters of both stores' update that ends a submission: state, result, error,
     * finished_at, the result's bytes (added to size) and the callback's first attempt (cb_next_at).
     */
    static void bindResult(PreparedStatement p, byte[] result, String error, Instant now) throws SQLException {
        p.setString(1, result != null ? "DONE" : "FAILED");
        p.setBytes(2, result);
        p.setString(3, result != null ? null : error == null ? "failed" : error);
        p.setLong(4, now.toEpochMilli());
        p.setLong(5, result == null ? 0 : result.length);
        p.setLong(6, now.toEpochMilli());
    }

    /** The next row of {@link #COLUMNS} in {@code r}, or empty when there is none. */
    static Optional<Submission> first(ResultSet r) throws SQLException {
        return r.next() ? Optional.of(row(r)) : Optional.empty();
    }

    /** The current row of {@link #COLUMNS} in {@code r}. */
    static Submission row(ResultSet r) throws SQLException {
        String cb = r.getString(10);
        return new Submission(r.getString(1), r.getString(2), Submission.State.valueOf(r.getString(3)),
                r.getBytes(4), r.getBytes(5), r.getString(6), instant(r, 7), instant(r, 8), instant(r, 9),
                cb == null ? null : URI.create(cb));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
