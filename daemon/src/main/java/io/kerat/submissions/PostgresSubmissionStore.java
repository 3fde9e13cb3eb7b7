package io.kerat.submissions;

import java.io.IOException;
import java.net.URI;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Submissions in a PostgreSQL database shared by several Kerat hosts (docs/POSTGRESQL.md). A host claims the oldest
 * queued submission with {@code FOR UPDATE SKIP LOCKED} (two hosts never take the same one) and holds it under a
 * lease ({@code lease_owner}, {@code lease_until} on the database's clock) that it renews while the run goes on; a
 * lease that expires (its host died or lost the database) makes the submission queued again for any host. Results
 * are written once: {@link #finish} of a submission already ended changes nothing. Callbacks are held the same way
 * ({@code cb_owner}, {@code cb_lease_until}) by the host that finished the run, until they are delivered or given
 * up. Bounds are counted in the database under an advisory lock, so inserts from all hosts see the same counts.
 * The statements are {@link PostgresSql}'s, the callbacks' leases {@link PgCallbacks}', the schema and its
 * migrations {@link PostgresSchema}'s.
 */
public final class PostgresSubmissionStore implements SubmissionStore {
    private final PgConnections db;
    private final String owner;
    private final long leaseMs;
    private final int maxQueued;
    private final long maxRows;
    private final long maxBytes;
    private final PgCallbacks callbacks;

    private PostgresSubmissionStore(PgConnections db, String owner, long leaseMs, int maxQueued, long maxRows,
                                    long maxBytes) {
        this.db = db;
        this.owner = owner;
        this.leaseMs = leaseMs;
        this.maxQueued = maxQueued;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.callbacks = new PgCallbacks(db, owner, leaseMs);
    }

    /**
     * Connects ({@code connections} of them, waiting up to {@code waitMs} for the server), creates or migrates the
     * schema, and names this process's leases {@code <host>/<pid>/<random>}.
     */
    public static PostgresSubmissionStore open(PostgresUrl url, int connections, long waitMs, long leaseMs,
                                               int maxQueued, long maxRows, long maxBytes) throws IOException {
        List<PostgresSchema.Migration> migrations = PostgresSchema.migrations();
        PgConnections db = PgConnections.open(url, Math.max(2, connections), waitMs);
        try {
            db.run(c -> PostgresSchema.migrate(c, migrations));
        } catch (SQLException e) {
            db.close();
            throw new IOException("cannot create or migrate the submission store's schema in " + url + ": "
                    + e.getMessage(), e);
        }
        return new PostgresSubmissionStore(db, ownerName(), leaseMs, maxQueued, maxRows, maxBytes);
    }

    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This process's name in {@code lease_owner} and {@code cb_owner}. */
    public String owner() {
        return owner;
    }

    private static RuntimeException fail(String what, SQLException e) {
        return new IllegalStateException("submission store: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void insert(String token, String dialect, byte[] request, URI callback, Instant now)
            throws AsyncSubmissions.QueueFull {
        long size = request.length;
        if (size > maxBytes) {
            throw new AsyncSubmissions.QueueFull("the submission is larger than the store's bound of " + maxBytes + " bytes");
        }
        String full;
        try {
            full = db.tx(c -> {
                PostgresSql.lockBounds(c);
                long[] n = PostgresSql.counts(c);
                if (n[2] >= maxQueued) {
                    return n[2] + " submissions are waiting or running (the most allowed); retry later";
                }
                String noRoom = PostgresSql.makeRoom(c, n[0] + 1, n[1] + size, maxRows, maxBytes, null);
                if (noRoom != null) {
                    c.rollback();
                    return noRoom;
                }
                try (PreparedStatement p = c.prepareStatement(PostgresSql.INSERT)) {
                    p.setString(1, token);
                    p.setString(2, dialect);
                    p.setBytes(3, request);
                    p.setLong(4, now.toEpochMilli());
                    p.setString(5, callback == null ? null : callback.toString());
                    p.setLong(6, size);
                    p.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw fail("store a submission", e);
        }
        if (full != null) {
            throw new AsyncSubmissions.QueueFull(full);
        }
    }

    @Override
    public Optional<Submission> get(String token) {
        try {
            return db.run(c -> {
                try (PreparedStatement p = c.prepareStatement(PostgresSql.GET)) {
                    p.setString(1, token);
                    try (ResultSet r = p.executeQuery()) {
                        return r.next() ? Optional.of(PostgresSql.row(r)) : Optional.empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw fail("read a submission", e);
        }
    }

    @Override
    public boolean delete(String token) {
        try {
            return db.tx(c -> {
                PostgresSql.lockBounds(c); // deletes of finished rows are serialized (no deadlock with makeRoom)
                return PostgresSql.update(c, PostgresSql.DELETE, token) > 0;
            });
        } catch (SQLException e) {
            throw fail("delete a submission", e);
        }
    }

    @Override
    public Optional<Submission> claimNext(Set<String> dialects, Instant now) {
        if (dialects.isEmpty()) {
            return Optional.empty();
        }
        try {
            return db.run(c -> {
                PostgresSql.update(c, PostgresSql.REQUEUE_EXPIRED);
                try (PreparedStatement p = c.prepareStatement(PostgresSql.CLAIM)) {
                    p.setLong(1, now.toEpochMilli());
                    p.setString(2, owner);
                    p.setLong(3, leaseMs);
                    p.setArray(4, c.createArrayOf("text", dialects.toArray()));
                    try (ResultSet r = p.executeQuery()) {
                        return r.next() ? Optional.of(PostgresSql.row(r)) : Optional.empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw fail("claim a submission", e);
        }
    }

    @Override
    public Set<String> renewLeases(Collection<String> tokens) {
        Set<String> lost = new HashSet<>(tokens);
        if (tokens.isEmpty()) {
            return lost;
        }
        try {
            db.run(c -> {
                try (PreparedStatement p = c.prepareStatement(PostgresSql.RENEW)) {
                    p.setLong(1, leaseMs);
                    p.setArray(2, c.createArrayOf("text", tokens.toArray()));
                    p.setString(3, owner);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            lost.remove(r.getString(1));
                        }
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw fail("renew leases", e);
        }
        return lost;
    }

    @Override
    public void requeue(String token) {
        try {
            db.run(c -> PostgresSql.update(c, PostgresSql.REQUEUE, token, owner));
        } catch (SQLException e) {
            throw fail("requeue a submission", e);
        }
    }

    /** Only expired leases: other hosts' running submissions are theirs. */
    @Override
    public int requeueRunning() {
        try {
            return db.run(c -> PostgresSql.update(c, PostgresSql.REQUEUE_EXPIRED));
        } catch (SQLException e) {
            throw fail("requeue expired submissions", e);
        }
    }

    @Override
    public boolean finish(String token, byte[] result, String error, Instant now) {
        try {
            return db.tx(c -> {
                PostgresSql.lockBounds(c);
                try (PreparedStatement p = c.prepareStatement(PostgresSql.FINISH)) {
                    p.setString(1, result != null ? "DONE" : "FAILED");
                    p.setBytes(2, result);
                    p.setString(3, result != null ? null : error == null ? "failed" : error);
                    p.setLong(4, now.toEpochMilli());
                    p.setLong(5, result == null ? 0 : result.length);
                    p.setLong(6, now.toEpochMilli());
                    p.setString(7, owner);
                    p.setLong(8, leaseMs);
                    p.setString(9, token);
                    if (p.executeUpdate() == 0) {
                        return false; // ended already (the first result wins), or deleted
                    }
                }
                long[] n = PostgresSql.counts(c);
                // results count too: the oldest finished others make way (or the bound is exceeded until some finish)
                PostgresSql.makeRoom(c, n[0], n[1], maxRows, maxBytes, token);
                return true;
            });
        } catch (SQLException e) {
            throw fail("store a result", e);
        }
    }

    @Override
    public int sweep(Instant cutoff) {
        try {
            return db.tx(c -> {
                PostgresSql.lockBounds(c);
                try (PreparedStatement p = c.prepareStatement(PostgresSql.SWEEP)) {
                    p.setLong(1, cutoff.toEpochMilli());
                    return p.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw fail("delete expired submissions", e);
        }
    }

    @Override
    public int unfinished() {
        return count(PostgresSql.UNFINISHED);
    }

    @Override
    public int queued() {
        return count(PostgresSql.QUEUED);
    }

    @Override
    public long[] size() {
        try {
            long[] n = db.run(PostgresSql::counts);
            return new long[]{n[0], n[1]};
        } catch (SQLException e) {
            throw fail("count submissions", e);
        }
    }

    private int count(String sql) {
        try {
            return db.run(c -> {
                try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            });
        } catch (SQLException e) {
            throw fail("count submissions", e);
        }
    }

    @Override
    public List<PendingCallback> adoptCallbacks() {
        return callbacks.adopt();
    }

    @Override
    public boolean holdCallback(String token, long holdMs) {
        return callbacks.hold(token, holdMs);
    }

    @Override
    public void callbackAttempted(String token, int attempts, CallbackState state, Instant nextAt) {
        callbacks.attempted(token, attempts, state, nextAt);
    }

    @Override
    public String callbackState(String token) {
        return callbacks.state(token);
    }

    @Override
    public void close() {
        db.close();
    }
}
