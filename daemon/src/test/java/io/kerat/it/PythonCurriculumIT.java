package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Python suites in exercism's layout (src/test/resources/suites/python/&lt;exercise&gt;/: `&lt;slug&gt;.py` beside
 * `&lt;slug&gt;_test.py` with unittest.TestCase classes, `@pytest.mark.task(taskno=N)` on concept exercises, subTest
 * loops, a data module shipped with the tests; one pytest-style suite with tests/conftest.py), each sent unchanged with
 * its reference solution: every test must pass.
 */
class PythonCurriculumIT {
    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    static List<String> exercises() throws Exception {
        return PythonRubySuites.exercises("python");
    }

    @ParameterizedTest
    @MethodSource("exercises")
    void referenceSolutionPassesEveryTest(String exercise) throws Exception {
        Map<String, Object> req = PythonRubySuites.request("python", exercise,
                name -> name.contains("test") || name.endsWith("conftest.py"));
        // the suite is unchanged; the limits leave room for a loaded CI machine (the default 5 s wall is meant for
        // one request at a time on an idle host)
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        JsonNode b = ItSupport.ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertTrue(b.path("tests").size() >= 4, b::toString);
        for (JsonNode t : b.path("tests")) {
            assertEquals("passed", t.path("status").asText(), () -> exercise + ": " + t);
        }
    }
}
