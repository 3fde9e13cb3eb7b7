package io.kerat.submissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates and migrates the PostgreSQL store's schema: plain SQL files {@code db/postgresql/V<n>__<what>.sql} listed
 * in {@code db/postgresql/migrations.txt}, each applied once and recorded in {@code schema_version}. All of it runs
 * in one transaction under a transaction-scoped advisory lock, so hosts starting together apply each migration
 * exactly once (the others wait, then find it recorded) and nobody sees a half-migrated schema.
 */
final class PostgresSchema {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSchema.class);
    /** The advisory lock key of migrations ("kerat" + 1, any constant no other application uses). */
    static final long MIGRATION_LOCK = 0x6b65726174_01L;
    private static final Pattern NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

    /** One migration file. */
    record Migration(int version, String name, String sql) {
    }

    private PostgresSchema() {}

    /** The migrations this Kerat carries, in order (from the class path). */
    static List<Migration> migrations() throws IOException {
        List<Migration> out = new ArrayList<>();
        for (String line : resource("migrations.txt").split("\n")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IOException("db/postgresql/migrations.txt: bad migration name " + name);
            }
            int v = Integer.parseInt(m.group(1));
            if (v != out.size() + 1) {
                throw new IOException("db/postgresql/migrations.txt: " + name + " is not version " + (out.size() + 1));
            }
            out.add(new Migration(v, name, resource(name)));
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PostgresSchema.class.getResourceAsStream("/db/postgresql/" + name)) {
            if (in == null) {
                throw new IOException("db/postgresql/" + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Applies what is missing of {@code migrations} on {@code c} (autocommit is turned off and restored); returns
     * how many were applied. Refuses a database whose schema is newer than this Kerat's.
     */
    static int migrate(Connection c, List<Migration> migrations) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                    + " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            int current;
            try (ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                r.next();
                current = r.getInt(1);
            }
            if (current > migrations.size()) {
                throw new SQLException("the database has schema version " + current + ", newer than this Kerat's "
                        + migrations.size() + ": upgrade this host's Kerat");
            }
            int applied = 0;
            for (Migration m : migrations.subList(current, migrations.size())) {
                s.execute(m.sql());
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, name) VALUES (?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.name());
                    p.executeUpdate();
                }
                applied++;
            }
            c.commit();
            if (applied > 0) {
                LOG.info("submission store: schema migrated from version {} to {}", current, migrations.size());
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
