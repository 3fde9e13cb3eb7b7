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
 * word-tally's catch.hpp stand-in also defines main() and names CATCH_CONFIG_RUNNER behind macros, as the real
 * single header does: the header is no test file with a main of its own, and Catch2's main must still be linked.
 * shelf-label has the concept exercises' shape: no header, the test file includes shelf_label.cpp itself, so the
 * solution must not be compiled a second time on its own. pantry-count ships Catch2 v3's amalgamated pair
 * (stand-ins): catch_amalgamated.cpp defines main() and is not compiled, so Catch2's main must be linked.
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
    @ValueSource(strings = {"hello-world", "leap", "reverse-string", "hamming", "space-age", "word-tally",
        "shelf-label", "pantry-count"})
    void exercismStyleSuitePasses(String exercise) throws Exception {
        JsonNode b = CSuitesIT.assertSuitePasses("cpp", exercise, 1);
        if (!exercise.equals("hello-world")) {
            assertTrue(b.path("tests").size() > 1, () -> "EXERCISM_RUN_ALL_TESTS was not defined: " + b);
        }
    }
}
