package io.kerat.submissions;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code store} setting when it names a PostgreSQL database: {@code postgresql://user:pass@host:port/db} (the
 * libpq form) or {@code jdbc:postgresql://...}, with the password possibly in env {@code KERAT_STORE_PASSWORD}
 * instead. Turned into the JDBC URL without credentials plus user and password, so the password is never logged.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/db?...} without user info
 * @param user     the role, or null for the driver's default
 * @param password the password, or null
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    /** Whether {@code store} names PostgreSQL (else it must be absent or {@code sqlite}). */
    public static boolean isPostgres(String store) {
        String s = store == null ? "" : store.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("postgresql://") || s.startsWith("postgres://") || s.startsWith("jdbc:postgresql://");
    }

    /**
     * Parses {@code store}; {@code envPassword} (KERAT_STORE_PASSWORD) is used when the URL has no password.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the password)
     */
    public static PostgresUrl parse(String store, String envPassword) {
        String s = store.trim();
        String rest = s.toLowerCase(Locale.ROOT).startsWith("jdbc:") ? s.substring(5) : s;
        rest = rest.substring(rest.indexOf("://") + 3);
        URI u;
        try {
            u = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://user:password@host:port/database): "
                    + e.getReason());
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("no host in the PostgreSQL URL (postgresql://user:password@host:port/database)");
        }
        String db = u.getRawPath() == null ? "" : u.getRawPath().replaceFirst("^/", "");
        if (db.isEmpty() || db.contains("/")) {
            throw new IllegalArgumentException("no database in the PostgreSQL URL (postgresql://user:password@host:port/database)");
        }
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String[] p = u.getRawUserInfo().split(":", 2);
            user = decode(p[0]);
            password = p.length == 2 ? decode(p[1]) : null;
        }
        if (password == null && envPassword != null && !envPassword.isEmpty()) {
            password = envPassword;
        }
        String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
        String jdbc = "jdbc:postgresql://" + host + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/" + db
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return new PostgresUrl(jdbc, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** For logs and errors: the JDBC URL and the role, never the password. */
    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " as " + user);
    }
}
