package io.kerat.submissions;

import java.io.IOException;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Submissions in a PostgreSQL database shared by several Kerat hosts (docs/POSTGRESQL.md). A host claims the oldest
 * queued submission with {@code FOR UPDATE SKIP LOCKED} (two hosts never take the same one) and holds it under a
 * lease ({@code lease_owner}, {@code lease_until} on the database's clock) that it renews while the run goes on; a
 * lease that expires (its host died or lost the database) makes the submission queued again for any host. Results
 * are written once: {@link #finish} of a submission already ended changes nothing. Callbacks are held the same way
 * ({@code cb_owner}, {@code cb_lease_until}) by the host that finished the run, until they are delivered or given
 * up. Bounds are counted in the database under an advisory lock, so inserts from all hosts see the same counts.
 * The statements are {@link PostgresSql}'s (those SQLite shares {@link SubmissionSql}'s), the runs' leases
 * {@link PgLeases}', the callbacks' leases {@link PgCallbacks}', the schema and its migrations {@link PostgresSchema}'s.
 */
public final class PostgresSubmissionStore implements SubmissionStore {
    private final PgConnections db;
    private final String owner;
    private final long leaseMs;
    private final StoreBounds bounds;
    private final PgLeases leases;
    private final PgCallbacks callbacks;

    private PostgresSubmissionStore(PgConnections db, String owner, long leaseMs, StoreBounds bounds) {
        this.db = db;
        this.owner = owner;
        this.leaseMs = leaseMs;
        this.bounds = bounds;
        this.leases = new PgLeases(db, owner, leaseMs);
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
        return new PostgresSubmissionStore(db, PgLeases.ownerName(), leaseMs,
                new StoreBounds(maxQueued, maxRows, maxBytes));
    }

    /** This process's name in {@code lease_owner} and {@code cb_owner}. */
    public String owner() {
        return owner;
    }

    @Override
    public void insert(String token, String dialect, byte[] request, URI callback, Instant now)
            throws AsyncSubmissions.QueueFull {
        long size = request.length;
        bounds.checkSize(size);
        String full;
        try {
            full = db.tx(c -> {
                PostgresSql.lockBounds(c);
                long[] n = PostgresSql.counts(c);
                String tooMany = bounds.queueFull(n[2]);
                if (tooMany != null) {
                    return tooMany;
                }
                String noRoom = PostgresSql.makeRoom(c, n[0] + 1, n[1] + size, bounds, null);
                if (noRoom != null) {
                    c.rollback();
                    return noRoom;
                }
                SubmissionSql.insert(c, token, dialect, request, callback, now);
                return null;
            });
        } catch (SQLException e) {
            throw SubmissionSql.fail("store a submission", e);
        }
        if (full != null) {
            throw new AsyncSubmissions.QueueFull(full);
        }
    }

    @Override
    public Optional<Submission> get(String token) {
        try {
            return db.run(c -> SubmissionSql.get(c, token));
        } catch (SQLException e) {
            throw SubmissionSql.fail("read a submission", e);
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
            throw SubmissionSql.fail("delete a submission", e);
        }
    }

    @Override
    public Optional<Submission> claimNext(Set<String> dialects, Instant now) {
        return leases.claim(dialects, now);
    }

    @Override
    public Set<String> renewLeases(Collection<String> tokens) {
        return leases.renew(tokens);
    }

    @Override
    public void requeue(String token) {
        leases.requeue(token);
    }

    /** Only expired leases: other hosts' running submissions are theirs. */
    @Override
    public int requeueRunning() {
        return leases.requeueExpired();
    }

    @Override
    public boolean finish(String token, byte[] result, String error, Instant now) {
        try {
            return db.tx(c -> {
                PostgresSql.lockBounds(c);
                try (PreparedStatement p = c.prepareStatement(PostgresSql.FINISH)) {
                    SubmissionSql.bindResult(p, result, error, now);
                    p.setString(7, owner);
                    p.setLong(8, leaseMs);
                    p.setString(9, token);
                    if (p.executeUpdate() == 0) {
                        return false; // ended already (the first result wins), or deleted
                    }
                }
                long[] n = PostgresSql.counts(c);
                // results count too: the oldest finished others make way (or the bound is exceeded until some finish)
                PostgresSql.makeRoom(c, n[0], n[1], bounds, token);
                return true;
            });
        } catch (SQLException e) {
            throw SubmissionSql.fail("store a result", e);
        }
    }

    @Override
    public int sweep(Instant cutoff) {
        try {
            return db.tx(c -> {
                PostgresSql.lockBounds(c);
                return SubmissionSql.sweep(c, cutoff);
            });
        } catch (SQLException e) {
            throw SubmissionSql.fail("delete expired submissions", e);
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
            throw SubmissionSql.fail("count submissions", e);
        }
    }

    private int count(String sql) {
        try {
            return db.run(c -> PostgresSql.count(c, sql));
        } catch (SQLException e) {
            throw SubmissionSql.fail("count submissions", e);
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
