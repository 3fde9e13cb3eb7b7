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
 * Each language with a compile step and a pool also keeps one sandbox for its compile stages: the admin's languages
 * right after their sizes, the others after the first round (before any language's second sandbox).
 */
final class PoolSizing {
    /** The most used languages first: when the budget runs short, they keep their warm sandboxes. */
    static final List<String> PREFERENCE = List.of("python", "node", "java", "c", "cpp", "go", "ruby", "php", "csharp");
    /** The largest automatic size of one language's pool. */
    static final int MAX_AUTO = 4;

    private PoolSizing() {}

    /** One compile sandbox for each of {@code languages} that has a compile step and a pool, while slots last. */
    private static long addCompilePools(Map<String, Integer> sizes, List<String> languages,
                                        Collection<String> compiled, long slots) {
        for (String l : languages) {
            if (slots > 0 && compiled.contains(l) && sizes.getOrDefault(l, 0) > 0) {
                sizes.put(SandboxPool.compileKey(l), 1);
                slots--;
            }
        }
        return slots;
    }

    /** The sizes chosen and why, for the start-up line. */
    record Choice(Map<String, Integer> sizes, long budgetBytes, String describe) {
    }

    /**
     * @param installed languages whose default image is present
     * @param cores     the host's cores
     * @param memTotal  the host's MemTotal in bytes (0: unknown, no cap)
     */
    static Choice choose(PoolSettings s, Collection<String> installed, int cores, long memTotal) {
        return choose(s, installed, List.of(), cores, memTotal);
    }

    /**
     * As above, and every language of {@code compiled} (those with a compile step) that gets a sandbox also keeps
     * one for its compile stages ({@link SandboxPool#compileKey}), while the budget lasts.
     */
    static Choice choose(PoolSettings s, Collection<String> installed, Collection<String> compiled, int cores,
                         long memTotal) {
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
        // a compile pool of one for each language the admin sized
        slots = addCompilePools(sizes, List.copyOf(sizes.keySet()), compiled, slots);
        if (s.auto()) {
            order.removeIf(s.sizes()::containsKey);
            boolean more = true;
            boolean compilePools = false;
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
                if (!compilePools) {
                    // after every language's first sandbox, before any second one: a compile stage warm saves a
                    // sandbox start on every request of a compiled language, a second one only under concurrency
                    compilePools = true;
                    slots = addCompilePools(sizes, order, compiled, slots);
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
