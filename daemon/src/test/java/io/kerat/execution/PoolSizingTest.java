package io.kerat.execution;

import io.kerat.config.PoolSettings;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The automatic pool sizes: from the cores, within min(pool_memory_bytes, MemTotal / 8), one per language per round. */
class PoolSizingTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final List<String> ALL = List.of("c", "cpp", "csharp", "go", "java", "node", "php", "python", "ruby");

    private static PoolSettings auto(Map<String, Integer> sizes, long budget) {
        return new PoolSettings(true, sizes, budget, 512 * MIB);
    }

    @Test
    void twoCoresNineLanguagesDefaultBudget() {
        PoolSizing.Choice c = PoolSizing.choose(auto(Map.of(), GIB), ALL, 2, 24 * GIB);
        // 1 GiB / 64 MiB = 16 sandboxes: each language one, then a second in preference order
        Map<String, Integer> want = new LinkedHashMap<>();
        for (String l : List.of("python", "node", "java", "c", "cpp", "go", "ruby")) {
            want.put(l, 2);
        }
        want.put("php", 1);
        want.put("csharp", 1);
        assertEquals(want, c.sizes());
        assertEquals(GIB, c.budgetBytes());
        assertTrue(c.describe().startsWith("auto, python 2, node 2, java 2"), c.describe());
    }

    @Test
    void aSmallHostIsCappedAtAnEighthOfItsMemory() {
        PoolSizing.Choice c = PoolSizing.choose(auto(Map.of(), GIB), ALL, 2, 2 * GIB);
        assertEquals(256 * MIB, c.budgetBytes());
        assertEquals(Map.of("python", 1, "node", 1, "java", 1, "c", 1), c.sizes());
    }

    @Test
    void manyCoresWantFourEach() {
        PoolSizing.Choice c = PoolSizing.choose(auto(Map.of(), 64 * GIB), List.of("python", "go"), 32, 256 * GIB);
        assertEquals(Map.of("python", 4, "go", 4), c.sizes());
        PoolSizing.Choice one = PoolSizing.choose(auto(Map.of(), 64 * GIB), List.of("python"), 1, 256 * GIB);
        assertEquals(Map.of("python", 1), one.sizes());
    }

    @Test
    void theAdminsSizesReplaceTheAutomaticOnesAndComeFirst() {
        PoolSizing.Choice c = PoolSizing.choose(auto(Map.of("ruby", 3, "python", 0), 6 * 64 * MIB), ALL, 2, 24 * GIB);
        // ruby's 3 are served round by round before the others' second sandboxes; python has none
        assertEquals(Map.of("ruby", 3, "node", 1, "java", 1, "c", 1), c.sizes());
        assertTrue(!c.sizes().containsKey("python"));
    }

    @Test
    void offLeavesOnlyTheAdminsSizes() {
        PoolSettings off = new PoolSettings(false, Map.of("node", 2), GIB, 0);
        assertEquals(Map.of("node", 2), PoolSizing.choose(off, ALL, 2, 24 * GIB).sizes());
        assertEquals(Map.of(), PoolSizing.choose(PoolSettings.off(), ALL, 2, 24 * GIB).sizes());
        assertEquals(Map.of(), PoolSizing.choose(auto(Map.of(), 0), ALL, 2, 24 * GIB).sizes());
    }

    @Test
    void unknownMemTotalDoesNotCap() {
        assertEquals(Map.of("python", 2), PoolSizing.choose(auto(Map.of(), GIB), List.of("python"), 2, 0).sizes());
    }

    @Test
    void compiledLanguagesGetACompileSandboxAfterTheFirstRound() {
        List<String> compiled = List.of("c", "cpp", "csharp", "go", "java");
        PoolSizing.Choice c = PoolSizing.choose(auto(Map.of(), GIB), ALL, compiled, 2, 24 * GIB);
        // 16 sandboxes: nine languages one each, then five compile pools, then second ones in preference order
        Map<String, Integer> want = new LinkedHashMap<>();
        for (String l : List.of("python", "node", "java", "c", "cpp", "go", "ruby", "php", "csharp")) {
            want.put(l, 1);
        }
        for (String l : List.of("java", "c", "cpp", "go", "csharp")) {
            want.put(l + ":compile", 1);
        }
        want.put("python", 2);
        want.put("node", 2);
        assertEquals(want, c.sizes());
        assertTrue(c.describe().contains("java:compile 1"), c.describe());
    }

    @Test
    void theAdminsCompiledLanguagesGetTheirCompileSandboxFirstAndNoneWithoutAPool() {
        PoolSizing.Choice c = PoolSizing.choose(auto(Map.of("cpp", 2, "go", 0), 5 * 64 * MIB), ALL,
                List.of("cpp", "go", "java"), 2, 24 * GIB);
        assertEquals(Map.of("cpp", 2, "cpp:compile", 1, "python", 1, "node", 1), c.sizes());
        PoolSettings off = new PoolSettings(false, Map.of("java", 1), GIB, 0);
        assertEquals(Map.of("java", 1, "java:compile", 1),
                PoolSizing.choose(off, ALL, List.of("java", "go"), 2, 24 * GIB).sizes());
        assertEquals(Map.of("java", 1), PoolSizing.choose(new PoolSettings(false, Map.of("java", 1), 64 * MIB, 0), ALL,
                List.of("java"), 2, 24 * GIB).sizes());
    }
}
