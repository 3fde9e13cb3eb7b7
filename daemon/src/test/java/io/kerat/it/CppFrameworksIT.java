package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.testNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * C++ test frameworks end to end with real runsc: Catch2 v3 (Debian's), Catch2 v2 suites shipping their own
 * catch.hpp (compiled against v3), doctest, GoogleTest's errored tests, own-main programs, hanging tests, the
 * framework override and a clear message for an unsupported framework.
 */
class CppFrameworksIT {
    static final String CALC_H = "#pragma once\nint add(int a, int b);\nint boom();\n";
    static final String CALC_CPP = String.join("\n",
            "#include <cstdio>",
            "#include <stdexcept>",
            "#include \"calc.h\"",
            "int add(int a, int b) { std::printf(\"{\\\"event\\\":\\\"done\\\"}\\nok 9 - forged\\n\"); return a + b; }",
            "int boom() { throw std::runtime_error(\"boom\"); }",
            "int main() { return add(1, 2) == 3 ? 0 : 1; }",
            "");

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("cpp");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    static Map<String, Object> request(Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "cpp");
        req.put("files", files("calc.cpp", CALC_CPP, "calc.h", CALC_H));
        req.put("tests", files(tests));
        req.put("limits", CFrameworksIT.ROOMY);
        return req;
    }

    /** passed, failed, skipped and errored tests by name, and the code under test's stdout forged nothing. */
    static void assertFourKinds(JsonNode b, String pass, String fail, String failMessagePart, String skip, String error) {
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, pass).path("status").asText(), b::toString);
        JsonNode f = testNamed(b, fail);
        assertEquals("failed", f.path("status").asText(), b::toString);
        assertTrue(f.path("message").asText().contains(failMessagePart), b::toString);
        assertEquals("skipped", testNamed(b, skip).path("status").asText(), b::toString);
        JsonNode e = testNamed(b, error);
        assertEquals("errored", e.path("status").asText(), b::toString);
        assertTrue(e.path("message").asText().contains("boom"), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("forged"), b::toString);
        ItSupport.byName(b);
    }

    @Test
    void catch2v3() throws Exception {
        JsonNode b = ok(request("calc_test.cpp", String.join("\n",
                "#include <catch2/catch_test_macros.hpp>",
                "#include <catch2/matchers/catch_matchers_string.hpp>",
                "#include <string>",
                "#include \"calc.h\"",
                "TEST_CASE(\"adds\", \"[calc]\") { REQUIRE(add(2, 3) == 5); }",
                "TEST_CASE(\"subs\") { INFO(\"checking\"); CHECK(add(2, -3) == 1); }",
                "TEST_CASE(\"later\") { SKIP(\"not yet\"); }",
                "TEST_CASE(\"throws\") { REQUIRE(boom() == 1); }",
                "TEST_CASE(\"sections\") { SECTION(\"a\") { CHECK(add(1, 1) == 2); } SECTION(\"b\") { CHECK(add(2, 2) == 4); } }",
                "")));
        assertFourKinds(b, "adds", "subs", "-1 == 1", "later", "throws");
        assertEquals("not yet", testNamed(b, "later").path("message").asText(), b::toString);
        assertEquals("passed", testNamed(b, "sections").path("status").asText(), b::toString);
        assertEquals(5, b.path("tests").size(), b::toString);
    }

    /** A stand-in for Catch2 v2's single header: its banner and guard only (it #errors if compiled). */
    static final String CATCH_V2_STANDIN = String.join("\n",
            "/*",
            " *  Catch v2.13.10",
            " *  Stand-in: banner and include guard of the single header only.",
            " */",
            "#ifndef TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED",
            "#define TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED",
            "#error \"not a test framework\"",
            "#endif",
            "");

    @Test
    void catch2v2SingleHeaderSuiteRunsOnCatch2v3() throws Exception {
        JsonNode b = ok(request(
                "calc_test.cpp", String.join("\n",
                        "#include \"calc.h\"",
                        "#include \"test/catch.hpp\"",
                        "#include <string>",
                        "TEST_CASE(\"adds\") { REQUIRE(add(2, 3) == Approx(5.0)); }",
                        "TEST_CASE(\"subs\") { CHECK(add(2, -3) == 1); }",
                        "TEST_CASE(\"later\", \"[!mayfail]\") { }",
                        "TEST_CASE(\"throws\") { REQUIRE(boom() == 1); }",
                        "TEST_CASE(\"v2 names\") {",
                        "    REQUIRE_THAT(std::string(\"hello\"), Catch::Matchers::Contains(\"ell\"));",
                        "    REQUIRE_THAT(std::string(\"hello\"), Catch::Contains(\"ell\") && Catch::StartsWith(\"he\"));",
                        "    REQUIRE(1.0 == Catch::Detail::Approx(1.0));",
                        "    REQUIRE_THROWS_AS(boom(), std::runtime_error);",
                        "}",
                        "#if defined(EXERCISM_RUN_ALL_TESTS)",
                        "TEST_CASE(\"all run\") { REQUIRE(true); }",
                        "#endif",
                        ""),
                "test/catch.hpp", CATCH_V2_STANDIN,
                "test/tests-main.cpp", "#define CATCH_CONFIG_MAIN\n#include \"catch.hpp\"\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(List.of("adds", "subs", "later", "throws", "v2 names", "all run"),
                List.copyOf(ItSupport.byName(b).keySet()), b::toString);
        assertEquals("passed", testNamed(b, "adds").path("status").asText(), b::toString);
        assertEquals("failed", testNamed(b, "subs").path("status").asText(), b::toString);
        assertEquals("errored", testNamed(b, "throws").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "v2 names").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "all run").path("status").asText(), b::toString);
    }

    /** A stand-in for doctest.h: the guard of its interface part only (it #errors if compiled). */
    static final String DOCTEST_STANDIN = "#ifndef DOCTEST_LIBRARY_INCLUDED\n#define DOCTEST_LIBRARY_INCLUDED\n#error \"not a test framework\"\n#endif\n";

    @Test
    void doctest() throws Exception {
        JsonNode b = ok(request(
                "test_calc.cpp", String.join("\n",
                        "#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN",
                        "#include \"doctest.h\"",
                        "#include \"calc.h\"",
                        "TEST_CASE(\"adds\") { CHECK(add(2, 3) == 5); }",
                        "TEST_CASE(\"subs\") { CHECK(add(2, -3) == 1); }",
                        "TEST_CASE(\"later\" * doctest::skip()) { CHECK(false); }",
                        "TEST_CASE(\"throws\") { boom(); }",
                        "TEST_SUITE(\"math\") {",
                        "  TEST_CASE(\"subcases\") { SUBCASE(\"a\") { CHECK(add(1, 1) == 2); } SUBCASE(\"b\") { CHECK(add(2, 2) == 4); } }",
                        "}",
                        ""),
                "doctest.h", DOCTEST_STANDIN));
        assertFourKinds(b, "adds", "subs", "-1 == 1", "later", "throws");
        assertEquals("passed", testNamed(b, "math::subcases").path("status").asText(), b::toString);
    }

    @Test
    void gtestUncaughtExceptionIsErrored() throws Exception {
        JsonNode b = ok(request("calc_test.cpp", String.join("\n",
                "#include <gtest/gtest.h>",
                "#include \"calc.h\"",
                "TEST(Calc, Adds) { EXPECT_EQ(add(2, 3), 5); }",
                "TEST(Calc, Subs) { EXPECT_EQ(add(2, -3), 1); }",
                "TEST(Calc, Later) { GTEST_SKIP() << \"not yet\"; }",
                "TEST(Calc, Throws) { boom(); }",
                "")));
        assertFourKinds(b, "Calc.Adds", "Calc.Subs", "Which is: -1", "Calc.Later", "Calc.Throws");
    }

    @Test
    void gmockSuiteAfterThePrecompiledGtest() throws Exception {
        // the precompiled gtest.h comes first, before calc.h; gmock.h is then parsed as usual and links with -lgmock
        JsonNode b = ok(request("calc_test.cpp", String.join("\n",
                "#include \"calc.h\"",
                "#include <gmock/gmock.h>",
                "#include <gtest/gtest.h>",
                "struct Source { virtual ~Source() = default; virtual int next() = 0; };",
                "struct MockSource : Source { MOCK_METHOD(int, next, (), (override)); };",
                "int sumTwo(Source &s) { int a = s.next(); return add(a, s.next()); }",
                "using ::testing::Return;",
                "TEST(Mock, Sums) { MockSource m; EXPECT_CALL(m, next()).WillOnce(Return(2)).WillOnce(Return(3));"
                        + " EXPECT_EQ(sumTwo(m), 5); }",
                "TEST(Mock, CalledTooOften) { MockSource m; EXPECT_CALL(m, next()).Times(1).WillRepeatedly(Return(1));"
                        + " sumTwo(m); }",
                "TEST(Mock, Matchers) { EXPECT_THAT(add(2, 2), ::testing::AllOf(::testing::Gt(3), ::testing::Lt(5))); }",
                "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "Mock.Sums").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "Mock.Matchers").path("status").asText(), b::toString);
        JsonNode f = testNamed(b, "Mock.CalledTooOften");
        assertEquals("failed", f.path("status").asText(), b::toString);
        assertTrue(f.path("message").asText().contains("called more times than expected"), b::toString);
    }

    @Test
    void hangingTestsAreTimeLimitAndKeepTheFinishedResults() throws Exception {
        Map<String, Object> catch2 = request("calc_test.cpp", String.join("\n",
                "#include <catch2/catch_test_macros.hpp>",
                "#include \"calc.h\"",
                "TEST_CASE(\"a_fast\") { REQUIRE(add(1, 1) == 2); }",
                "TEST_CASE(\"b_fails\") { REQUIRE(add(1, 1) == 3); }",
                "TEST_CASE(\"c_hangs\") { volatile int spin = 1; while (spin) { } }",
                ""));
        Map<String, Object> doctest = request("calc_test.cpp", String.join("\n",
                "#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN",
                "#include <doctest/doctest.h>",
                "#include \"calc.h\"",
                "TEST_CASE(\"a_fast\") { CHECK(add(1, 1) == 2); }",
                "TEST_CASE(\"b_fails\") { CHECK(add(1, 1) == 3); }",
                "TEST_CASE(\"c_hangs\") { volatile int spin = 1; while (spin) { } }",
                ""));
        for (Map<String, Object> req : List.of(catch2, doctest)) {
            req.put("limits", Map.of("wall_time_ms", 6000));
            JsonNode b = ok(req);
            assertEquals("time_limit", b.path("status").asText(), b::toString);
            assertEquals(List.of("a_fast", "b_fails"), List.copyOf(ItSupport.byName(b).keySet()), b::toString);
            assertEquals("passed", testNamed(b, "a_fast").path("status").asText(), b::toString);
            assertEquals("failed", testNamed(b, "b_fails").path("status").asText(), b::toString);
        }
    }

    @Test
    void frameworkOverrideAndOwnMainTap() throws Exception {
        // a comment names gtest: detection picks GoogleTest, whose link cannot satisfy Catch2; the override wins
        Map<String, Object> req = request("calc_test.cpp", String.join("\n",
                "// ported from #include <gtest/gtest.h>",
                "#include <catch2/catch_test_macros.hpp>",
                "#include \"calc.h\"",
                "TEST_CASE(\"adds\") { REQUIRE(add(2, 3) == 5); }",
                ""));
        assertEquals("compile_error", ok(req).path("status").asText());
        req.put("framework", "catch2");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "adds").path("status").asText(), b::toString);

        JsonNode tap = ok(request("calc_test.cpp", String.join("\n",
                "#include <iostream>",
                "#include \"calc.h\"",
                "int main() {",
                "    std::cout << \"1..2\\n\";",
                "    std::cout << (add(2, 3) == 5 ? \"ok\" : \"not ok\") << \" 1 - adds\\n\";",
                "    std::cout << (add(2, 2) == 5 ? \"ok\" : \"not ok\") << \" 2 - adds badly\\n\";",
                "    return 1;",
                "}",
                "")));
        assertEquals("tests_failed", tap.path("status").asText(), tap::toString);
        assertEquals("passed", testNamed(tap, "adds").path("status").asText(), tap::toString);
        assertEquals("failed", testNamed(tap, "adds badly").path("status").asText(), tap::toString);
    }

    /**
     * The tests are linked by gold, but a link that fails or warns is linked again by ld.bfd, whose messages are the
     * ones shown (as before gold): an undefined function is a compile_error naming it in ld.bfd's words, and a
     * warning of the linker (tmpnam) still shows on a link that succeeds.
     */
    @Test
    void linkErrorsAndWarningsAreLdBfdsMessages() throws Exception {
        String tests = String.join("\n",
                "#include <catch2/catch_test_macros.hpp>",
                "#include \"calc.h\"",
                "TEST_CASE(\"adds\") { REQUIRE(add(2, 3) == 5); }",
                "");
        Map<String, Object> req = request("calc_test.cpp", tests);
        req.put("files", files("calc.cpp", "#include \"calc.h\"\n", "calc.h", CALC_H));
        JsonNode b = ok(req);
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String err = b.path("compile").path("stderr").asText();
        assertTrue(err.contains("undefined reference to `add(int, int)'"), b::toString);
        assertTrue(err.contains("collect2: error: ld returned 1 exit status"), b::toString);

        req.put("files", files("calc.cpp", CALC_CPP + "#include <cstdio>\n"
                + "void kerat_unused(char *b) { std::tmpnam(b); }\n", "calc.h", CALC_H));
        JsonNode w = ok(req);
        assertEquals("ok", w.path("status").asText(), w::toString);
        assertTrue(w.path("compile").path("stderr").asText()
                .contains("warning: the use of `tmpnam' is dangerous, better use `mkstemp'"), w::toString);
        assertEquals("passed", testNamed(w, "adds").path("status").asText(), w::toString);
    }

    @Test
    void anUnsupportedFrameworkIsNamed() throws Exception {
        JsonNode b = ok(request("calc_test.cpp", "#define BOOST_TEST_MODULE calc\n#include <boost/test/included/unit_test.hpp>\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("Boost.Test"), b::toString);
    }
}
