package io.kerat.config;

import java.util.List;

/**
 * Stored asynchronous submissions and their callbacks (kerat.yaml {@code submissions.*} and {@code callbacks.*},
 * env {@code KERAT_SUBMISSIONS_*} and {@code KERAT_CALLBACK_*}).
 *
 * @param maxQueued         submissions accepted and not yet finished (queued or running); more are refused (503)
 * @param maxRows           submissions kept in the store, finished ones included; the oldest finished are deleted
 *                          first to make room, and when only unfinished ones are left a new one is refused (503)
 * @param maxBytes          bytes of stored requests and results together, bounded the same way
 * @param retentionMs       how long a finished submission is kept (a periodic sweep deletes older ones)
 * @param callbackAttempts  deliveries tried per callback (connection errors and 5xx are retried), at least 1
 * @param callbackBackoffMs delay before the second attempt; doubled for each further one (at most 5 minutes)
 * @param callbackTimeoutMs connect timeout and answer timeout of one delivery attempt
 * @param callbackAllow     hosts and networks callbacks may go to: CIDRs ({@code 10.0.0.0/8}, {@code ::1}) and
 *                          host names ({@code grader.example}, or {@code .example.org} for a domain and its subdomains)
 * @param store             where submissions are kept (kerat.yaml {@code store}, env {@code KERAT_STORE}): null or
 *                          {@code sqlite} for the embedded SQLite file, or a PostgreSQL URL shared by several hosts
 *                          ({@code postgresql://user:pass@host:port/db}; the password may come from
 *                          {@code KERAT_STORE_PASSWORD} instead: {@link #storePassword})
 * @param storePassword     env {@code KERAT_STORE_PASSWORD}, or null
 * @param leaseMs           PostgreSQL: how long a host's claim on a running submission (or a pending callback) lasts
 *                          without renewal; after it another host takes the work over
 * @param leaseRenewMs      PostgreSQL: how often a host renews its leases (at most half the lease)
 */
