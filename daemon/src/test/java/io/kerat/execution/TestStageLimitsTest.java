package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.config.StageLimits;
import io.kerat.runner.RunnerDef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TestStageLimitsTest {
    private static RunnerDef runner(Map<String, Long> testDefaults) {
        return new RunnerDef("node", List.of(), "node", List.of(".js"), Map.of(), null,
                new RunnerDef.Command(List.of("node", "{entrypoint}"), Map.of()),
                new RunnerDef.TestCommand(null, List.of("sh", "t.sh"), Map.of(), List.of("jest"), testDefaults));
    }

    private static final StageLimits RUN = new StageLimits(Limits.runDefaults(), Limits.runMaximum());

    @Test
    void aRunnersTestDefaultsRaiseOnlyTestsMode() {
        RunnerDef r = runner(Map.of("cpu_time_ms", 15000L, "wall_time_ms", 30000L));
        StageLimits t = Executor.testStageLimits(r, Mode.TESTS, RUN);
        assertEquals(15000L, t.defaults().cpuTimeMs());
        assertEquals(30000L, t.defaults().wallTimeMs());
        assertEquals(Limits.runDefaults().memoryBytes(), t.defaults().memoryBytes());
        assertEquals(Limits.runMaximum(), t.maximum());
        assertSame(RUN, Executor.testStageLimits(r, Mode.RUN, RUN)); // no run.default_limits
        assertSame(RUN, Executor.testStageLimits(r, Mode.CASES, RUN));
        assertSame(RUN, Executor.testStageLimits(runner(Map.of()), Mode.TESTS, RUN));
    }

    @Test
    void aRunnersRunAndCompileDefaultsRaiseRunAndCasesModesAndTheBuild() {
        RunnerDef r = new RunnerDef("r", List.of(), "r", List.of(".R"), Map.of(),
                new RunnerDef.Command(List.of("cc"), Map.of(), Map.of("wall_time_ms", 60000L)),
                new RunnerDef.Command(List.of("Rscript", "{entrypoint}"), Map.of(), Map.of("cpu_time_ms", 10000L, "wall_time_ms", 1000L)),
                new RunnerDef.TestCommand(null, List.of("sh", "t.sh"), Map.of(), List.of(), Map.of("cpu_time_ms", 15000L)));
        for (Mode m : List.of(Mode.RUN, Mode.CASES)) {
            StageLimits s = Executor.testStageLimits(r, m, RUN);
            assertEquals(10000L, s.defaults().cpuTimeMs(), m.toString());
            // a runner only raises: 1 s of wall is below the default and leaves it
            assertEquals(Limits.runDefaults().wallTimeMs(), s.defaults().wallTimeMs(), m.toString());
        }
        assertEquals(15000L, Executor.testStageLimits(r, Mode.TESTS, RUN).defaults().cpuTimeMs());
        StageLimits compile = new StageLimits(Limits.runDefaults(), Limits.runMaximum());
        assertEquals(60000L, Executor.raised(r.compile().defaultLimits(), compile).defaults().wallTimeMs());
        assertSame(compile, Executor.raised(Map.of(), compile));
    }

    @Test
    void neverPastTheAdminsMaximum() {
        StageLimits tight = new StageLimits(Limits.runDefaults(), Limits.runMaximum().withCpuTimeMs(8000));
        StageLimits t = Executor.testStageLimits(runner(Map.of("cpu_time_ms", 15000L)), Mode.TESTS, tight);
        assertEquals(8000L, t.defaults().cpuTimeMs());
    }
}
