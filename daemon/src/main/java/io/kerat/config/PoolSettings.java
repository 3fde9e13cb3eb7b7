package io.kerat.config;

import java.util.Map;

/**
 * The warm pool of pre-started sandboxes.
 *
 * @param auto               every installed language gets a pool sized from the host (kerat.yaml {@code pool: auto},
 *                           the default; {@code pool: off} or {@code pool.auto: false} turns that off)
 * @param sizes              the admin's own size per language ({@code pool.<id>}), which replaces the automatic one
 *                           (0: no pool for that language)
 * @param memoryBytes        budget of all idle pooled sandboxes ({@code pool_memory_bytes}; 64 MiB counted each),
 *                           further capped at an eighth of the host's MemTotal when sizes are chosen
 * @param minAvailableBytes  below this much MemAvailable on the host the pool neither refills nor keeps idle
 *                           sandboxes ({@code pool_min_available_bytes}); requests are then served cold
 */
public record PoolSettings(boolean auto, Map<String, Integer> sizes, long memoryBytes, long minAvailableBytes) {
    public static final long DEFAULT_MEMORY_BYTES = 1024 * Limits.MIB;
    public static final long DEFAULT_MIN_AVAILABLE_BYTES = 512 * Limits.MIB;
    /** The largest size the admin may give one language. */
    public static final int MAX_SIZE = 64;

    public PoolSettings {
        sizes = Map.copyOf(sizes);
    }

    /** No pool at all (what tests use unless they turn one on). */
    public static PoolSettings off() {
        return new PoolSettings(false, Map.of(), DEFAULT_MEMORY_BYTES, DEFAULT_MIN_AVAILABLE_BYTES);
    }
}