public record SubmissionSettings(int maxQueued, long maxRows, long maxBytes, long retentionMs, int callbackAttempts,
                                 long callbackBackoffMs, long callbackTimeoutMs, List<String> callbackAllow,
                                 String store, String storePassword, long leaseMs, long leaseRenewMs) {
    public static final int DEFAULT_MAX_QUEUED = 1_000;
    public static final long DEFAULT_MAX_ROWS = 100_000;
    public static final long DEFAULT_MAX_BYTES = 1024 * Limits.MIB;
    public static final long DEFAULT_RETENTION_MS = 24 * 3_600_000L;
    public static final int DEFAULT_CALLBACK_ATTEMPTS = 5;
    public static final long DEFAULT_CALLBACK_BACKOFF_MS = 1_000;
    public static final long DEFAULT_CALLBACK_TIMEOUT_MS = 5_000;
    public static final List<String> DEFAULT_CALLBACK_ALLOW = List.of("127.0.0.0/8", "::1", "localhost");
    public static final long DEFAULT_LEASE_MS = 30_000;
    public static final long DEFAULT_LEASE_RENEW_MS = 10_000;

    public SubmissionSettings {
        callbackAllow = List.copyOf(callbackAllow);
    }

    public static SubmissionSettings defaults() {
        return new SubmissionSettings(DEFAULT_MAX_QUEUED, DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, DEFAULT_RETENTION_MS,
                DEFAULT_CALLBACK_ATTEMPTS, DEFAULT_CALLBACK_BACKOFF_MS, DEFAULT_CALLBACK_TIMEOUT_MS,
                DEFAULT_CALLBACK_ALLOW, null, null, DEFAULT_LEASE_MS, DEFAULT_LEASE_RENEW_MS);
    }

    /** A copy with another store (tests). */
    public SubmissionSettings withStore(String store) {
        return new SubmissionSettings(maxQueued, maxRows, maxBytes, retentionMs, callbackAttempts, callbackBackoffMs,
                callbackTimeoutMs, callbackAllow, store, storePassword, leaseMs, leaseRenewMs);
    }

    /** The password must never reach a log: the record's own toString would print it. */
    @Override
    public String toString() {
        return "SubmissionSettings[maxQueued=" + maxQueued + ", maxRows=" + maxRows + ", maxBytes=" + maxBytes
                + ", retentionMs=" + retentionMs + ", callbacks=" + callbackAttempts + "x/" + callbackBackoffMs + "ms/"
                + callbackTimeoutMs + "ms " + callbackAllow + ", store=" + (store == null ? "sqlite"
                : io.kerat.submissions.PostgresUrl.isPostgres(store) ? io.kerat.submissions.PostgresUrl.parse(store, null)
                : store) + ", leaseMs=" + leaseMs + "/" + leaseRenewMs + "]";
    }

    /** From {@code KERAT_SUBMISSIONS_*}, {@code KERAT_CALLBACK_*} and {@code KERAT_STORE*}. */
    static SubmissionSettings read(SettingsReader r) {
        String allow = r.str("KERAT_CALLBACK_ALLOW", String.join(",", DEFAULT_CALLBACK_ALLOW));
        List<String> entries = new java.util.ArrayList<>();
        for (String e : allow.split(",")) {
            if (!e.isBlank()) {
                entries.add(e.trim());
            }
        }
        try {
            io.kerat.submissions.CallbackAllowlist.parse(entries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigFile.name("KERAT_CALLBACK_ALLOW") + ": " + e.getMessage());
        }
        // the store (issue 16): embedded SQLite, or PostgreSQL shared by several hosts
        String store = r.str("KERAT_STORE", "sqlite").trim();
        if (store.isEmpty() || store.equalsIgnoreCase("sqlite")) {
            store = null;
        } else if (!io.kerat.submissions.PostgresUrl.isPostgres(store)) {
            throw new ConfigException(ConfigFile.name("KERAT_STORE") + ": sqlite (the default) or a PostgreSQL URL"
                    + " (postgresql://user:password@host:port/database), not " + store.replaceAll(":[^:@/]*@", ":***@"));
        } else {
            try {
                io.kerat.submissions.PostgresUrl.parse(store, null);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ConfigFile.name("KERAT_STORE") + ": " + e.getMessage());
            }
        }
        long leaseMs = r.num("KERAT_STORE_LEASE_MS", DEFAULT_LEASE_MS, 1_000, 3_600_000);
        long renewMs = r.num("KERAT_STORE_RENEW_MS", Math.min(DEFAULT_LEASE_RENEW_MS, leaseMs / 3),
                100, 3_600_000);
        if (renewMs * 2 > leaseMs) {
            throw new ConfigException(ConfigFile.name("KERAT_STORE_RENEW_MS") + ": " + renewMs + " ms is more than half of "
                    + ConfigFile.name("KERAT_STORE_LEASE_MS") + " (" + leaseMs + " ms): a lease would expire between renewals");
        }
        return new SubmissionSettings(
                (int) r.num("KERAT_SUBMISSIONS_MAX_QUEUED", DEFAULT_MAX_QUEUED, 1, 10_000_000),
                r.num("KERAT_SUBMISSIONS_MAX_ROWS", DEFAULT_MAX_ROWS, 1, 1L << 40),
                r.num("KERAT_SUBMISSIONS_MAX_BYTES", DEFAULT_MAX_BYTES, Limits.MIB, 1L << 44),
                r.num("KERAT_SUBMISSIONS_RETENTION_MS", DEFAULT_RETENTION_MS, 1_000, 366 * 86_400_000L),
                (int) r.num("KERAT_CALLBACK_ATTEMPTS", DEFAULT_CALLBACK_ATTEMPTS, 1, 20),
                r.num("KERAT_CALLBACK_BACKOFF_MS", DEFAULT_CALLBACK_BACKOFF_MS, 10, 3_600_000),
                r.num("KERAT_CALLBACK_TIMEOUT_MS", DEFAULT_CALLBACK_TIMEOUT_MS, 100, 120_000),
                entries, store, r.str("KERAT_STORE_PASSWORD", null), leaseMs, renewMs);
    }
}
