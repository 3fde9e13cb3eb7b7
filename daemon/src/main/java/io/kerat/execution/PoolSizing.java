package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.config.PoolSettings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many pre-started sandboxes each language's pool keeps. Pure.
 *
 * <p>The rule ({@code pool: auto}, the default): every installed language wants {@code min(4, max(1, cores))}
 * sandboxes (a request runs at most one stage at a time and {@code concurrency} defaults to the cores, so that many
 * warm ones serve a burst of one language). Each idle sandbox is counted at {@link WarmPool#IDLE_ESTIMATE_BYTES}
 * against a budget of {@code min(pool_memory_bytes, MemTotal / 8)}; when the wishes do not all fit, sandboxes are
 * given out one per language per round (in {@link #PREFERENCE} order, then alphabetically) until the budget is
 * spent, so every language gets one before any gets a second. An admin's {@code pool.<id>: N} replaces that
 * language's automatic size (0: none) and is served first, in full; {@code pool: off} leaves only the admin's sizes.
 */
final class PoolSizing {
    /** The most used languages first: when the budget runs short, they keep their warm sandboxes. */
    static final List<String> PREFERENCE = List.of("python", "node", "java", "c", "cpp", "go", "ruby", "php", "csharp");
    /** The largest automatic size of one language's pool. */
    static final int MAX_AUTO = 4;

    private PoolSizing() {}

    /** The sizes chosen and why, for the start-up line. */
    record Choice(Map<String, Integer> sizes, long budgetBytes, String describe) {
    }

    /**
     * @param installed languages whose default image is present
     * @param cores     the host's cores
     * @param memTotal  the host's MemTotal in bytes (0: unknown, no cap)
     */
    static Choice choose(PoolSettings s, Collection<String> installed, int cores, long memTotal) {
        long budget = s.memoryBytes();
        if (memTotal > 0) {
            budget = Math.min(budget, memTotal / 8);
        }
        int autoWish = Math.min(MAX_AUTO, Math.max(1, cores));
        List<String> order = new ArrayList<>();
        for (String l : PREFERENCE) {
            if (installed.contains(l)) {
                order.add(l);
            }
        }
        installed.stream().filter(l -> !order.contains(l)).sorted().forEach(order::add);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        long slots = budget / WarmPool.IDLE_ESTIMATE_BYTES;
        // the admin's sizes first, in full (also for a language not installed yet: the pool skips it until it is)
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(s.sizes()).entrySet()) {
            int n = (int) Math.min(e.getValue(), slots);
            if (n > 0) {
                sizes.put(e.getKey(), n);
                slots -= n;
            }
        }
        if (s.auto()) {
            order.removeIf(s.sizes()::containsKey);
            boolean more = true;
            while (slots > 0 && more) {
                more = false;
                for (String l : order) {
                    int have = sizes.getOrDefault(l, 0);
                    if (slots > 0 && have < autoWish) {
                        sizes.put(l, have + 1);
                        slots--;
                        more = true;
                    }
                }
            }
        }
        StringBuilder d = new StringBuilder(s.auto() ? "auto" : "admin's sizes only");
        d.append(sizes.isEmpty() ? ", none" : ", " + sizes.toString().replace("{", "").replace("}", "").replace("=", " "));
        d.append(" (").append(cores).append(" cores: up to ").append(autoWish).append(" per language; budget ")
                .append(budget / Limits.MIB).append(" MiB = min(pool_memory_bytes, MemTotal/8) at ")
                .append(WarmPool.IDLE_ESTIMATE_BYTES / Limits.MIB).append(" MiB per idle sandbox; paused below ")
                .append(s.minAvailableBytes() / Limits.MIB).append(" MiB MemAvailable)");
        return new Choice(sizes, budget, d.toString());
    }
}
