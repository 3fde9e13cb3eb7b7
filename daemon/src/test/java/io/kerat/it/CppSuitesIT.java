package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Curriculum-style C++ suites (src/test/resources/suites/cpp/<exercise>/, exercism's C++ layout: <slug>.cpp and
 * <slug>.h, <slug>_test.cpp including "test/catch.hpp" unless EXERCISM_TEST_SUITE, test/catch.hpp (a stand-in that
 * only carries Catch2 v2's banner and include guard, and #errors if it is ever compiled), test/tests-main.cpp with
 * CATCH_CONFIG_MAIN and CMakeLists.txt; all tests but the first behind EXERCISM_RUN_ALL_TESTS), each sent unchanged.
 * Every test must run (the runner defines EXERCISM_RUN_ALL_TESTS) and pass, compiled against Debian's Catch2 v3.
 */
class CppSuitesIT {
    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("cpp");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello-world", "leap", "reverse-string", "hamming", "space-age"})
    void exercismStyleSuitePasses(String exercise) throws Exception {
        JsonNode b = CSuitesIT.assertSuitePasses("cpp", exercise, 1);
        if (!exercise.equals("hello-world")) {
            assertTrue(b.path("tests").size() > 1, () -> "EXERCISM_RUN_ALL_TESTS was not defined: " + b);
        }
    }
}
