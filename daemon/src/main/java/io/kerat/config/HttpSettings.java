package io.kerat.config;

/**
 * The HTTP front door's limits (kerat.yaml {@code http.*}, env {@code KERAT_HTTP_*}).
 *
 * @param maxInflightBytes  body bytes of all requests being received or answered at once, over every listener;
 *                          past it a new request gets 503 {@code busy} before its body is read
 * @param requestTimeoutMs  a request must arrive completely within this long of its first byte, or 408
 * @param idleTimeoutMs     a connection with no request in progress (also one that never sends a byte) is closed
 * @param responseTimeoutMs a response not delivered (read by the client) within this long closes the connection
 * @param maxConnections    open connections per listener; more are closed at once
 * @param requireToken      the TCP listener asks for the token even on loopback
 */
public record HttpSettings(long maxInflightBytes, long requestTimeoutMs, long idleTimeoutMs, long responseTimeoutMs,
                           int maxConnections, boolean requireToken) {
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 60_000;
    public static final long DEFAULT_RESPONSE_TIMEOUT_MS = 60_000;
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    /** The default budget: a quarter of the heap, and never less than one request of the largest size. */
    public static long defaultInflightBytes(long maxRequestBytes) {
        return Math.max(Runtime.getRuntime().maxMemory() / 4, maxRequestBytes);
    }

    /** The defaults (as when nothing is configured), for a daemon whose body cap is {@code maxRequestBytes}. */
    public static HttpSettings defaults(long maxRequestBytes) {
        return new HttpSettings(defaultInflightBytes(maxRequestBytes), DEFAULT_REQUEST_TIMEOUT_MS,
                DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RESPONSE_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, false);
    }

    /** From {@code KERAT_HTTP_*} and {@code KERAT_REQUIRE_TOKEN}; the in-flight budget must fit a request of {@code maxRequestBytes}. */
    static HttpSettings read(SettingsReader r, long maxRequestBytes) {
        long inflight = r.num("KERAT_HTTP_MAX_INFLIGHT_BYTES", defaultInflightBytes(maxRequestBytes),
                Limits.MIB, 1L << 40);
        if (inflight < maxRequestBytes) {
            throw new ConfigException(ConfigFile.name("KERAT_HTTP_MAX_INFLIGHT_BYTES") + ": must be at least "
                    + ConfigFile.name("KERAT_MAX_REQUEST_BYTES") + " (" + maxRequestBytes + "), got " + inflight
                    + "; otherwise a request of the allowed size could never be received");
        }
        boolean requireToken = r.bool("KERAT_REQUIRE_TOKEN", false); // serve checks that a token is given
        return new HttpSettings(inflight,
                r.num("KERAT_HTTP_REQUEST_TIMEOUT_MS", DEFAULT_REQUEST_TIMEOUT_MS, 100, 3_600_000),
                r.num("KERAT_HTTP_IDLE_TIMEOUT_MS", DEFAULT_IDLE_TIMEOUT_MS, 100, 86_400_000),
                r.num("KERAT_HTTP_RESPONSE_TIMEOUT_MS", DEFAULT_RESPONSE_TIMEOUT_MS, 100, 3_600_000),
                (int) r.num("KERAT_HTTP_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
                requireToken);
    }
}
