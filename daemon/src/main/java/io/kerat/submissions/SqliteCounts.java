package io.kerat.submissions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The counts behind {@link SqliteSubmissionStore}'s bounds, kept in memory and exact (no other process writes the
 * file), and the room made within those bounds; on the store's connection and under its lock (every call comes from
 * one of its synchronized methods). A transaction that rolls back recounts.
 */
final class SqliteCounts {
    private final Connection db;
    private final StoreBounds bounds;
    private long rows;
    private long bytes;
    private int unfinished;
    private int queued;

    SqliteCounts(Connection db, StoreBounds bounds) throws SQLException {
        this.db = db;
        this.bounds = bounds;
        recount();
    }

    /** Counts again from the table. */
    void recount() throws SQLException {
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

    /** @throws AsyncSubmissions.QueueFull when as many are unfinished as allowed, or {@code size} bytes never fit */
    void checkInsert(long size) throws AsyncSubmissions.QueueFull {
        String full = bounds.queueFull(unfinished);
        if (full != null) {
            throw new AsyncSubmissions.QueueFull(full);
        }
        bounds.checkSize(size);
    }

    /**
     * Deletes the oldest finished submissions (never {@code keep}) until {@code moreRows} rows and {@code moreBytes}
     * bytes fit; inside the caller's transaction. Throws QueueFull when what is left is unfinished.
     */
    void makeRoom(long moreRows, long moreBytes, String keep) throws SQLException, AsyncSubmissions.QueueFull {
        while (bounds.exceeded(rows + moreRows, bytes + moreBytes)) {
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
            deleted(size);
        }
    }

    /** A submission of {@code size} bytes was queued. */
    void inserted(long size) {
        rows++;
        bytes += size;
        unfinished++;
        queued++;
    }

    /** A finished submission of {@code size} bytes was deleted. */
    void deleted(long size) {
        rows--;
        bytes -= size;
    }

    /** A queued submission was claimed. */
    void claimed() {
        queued--;
    }

    /** {@code n} running submissions were queued again. */
    void requeued(int n) {
        queued += n;
    }

    /** A running submission ended, with {@code resultBytes} more. */
    void finished(long resultBytes) {
        unfinished--;
        bytes += resultBytes;
    }

    int unfinished() {
        return unfinished;
    }

    int queued() {
        return queued;
    }

    long[] size() {
        return new long[]{rows, bytes};
    }
}
