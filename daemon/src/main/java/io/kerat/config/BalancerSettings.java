package io.kerat.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the daemon works with a load balancer in front of several hosts (kerat.yaml {@code agent_listen},
 * {@code drain_grace_ms}; env {@code KERAT_AGENT_LISTEN}, {@code KERAT_DRAIN_GRACE_MS}). Read beside
 * {@link Settings}, as the Judge0 dialect's options are, so that the settings record keeps its shape.
 *
 * @param agentListen  HOST:PORT of HAProxy's agent-check listener, or "" for none (the default)
 * @param drainGraceMs after SIGTERM, how long the daemon keeps accepting new requests while its agent answers
 *                     {@code drain} and {@code /api/v1/health} answers 503 {@code draining}, so that the balancer
 *                     notices before the listeners close; then the usual stop ({@code shutdown_grace_ms}) follows.
 *                     Default {@value #DEFAULT_DRAIN_GRACE_MS} ms (two of HAProxy's default check intervals) when
 *                     the agent is on, else 0
 */
public record BalancerSettings(String agentListen, long drainGraceMs) {
    public static final long DEFAULT_DRAIN_GRACE_MS = 4_000;
    public static final BalancerSettings NONE = new BalancerSettings("", 0);

    /** Whether the agent-check listener is on. */
    public boolean agentOn() {
        return !agentListen.isEmpty();
    }

    /** The agent's host (brackets of an IPv6 literal removed). */
    public String agentHost() {
        return agentListen.substring(0, agentListen.lastIndexOf(':')).replace("[", "").replace("]", "");
    }

    public int agentPort() {
        return Integer.parseInt(agentListen.substring(agentListen.lastIndexOf(':') + 1));
    }

    /** From the environment and the config file ({@code KERAT_CONFIG}, default /etc/kerat/kerat.yaml), the environment winning. */
    public static BalancerSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        java.nio.file.Path file = java.nio.file.Path.of(env.getOrDefault("KERAT_CONFIG", Settings.DEFAULT_CONFIG.toString()));
        Map<String, String> merged = new LinkedHashMap<>();
        if (java.nio.file.Files.isRegularFile(file)) {
            merged.putAll(ConfigFile.load(file));
        }
        merged.putAll(env);
        return from(merged);
    }

    /** From a flat map of {@code KERAT_*} keys; a bad value is a ConfigException naming the key. */
    public static BalancerSettings from(Map<String, String> env) {
        String listen = env.getOrDefault("KERAT_AGENT_LISTEN", "").trim();
        if (!listen.isEmpty()) {
            int colon = listen.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(listen.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65535) {
                throw new ConfigException(ConfigFile.name("KERAT_AGENT_LISTEN") + ": must be HOST:PORT (port 1-65535), "
                        + "e.g. 0.0.0.0:31416, or \"\" for none; got '" + listen + "'");
            }
        }
        String grace = env.get("KERAT_DRAIN_GRACE_MS");
        long ms = listen.isEmpty() ? 0 : DEFAULT_DRAIN_GRACE_MS;
        if (grace != null && !grace.isBlank()) {
            try {
                ms = Long.parseLong(grace.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                ms = -1;
            }
            if (ms < 0 || ms > 600_000) {
                throw new ConfigException(ConfigFile.name("KERAT_DRAIN_GRACE_MS") + ": must be an integer between 0 and "
                        + "600000, got '" + grace + "'");
            }
        }
        return new BalancerSettings(listen, ms);
    }
}
