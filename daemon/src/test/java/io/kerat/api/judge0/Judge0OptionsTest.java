package io.kerat.api.judge0;

import io.kerat.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Judge0OptionsTest {
    @Test
    void defaultsAreJudge0s() {
        Judge0Options o = Judge0Options.from(Map.of());
        assertFalse(o.enableSubmissionDelete());
        assertEquals(20, o.maxNumberOfRuns());
        assertEquals(o, Judge0Options.defaults());
    }

    @Test
    void valuesAreReadAndCheckedNamingTheKey() {
        Judge0Options o = Judge0Options.from(Map.of("KERAT_JUDGE0_ENABLE_SUBMISSION_DELETE", "true",
                "KERAT_JUDGE0_MAX_NUMBER_OF_RUNS", "100"));
        assertTrue(o.enableSubmissionDelete());
        assertEquals(100, o.maxNumberOfRuns());
        var e = assertThrows(ConfigException.class,
                () -> Judge0Options.from(Map.of("KERAT_JUDGE0_MAX_NUMBER_OF_RUNS", "101")));
        assertTrue(e.getMessage().startsWith("judge0.max_number_of_runs"), e.getMessage());
        assertThrows(ConfigException.class, () -> Judge0Options.from(Map.of("KERAT_JUDGE0_MAX_NUMBER_OF_RUNS", "0")));
        assertThrows(ConfigException.class, () -> Judge0Options.from(Map.of("KERAT_JUDGE0_ENABLE_SUBMISSION_DELETE", "yes")));
    }
}
