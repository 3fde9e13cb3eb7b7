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
 * Ruby suites as the public curricula lay them out (src/test/resources/suites/ruby/&lt;exercise&gt;/): exercism's
 * `&lt;slug&gt;.rb` beside `&lt;slug&gt;_test.rb` (minitest/autorun + require_relative, `skip` on all but the first test,
 * an old `gem 'minitest'` header, Data.define, minitest/spec), and RSpec projects (`lib/x.rb`, `spec/x_spec.rb` with
 * require_relative '../lib/x' or require 'x', a `.rspec` with `--require spec_helper`). Each is sent unchanged with
 * its reference solution: every test passes or is skipped, and the run is ok.
 */
class RubyCurriculumIT {
    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("ruby");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    static List<String> exercises() throws Exception {
        return PythonRubySuites.exercises("ruby");
    }

    @ParameterizedTest
    @MethodSource("exercises")
    void referenceSolutionPassesEveryTest(String exercise) throws Exception {
        Map<String, Object> req = PythonRubySuites.request("ruby", exercise,
                name -> name.endsWith("_test.rb") || name.startsWith("spec/") || name.startsWith("test/")
                        || name.equals(".rspec"));
        // the suite is unchanged; the limits leave room for a loaded CI machine (the default 5 s wall is meant for
        // one request at a time on an idle host)
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        JsonNode b = ItSupport.ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertTrue(b.path("tests").size() >= 5, b::toString);
        int passed = 0;
        for (JsonNode t : b.path("tests")) {
            String st = t.path("status").asText();
            assertTrue(st.equals("passed") || st.equals("skipped"), () -> exercise + ": " + t);
            passed += st.equals("passed") ? 1 : 0;
        }
        assertTrue(passed >= 1, b::toString);
    }
}
