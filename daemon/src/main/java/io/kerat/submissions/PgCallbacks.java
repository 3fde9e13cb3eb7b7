package io.kerat.submissions;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The callbacks' side of {@link PostgresSubmissionStore}: a pending callback is held ({@code cb_owner},
 * {@code cb_lease_until}) by the host that finished its run, renewed before each attempt and kept until the next
 * retry time plus a lease, so no other host makes an attempt while its holder lives; once the hold expired (the
 * holder died) any host adopts it.
 */
final class PgCallbacks {
    private final PgConnections db;
    private final String owner;
    private final long leaseMs;

    PgCallbacks(PgConnections db, String owner, long leaseMs) {
        this.db = db;
        this.owner = owner;
        this.leaseMs = leaseMs;
    }

    List<SubmissionStore.PendingCallback> adopt() {
        try {
            return db.run(c -> {
                List<SubmissionStore.PendingCallback> out = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement(PostgresSql.ADOPT_CALLBACKS)) {
                    p.setString(1, owner);
                    p.setLong(2, leaseMs);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.add(new SubmissionStore.PendingCallback(r.getString(1), r.getInt(2),
                                    Instant.ofEpochMilli(r.getLong(3))));
                        }
                    }
                }
                out.sort(Comparator.comparing(SubmissionStore.PendingCallback::nextAt));
                return out;
            });
        } catch (SQLException e) {
            throw SubmissionSql.fail("adopt pending callbacks", e);
        }
    }

    boolean hold(String token, long holdMs) {
        try {
            return db.run(c -> PostgresSql.update(c, PostgresSql.HOLD_CALLBACK, owner, holdMs, token, owner) > 0);
        } catch (SQLException e) {
            throw SubmissionSql.fail("hold a callback", e);
        }
    }

    void attempted(String token, int attempts, SubmissionStore.CallbackState state, Instant nextAt) {
        long holdMs = nextAt == null ? 0 : Math.max(0, nextAt.toEpochMilli() - System.currentTimeMillis()) + leaseMs;
        try {
            db.run(c -> {
                try (PreparedStatement p = c.prepareStatement(PostgresSql.CALLBACK_ATTEMPTED)) {
                    p.setString(1, state.name());
                    p.setInt(2, attempts);
                    if (nextAt == null) {
                        p.setNull(3, Types.BIGINT);
                    } else {
                        p.setLong(3, nextAt.toEpochMilli());
                    }
                    p.setString(4, state.name());
                    p.setLong(5, holdMs);
                    p.setString(6, token);
                    p.setString(7, owner);
                    return p.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw SubmissionSql.fail("record a callback attempt", e);
        }
    }

    String state(String token) {
        try {
            return db.run(c -> SubmissionSql.callbackState(c, token));
        } catch (SQLException e) {
            throw SubmissionSql.fail("read a callback state", e);
        }
    }
}
