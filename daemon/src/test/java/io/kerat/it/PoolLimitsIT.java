package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a pooled sandbox is started with its language's maximum limits and gets the request's own at hand-over
 * (cgroup memory, swap and pids on the host, rlimits lowered by the hand-over script, output caps and CPU/wall by the
 * daemon). Each program below runs cold first (pool off), then from the pool: it must be handed out (the counter
 * grows by one) and end with the same verdict, exit code, signal and output as cold, and the verdict expected.
 */
class PoolLimitsIT {
    /** name -> program, limits, expected status. */
    private static final Map<String, Object[]> CASES = new LinkedHashMap<>();

    static {
        CASES.put("memory balloon, 64 MiB", new Object[]{String.join("\n",
                "chunks = []",
                "while True:",
                "    chunks.append(bytearray(8 << 20))"),
                Map.of("memory_bytes", 64L << 20, "wall_time_ms", 20000), "memory_limit"});
        CASES.put("40 MiB within 128 MiB", new Object[]{String.join("\n",
                "b = bytearray(40 << 20)",
                "print(len(b))"),
                Map.of("memory_bytes", 128L << 20), "ok"});
        // a writer that never ends by itself: killed at the cap in both paths (a program that wrote 5000 bytes at
        // once could end before the daemon saw the cap passed and keep exit 0, as CI saw cold against 137 warm)
        CASES.put("output over 1000 bytes", new Object[]{"while True:\n    print('x' * 1000)",
                Map.of("output_bytes", 1000L), "output_limit"});
        CASES.put("file over 1 MiB", new Object[]{String.join("\n",
                "f = open('big', 'wb')",
                "for i in range(4):",
                "    f.write(b'x' * (512 << 10))",
                "    f.flush()",
                "print('wrote 2 MiB')"),
                Map.of("file_size_bytes", 1L << 20), "runtime_error"});
        CASES.put("fork bomb, 8 processes", new Object[]{String.join("\n",
                "import os, time",
                "n = 0",
                "try:",
                "    while n < 100:",
                "        if os.fork() == 0:",
                "            time.sleep(30)",
                "            os._exit(0)",
                "        n += 1",
                "except OSError as e:",
                "    print('stopped after', n, 'forks, errno', e.errno)"),
                Map.of("processes", 8L, "wall_time_ms", 10000), "ok"});
        CASES.put("busy loop, 500 ms of CPU", new Object[]{"while True:\n    pass",
                Map.of("cpu_time_ms", 500L, "wall_time_ms", 20000), "time_limit"});
        CASES.put("open files, 16", new Object[]{String.join("\n",
                "fs = []",
                "try:",
                "    while len(fs) < 1000:",
                "        fs.append(open('/dev/null'))",
                "except OSError as e:",
                "    print('stopped at', len(fs), 'errno', e.errno)"),
                Map.of(), "ok"});
    }

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void requestLimitsAreAppliedAtHandOverWithTheColdVerdicts() throws Exception {
        Kerat k = ItSupport.daemon();
        k.executor().configurePool(Map.of("python", 0), 1L << 30);
        List<JsonNode> cold = new ArrayList<>();
        for (Map.Entry<String, Object[]> c : CASES.entrySet()) {
            cold.add(runCase(c.getValue()));
        }
        long before = ItSupport.enablePool("python", 2);
        try {
            int i = 0;
            for (Map.Entry<String, Object[]> c : CASES.entrySet()) {
                awaitIdle(k, 2);
                long handOuts = k.executor().poolHandOuts();
                JsonNode warm = runCase(c.getValue());
                String what = c.getKey() + ": warm " + warm + "\ncold " + cold.get(i);
                assertEquals(handOuts + 1, k.executor().poolHandOuts(), "not served by the pool: " + what);
                JsonNode w = warm.path("run");
                JsonNode o = cold.get(i).path("run");
                assertEquals(c.getValue()[2], warm.path("status").asText(), what);
                assertEquals(o.path("status").asText(), w.path("status").asText(), what);
                if (!"memory_limit".equals(c.getValue()[2])) {
                    // Over a memory limit the exit status depends on which of the sandbox cgroup's processes the
                    // kernel's OOM killer hits first (CI once saw 137, SIGKILL, cold against 1 without a signal
                    // warm, where the limit was lowered at hand-over); the verdict comes from the cgroup's OOM
                    // counter either way and is compared above.
                    assertEquals(o.path("exit_code").asText(), w.path("exit_code").asText(), what);
                    assertEquals(o.path("signal").asText(), w.path("signal").asText(), what);
                }
                assertEquals(o.path("stdout").asText(), w.path("stdout").asText(), what);
                assertEquals(o.path("stdout_truncated").asBoolean(), w.path("stdout_truncated").asBoolean(), what);
                i++;
            }
            // gVisor's own /tmp cannot be resized from outside, the guest's MemTotal is fixed at start: another disk
            // size or more memory than the default start cold
            for (Map<String, Object> limits : List.<Map<String, Object>>of(Map.of("disk_bytes", 32L << 20),
                    Map.of("memory_bytes", 512L << 20))) {
                awaitIdle(k, 2);
                long handOuts = k.executor().poolHandOuts();
                JsonNode b = runCase(new Object[]{"print('hi')", limits, "ok"});
                assertEquals("ok", b.path("status").asText(), b::toString);
                assertEquals(handOuts, k.executor().poolHandOuts(), "served warm: " + limits);
            }
        } finally {
            ItSupport.disablePool("python", before, 0); // the hand-outs are checked one by one above
        }
    }

