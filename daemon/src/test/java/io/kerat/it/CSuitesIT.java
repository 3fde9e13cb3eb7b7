package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Curriculum-style C suites (src/test/resources/suites/c/<exercise>/, exercism's C layout: <slug>.c and <slug>.h,
 * test_<slug>.c including "test-framework/unity.h", the framework's unity.c/unity.h/unity_internals.h (a small
 * Unity-compatible stand-in written for these tests) and a makefile, with TEST_IGNORE() in all tests but the first),
 * each sent unchanged: the solution as files, everything else as tests. Every test must run and pass.
 * ring-buffer's solution defines its own write() and read() (as exercism's circular-buffer does), which must not
 * capture the results Kerat writes, and its test file calls snprintf with only unity.h included (Unity's default
 * output brings <stdio.h>). tally-marks's test file includes tally_marks.c itself (no header), so the solution
 * must not be compiled a second time on its own. orbit-period checks doubles, which its Unity stand-in (like Unity)
 * only has when the build defines UNITY_INCLUDE_DOUBLE, as exercism's makefile does and the runner does without it.
 */
class CSuitesIT {
    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("c");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello-world", "leap", "difference-of-squares", "isogram", "hamming", "armstrong-numbers",
        "ring-buffer", "tally-marks", "orbit-period"})
    void exercismStyleSuitePasses(String exercise) throws Exception {
        assertSuitePasses("c", exercise, 1);
    }

    /**
     * Sends suites/<lang>/<exercise> unchanged (solution: the top-level files named after the exercise, with the
     * extensions of the language's sources; tests: everything else) and asserts every test passed, none skipped.
     */
    static JsonNode assertSuitePasses(String language, String exercise, int minTests) throws Exception {
        Path dir = Path.of("src/test/resources/suites", language, exercise);
        String slug = exercise.replace('-', '_');
        List<Map<String, String>> files = new ArrayList<>();
        List<Map<String, String>> tests = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(p).toString();
                boolean solution = name.equals(slug + ".h") || name.equals(slug + ".c") || name.equals(slug + ".cpp");
                (solution ? files : tests).add(Map.of("name", name, "content", read(p)));
            }
        }
        Map<String, Object> req = new HashMap<>();
        req.put("language", language);
        req.put("files", files);
        req.put("tests", tests);
        // generous limits: these tests are not about limits (a loaded host took a Unity run past the default 5 s wall)
        req.put("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000));
        req.put("compile_limits", Map.of("wall_time_ms", 60000, "cpu_time_ms", 40000));
        JsonNode b = ItSupport.ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertTrue(b.path("tests").size() >= minTests, b::toString);
        for (JsonNode t : b.path("tests")) {
            assertEquals("passed", t.path("status").asText(), () -> t + " in " + b);
        }
        ItSupport.byName(b); // no duplicate names
        return b;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
