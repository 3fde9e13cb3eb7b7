package io.kerat.execution;

import io.kerat.oci.SpecBuilder;
import io.kerat.runner.RunnerDef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolInitTest {
    private static final List<String> RUN = List.of("python3", "{entrypoint}");
    private static final List<String> BOOT = List.of("python3", "/kerat/runner/prestart/boot.py");

    private static RunnerDef python(List<String> prestart) {
        return new RunnerDef("python", List.of(), "python", List.of(".py"), Map.of("PYTHONUNBUFFERED", "1"), null,
                new RunnerDef.Command(RUN, Map.of()),
                new RunnerDef.TestCommand(null, List.of("python3", "/kerat/runner/harness.py"), Map.of()), List.of(),
                prestart);
    }

    /** The environment a run stage gets: the prestarted one plus the per-request KERAT_* variables. */
    private static Map<String, String> stageEnv() {
        Map<String, String> env = new TreeMap<>(SpecBuilder.baseEnv());
        env.put("PYTHONUNBUFFERED", "1");
        env.put("KERAT_ENTRYPOINT", "main.py");
        env.put("KERAT_SOURCE_FILES", "main.py");
        return env;
    }

    @Test
    void aRunnerWithoutPrestartOrWithItTurnedOffGetsTheShell() {
        assertSame(SandboxPool.WAITER, PoolInit.of(python(null), true).argv());
        assertSame(SandboxPool.WAITER, PoolInit.of(python(BOOT), false).argv());
        assertEquals(SpecBuilder.baseEnv(), PoolInit.of(python(BOOT), false).env());
        assertFalse(PoolInit.of(python(BOOT), false).inProcess(RUN, List.of("python3", "main.py"), stageEnv()));
    }

    @Test
    void theInterpreterStartsWithTheRunEnvironmentWithoutPerRequestVariables() {
        PoolInit init = PoolInit.of(python(BOOT), true);
        assertTrue(init.interpreter());
        assertEquals(BOOT, init.argv());
        Map<String, String> expected = new TreeMap<>(SpecBuilder.baseEnv());
        expected.put("PYTHONUNBUFFERED", "1");
        assertEquals(expected, init.env());
    }

    @Test
    void onlyTheRunCommandWithTheSameStartUpEnvironmentRunsInProcess() {
        PoolInit init = PoolInit.of(python(BOOT), true);
        assertTrue(init.inProcess(RUN, List.of("python3", "main.py", "a", "-x"), stageEnv()));
        // tests mode, another command, an entry point a shell would take for an option
        assertFalse(init.inProcess(List.of("python3", "/kerat/runner/harness.py"),
                List.of("python3", "/kerat/runner/harness.py"), stageEnv()));
        assertFalse(init.inProcess(List.of("python3", "-c", "{entrypoint}"), List.of("python3", "-c", "x"), stageEnv()));
        assertFalse(init.inProcess(RUN, List.of("python3", "-main.py"), stageEnv()));
        assertFalse(init.inProcess(RUN, List.of("python3"), stageEnv()));
        // anything read at interpreter start-up that differs: exec of the cold command
        for (String[] kv : new String[][]{{"PYTHONUNBUFFERED", "0"}, {"LANG", "de_DE.UTF-8"}, {"LC_ALL", "C"},
                {"PYTHONPATH", "/x"}, {"HOME", "/root"}}) {
            Map<String, String> env = stageEnv();
            env.put(kv[0], kv[1]);
            assertFalse(init.inProcess(RUN, List.of("python3", "main.py"), env), kv[0]);
        }
        Map<String, String> fewer = stageEnv();
        fewer.remove("PYTHONUNBUFFERED");
        assertFalse(init.inProcess(RUN, List.of("python3", "main.py"), fewer));
        Map<String, String> more = stageEnv();
        more.put("KERAT_TEST_FILES", "t.py");
        assertTrue(init.inProcess(RUN, List.of("python3", "main.py"), more), "per-request variables are set in-process");
    }

    @Test
    void theControlFileIsNulSeparatedWithTheEnvironmentSorted() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PATH", "/bin");
        env.put("A", "x=y");
        byte[] b = PoolInit.control("run", "/workspace", "64 256 1024", List.of("python3", "main.py", "b c", "ü"), env);
        assertEquals("run\0/workspace\0" + "64 256 1024\0" + "4\0python3\0main.py\0b c\0ü\0A=x=y\0PATH=/bin\0",
                new String(b, StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class,
                () -> PoolInit.control("run", "/workspace", "64 256 1024", List.of("python3", "a\0b"), env));
    }

    /** A compiled language's runtime started ahead (Java's JVM): its run script is the command it runs in-process. */
    @Test
    void aCompiledLanguagesRunScriptRunsInProcess() {
        List<String> run = List.of("/bin/sh", "/kerat/runner/run.sh");
        RunnerDef java = new RunnerDef("java", List.of(), "java", List.of(".java"), Map.of(),
                new RunnerDef.Command(List.of("/bin/sh", "/kerat/runner/compile.sh"), Map.of()),
                new RunnerDef.Command(run, Map.of()),
                new RunnerDef.TestCommand(null, List.of("/bin/sh", "/kerat/runner/test-run.sh"), Map.of()), List.of(),
                List.of("/bin/sh", "/kerat/runner/prestart.sh"));
        PoolInit init = PoolInit.of(java, true);
        Map<String, String> env = new TreeMap<>(SpecBuilder.baseEnv());
        env.put("KERAT_ENTRYPOINT", "Main.java");
        assertTrue(init.interpreter());
        assertTrue(init.inProcess(run, List.of("/bin/sh", "/kerat/runner/run.sh", "a", "-b"), env));
        assertFalse(init.inProcess(List.of("/bin/sh", "/kerat/runner/test-run.sh"),
                List.of("/bin/sh", "/kerat/runner/test-run.sh"), env));
    }
}
