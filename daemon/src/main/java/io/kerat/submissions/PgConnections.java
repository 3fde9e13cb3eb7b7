package io.kerat.submissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small fixed pool of connections to the PostgreSQL store, each used by one thread at a time. A connection that
 * broke (the server restarted, the network dropped) is replaced on its next use. No pool library: the store needs a
 * handful of connections and nothing else such a library offers.
 */
final class PgConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgConnections.class);

    /** One unit of work on a connection (in a transaction when run through {@link #tx}). */
    interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private final PostgresUrl url;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    private PgConnections(PostgresUrl url, int size) {
        this.url = url;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /**
     * Opens {@code size} connections, retrying for up to {@code waitMs} while the server is not reachable (hosts and
     * the database start together).
     *
     * @throws IOException naming the URL (without the password) and the driver's last error
     */
    static PgConnections open(PostgresUrl url, int size, long waitMs) throws IOException {
        PgConnections p = new PgConnections(url, size);
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        SQLException last;
        int tries = 0;
        while (true) {
            tries++;
            try {
                p.idle.add(p.connect());
                break;
            } catch (SQLException e) {
                last = e;
                if (System.nanoTime() > deadline) {
                    throw new IOException("cannot reach the PostgreSQL submission store " + url + " (tried " + tries
                            + " times in " + waitMs / 1000 + " s): " + e.getMessage()
                            + "; check the store setting, KERAT_STORE_PASSWORD and that the server is up", last);
                }
                LOG.info("PostgreSQL store {} not reachable yet ({}); retrying", url, e.getMessage());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to " + url, ie);
                }
            }
        }
        try {
            for (int i = 1; i < size; i++) {
                p.idle.add(p.connect());
            }
        } catch (SQLException e) {
            p.close();
            throw new IOException("cannot open connections to the PostgreSQL submission store " + url + ": "
                    + e.getMessage(), e);
        }
        return p;
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        props.setProperty("ApplicationName", "kerat");
        props.setProperty("connectTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(url.jdbcUrl(), props);
        synchronized (all) {
            all.add(c);
        }
        return c;
    }

    /** Runs {@code work} with autocommit on (one statement, one transaction). */
    <T> T run(Work<T> work) throws SQLException {
        return use(work, false);
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T tx(Work<T> work) throws SQLException {
        return use(work, true);
    }

    private <T> T use(Work<T> work, boolean tx) throws SQLException {
        Connection c = take();
        boolean broken = false;
        try {
            c.setAutoCommit(!tx);
            T out = work.on(c);
            if (tx) {
                c.commit();
            }
            return out;
        } catch (SQLException | RuntimeException e) {
            if (tx) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // broken: replaced below
                }
            }
            broken = !c.isValid(2);
            throw e;
        } finally {
            give(c, broken);
        }
    }

    private Connection take() throws SQLException {
        if (closed) {
            throw new SQLException("the submission store is closed");
        }
        try {
            Connection c = idle.poll(60, TimeUnit.SECONDS);
            if (c == null) {
                throw new SQLException("no free connection to the submission store in 60 s");
            }
            if (c.isClosed()) {
                forget(c);
                try {
                    return connect(); // its slot is taken over by the new one
                } catch (SQLException e) {
                    idle.add(c); // the slot stays: the next take() tries again
                    throw e;
                }
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", e);
        }
    }

    private void give(Connection c, boolean broken) {
        if (broken) {
            try {
                c.close(); // replaced at its next take()
            } catch (SQLException ignored) {
                // already gone
            }
        }
        if (closed) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        idle.add(c);
    }

    private void forget(Connection c) {
        synchronized (all) {
            all.remove(c);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
