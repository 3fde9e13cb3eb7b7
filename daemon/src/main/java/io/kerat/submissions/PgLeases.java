package io.kerat.submissions;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The runs' side of {@link PostgresSubmissionStore}: a host claims the oldest queued submission with
 * {@code FOR UPDATE SKIP LOCKED} and holds it under a lease ({@code lease_owner}, {@code lease_until} on the
 * database's clock) that it renews while the run goes on, or gives back; a lease that expired (its host died or lost
 * the database) makes the submission queued again for any host.
 */
final class PgLeases {
    private final PgConnections db;
    private final String owner;
    private final long leaseMs;

    PgLeases(PgConnections db, String owner, long leaseMs) {
        this.db = db;
        this.owner = owner;
        this.leaseMs = leaseMs;
    }

    /** A name for this process's leases: {@code <host>/<pid>/<random>}. */
    static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** See {@link SubmissionStore#claimNext}: expired leases are taken back first. */
    Optional<Submission> claim(Set<String> dialects, Instant now) {
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
                        return SubmissionSql.first(r);
                    }
                }
            });
        } catch (SQLException e) {
            throw SubmissionSql.fail("claim a submission", e);
        }
    }

    /** See {@link SubmissionStore#renewLeases}. */
    Set<String> renew(Collection<String> tokens) {
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
            throw SubmissionSql.fail("renew leases", e);
        }
        return lost;
    }

    /** Gives back this process's lease on a running submission: queued again, in its place. */
    void requeue(String token) {
        try {
            db.run(c -> PostgresSql.update(c, PostgresSql.REQUEUE, token, owner));
        } catch (SQLException e) {
            throw SubmissionSql.fail("requeue a submission", e);
        }
    }

    /** Queues again the running submissions whose lease expired; returns how many. */
    int requeueExpired() {
        try {
            return db.run(c -> PostgresSql.update(c, PostgresSql.REQUEUE_EXPIRED));
        } catch (SQLException e) {
            throw SubmissionSql.fail("requeue expired submissions", e);
        }
    }
}
