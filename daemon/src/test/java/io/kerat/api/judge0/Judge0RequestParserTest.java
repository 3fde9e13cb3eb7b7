package io.kerat.api.judge0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Judge0RequestParserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Judge0RequestParser P = new Judge0RequestParser(
            Settings.fromEnvironment(Map.of("KERAT_HOME", "/nonexistent-kerat-home")),
            Judge0LanguagesTest.table(), 20);

    static JsonNode body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return JSON.valueToTree(m);
    }

    static Map<String, List<String>> errors(JsonNode body, boolean base64) {
        return assertThrows(Judge0ValidationException.class, () -> P.parse(body, base64)).errors();
    }

    @Test
    void absentLimitsTakeKeratsDefaultsInJudge0Units() throws Exception {
        Judge0Submission s = P.parse(body("source_code", "print(1)", "language_id", 71, "unknown_key", 1), false);
        assertEquals("python", s.language());
        assertEquals("3.13.5", s.version());
        assertEquals(3.0, s.cpuTimeLimit());
        assertEquals(5.0, s.wallTimeLimit());
        assertEquals(262144, s.memoryLimit());
        assertEquals(64, s.maxProcessesAndOrThreads());
        assertEquals(16384, s.maxFileSize());
        assertEquals(1, s.numberOfRuns());
        assertFalse(s.redirectStderrToStdout());
        assertNull(s.callbackUrl());
    }

    @Test
    void numbersAndBooleansAsStringsAreAcceptedAsJudge0Does() throws Exception {
        Judge0Submission s = P.parse(body("source_code", "x", "language_id", "710311", "cpu_time_limit", "1.5",
                "memory_limit", "65536", "redirect_stderr_to_stdout", "true", "number_of_runs", 3), false);
        assertEquals(710311, s.languageId());
        assertEquals("3.11.2", s.version());
        assertEquals(1.5, s.cpuTimeLimit());
        assertEquals(65536, s.memoryLimit());
        assertTrue(s.redirectStderrToStdout());
        assertEquals(3, s.numberOfRuns());
    }

    @Test
    void base64InputIsDecoded() throws Exception {
        Judge0Submission s = P.parse(body("source_code", "cHJpbnQoMSk=", "language_id", 71, "stdin", "aGk=\n",
                "expected_output", "MQ=="), true);
        assertEquals("print(1)", s.sourceCode());
        assertEquals("hi", s.stdin());
        assertEquals("1", s.expectedOutput());
        assertTrue(errors(body("source_code", "not base64!", "language_id", 71), true).containsKey("source_code"));
    }

    @Test
    void refusalsArePerFieldInJudge0sWords() {
        Map<String, List<String>> e = errors(body("cpu_time_limit", 100, "memory_limit", 10, "number_of_runs", 0,
                "wall_time_limit", "abc", "enable_network", true), false);
        assertEquals(List.of("can't be blank"), e.get("source_code"));
        assertEquals(List.of("can't be blank"), e.get("language_id"));
        assertEquals(List.of("must be less than or equal to 30.0"), e.get("cpu_time_limit"));
        assertEquals(List.of("must be greater than or equal to 2048"), e.get("memory_limit"));
        assertEquals(List.of("must be greater than or equal to 1"), e.get("number_of_runs"));
        assertEquals(List.of("is not a number"), e.get("wall_time_limit"));
        assertTrue(e.containsKey("enable_network"));
        assertEquals(List.of("language with id 89 doesn't exist"),
                errors(body("source_code", "x", "language_id", 89), false).get("language_id"));
        assertTrue(errors(body("source_code", "x", "language_id", 71, "number_of_runs", 21), false)
                .get("number_of_runs").get(0).contains("20"));
        assertTrue(errors(body("source_code", "x", "language_id", 71, "command_line_arguments", "'open"), false)
                .containsKey("command_line_arguments"));
        assertTrue(errors(body("source_code", "x", "language_id", 71, "compiler_options", "-O2"), false)
                .containsKey("compiler_options"));
        assertTrue(errors(body("source_code", "x", "language_id", 71, "additional_files", "%%%"), false)
                .containsKey("additional_files"));
        assertTrue(errors(body("source_code", List.of(1), "language_id", 71), false).containsKey("source_code"));
    }
}
