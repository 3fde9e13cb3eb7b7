package io.kerat.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
    /** Keys under KERAT_POOL_ that are settings, not a language's pool size. */
    private static final List<String> POOL_KEYS = List.of("KERAT_POOL_MEMORY_BYTES", "KERAT_POOL_MIN_AVAILABLE_BYTES",
            "KERAT_POOL_AUTO");

    public PoolSettings {
        sizes = Map.copyOf(sizes);
    }

    /** No pool at all (what tests use unless they turn one on). */
    public static PoolSettings off() {
        return new PoolSettings(false, Map.of(), DEFAULT_MEMORY_BYTES, DEFAULT_MIN_AVAILABLE_BYTES);
    }

    /** From {@code KERAT_POOL}, {@code KERAT_POOL_AUTO}, {@code KERAT_POOL_<ID>} and the memory keys. */
    static PoolSettings read(SettingsReader r, Map<String, String> env) {
        Map<String, Integer> sizes = new TreeMap<>();
        for (String key : env.keySet()) {
            if (key.startsWith("KERAT_POOL_") && !POOL_KEYS.contains(key)) {
                sizes.put(key.substring("KERAT_POOL_".length()).toLowerCase(Locale.ROOT),
                        (int) r.num(key, 0, 0, MAX_SIZE));
            }
        }
        // `pool: auto|off` (KERAT_POOL) or `pool.auto: true|false` (KERAT_POOL_AUTO, which wins)
        String key = env.containsKey("KERAT_POOL_AUTO") ? "KERAT_POOL_AUTO" : "KERAT_POOL";
        String v = r.str(key, "auto").trim().toLowerCase(Locale.ROOT);
        boolean auto = switch (v) {
            case "auto", "true", "yes", "on", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new ConfigException(ConfigFile.name(key) + ": must be auto or off, got '" + v + "'");
        };
        return new PoolSettings(auto, sizes,
                r.num("KERAT_POOL_MEMORY_BYTES", DEFAULT_MEMORY_BYTES, 0, 1L << 44),
                r.num("KERAT_POOL_MIN_AVAILABLE_BYTES", DEFAULT_MIN_AVAILABLE_BYTES, 0, 1L << 44));
    }
}