    @SuppressWarnings("unchecked")
    private static JsonNode runCase(Object[] c) throws Exception {
        Map<String, Object> req = run("python", "main.py", "main.py", (String) c[0]);
        req.put("limits", c[1]);
        return ok(req);
    }

    /**
     * Waits (at most a minute) until the pool has {@code n} idle sandboxes again after a hand-out, all of them frozen
     * (so each warm case above runs in a sandbox that was frozen, then thawed at hand-over).
     */
    static void awaitIdle(Kerat k, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while ((k.executor().poolIdleIds().size() < n || k.executor().poolFrozen() < n) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(k.executor().poolIdleIds().size() >= n, "the pool did not refill");
        assertTrue(k.executor().poolFrozen() >= n, "idle sandboxes not frozen: " + k.executor().poolFrozen());
    }

    /**
     * An idle pooled sandbox is frozen once its init is up: on systrap an unfrozen idle sandbox spins about 45 ms of
     * CPU per second (runsc 20240729), a frozen one none; it is thawed at hand-over and runs as any other.
     */
    @Test
    void idleSandboxesAreFrozenAndCostNoCpu() throws Exception {
        Kerat k = ItSupport.daemon();
        long before = ItSupport.enablePool("python", 2);
        try {
            awaitIdle(k, 2);
            List<String> ids = k.executor().poolIdleIds();
            Map<String, Long> cpu = new LinkedHashMap<>();
            for (String id : ids) {
                cpu.put(id, k.cgroups().cpuNanos(id));
            }
            Thread.sleep(2000);
            for (String id : ids) {
                long used = k.cgroups().cpuNanos(id) - cpu.get(id);
                assertTrue(used < 5_000_000L, "idle frozen sandbox " + id + " used " + used / 1000 + " us of CPU in 2 s");
            }
            assertEquals(ids, k.executor().poolIdleIds(), "the idle sandboxes changed meanwhile");
            long handOuts = k.executor().poolHandOuts();
            JsonNode r = runCase(new Object[]{"import sys\nprint(sys.stdin.read().upper())", Map.of(), "ok"});
            assertEquals(handOuts + 1, k.executor().poolHandOuts(), r::toString);
            assertEquals("ok", r.path("status").asText(), r::toString);
        } finally {
            ItSupport.disablePool("python", before, 1);
        }
    }
}
