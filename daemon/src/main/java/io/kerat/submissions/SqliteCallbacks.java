package io.kerat.submissions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The callbacks' side of {@link SqliteSubmissionStore}, on its connection and under its lock (every call comes
 * from one of its synchronized methods). The only process holds every callback; "adopting" finds those a previous
 * process left pending, once each.
 */
final class SqliteCallbacks {
    private final Connection db;
    /** Pending callbacks this process finished or adopted: its own to deliver (the others a dead process left). */
    private final Set<String> delivering = new HashSet<>();

    SqliteCallbacks(Connection db) {
        this.db = db;
    }

    /** A submission this process just finished: its callback is this process's to deliver. */
    void mine(String token) {
        delivering.add(token);
    }

    /** Those left by a previous process (the first call finds them all); this process schedules its own. */
    List<SubmissionStore.PendingCallback> adopt() {
        List<SubmissionStore.PendingCallback> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT token, cb_attempts, cb_next_at FROM submissions"
                     + " WHERE cb_state = 'PENDING' ORDER BY cb_next_at, seq")) {
            while (r.next()) {
                if (delivering.add(r.getString(1))) {
                    out.add(new SubmissionStore.PendingCallback(r.getString(1), r.getInt(2),
                            Instant.ofEpochMilli(r.getLong(3))));
                }
            }
        } catch (SQLException e) {
            throw SubmissionSql.fail("read pending callbacks", e);
        }
        return out;
    }

    void attempted(String token, int attempts, SubmissionStore.CallbackState state, Instant nextAt) {
        try (PreparedStatement p = db.prepareStatement("UPDATE submissions SET cb_state = ?, cb_attempts = ?,"
                + " cb_next_at = ? WHERE token = ?")) {
            p.setString(1, state.name());
            p.setInt(2, attempts);
            if (nextAt == null) {
                p.setNull(3, Types.INTEGER);
            } else {
                p.setLong(3, nextAt.toEpochMilli());
            }
            p.setString(4, token);
            p.executeUpdate();
            if (state != SubmissionStore.CallbackState.PENDING) {
                delivering.remove(token);
            }
        } catch (SQLException e) {
            throw SubmissionSql.fail("record a callback attempt", e);
        }
    }

    /** {@code STATE/attempts}, or null when the submission has no callback. */
    String state(String token) {
        try {
            return SubmissionSql.callbackState(db, token);
        } catch (SQLException e) {
            throw SubmissionSql.fail("read a callback state", e);
        }
    }
}
