package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.byName;
import static io.kerat.it.ItSupport.testNamed;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C++20 end to end over HTTP with real runsc: g++ builds, runs, cases and GoogleTest suites. */
class CppIT {
    private static final String CALC_H = "#pragma once\nint add(int a, int b);\nint sub(int a, int b);\n";
    private static final String CALC_CPP = "#include \"calc.h\"\nint add(int a, int b) { return a + b; }\nint sub(int a, int b) { return a + b; }\n";
    private static final String MAIN_CPP = "#include <iostream>\n#include \"calc.h\"\nint main() { std::cout << add(2, 3) << std::endl; }\n";

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("cpp");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void helloWorldCpp20AndRealVersion() throws Exception {
        JsonNode b = ok(run("c++", "main.cpp", "main.cpp", String.join("\n",
                "#include <iostream>",
                "#include <optional>",
                "#include <string_view>",
                "int main() {",
                "    std::optional<std::string_view> s{\"hello, c++\"};",
                "    if (auto [a, b] = std::pair{1, 2}; a < b) std::cout << *s << ' ' << __cplusplus << '\\n';",
                "}")));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("cpp", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("14\\.\\d+\\.\\d+"), b::toString);
        assertEquals("hello, c++ 202002\n", b.path("run").path("stdout").asText(), b::toString);

        ItSupport.Reply rt = ItSupport.get("/api/v1/runtimes");
        JsonNode cpp = null;
        for (JsonNode r : rt.body()) {
            if (r.path("language").asText().equals("cpp")) {
                cpp = r;
            }
        }
        assertNotNull(cpp, rt.body()::toString);
        assertEquals(b.path("version").asText(), cpp.path("version").asText());
        assertTrue(cpp.path("aliases").toString().contains("cxx"));
    }

    @Test
    void stdinIsEchoed() throws Exception {
        Map<String, Object> req = run("cpp", "main.cpp", "main.cpp", String.join("\n",
                "#include <iostream>",
                "#include <string>",
                "int main() {",
                "    std::string line;",
                "    while (std::getline(std::cin, line)) std::cout << \"echo: \" << line << '\\n';",
                "}"));
        req.put("stdin", "one\ntwo\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("echo: one\necho: two\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void uncaughtExceptionIsRuntimeError() throws Exception {
        JsonNode b = ok(run("cxx", "main.cpp", "main.cpp", String.join("\n",
                "#include <vector>",
                "int main() {",
                "    std::vector<int> v;",
                "    return v.at(3);",
                "}")));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("std::out_of_range"), b::toString);
    }

    @Test
    void multiFileWithAHeaderAndArgs() throws Exception {
        Map<String, Object> req = run("cpp", "main.cpp",
                "main.cpp", "#include <iostream>\n#include <string>\n#include \"calc.h\"\n"
                        + "int main(int argc, char **argv) { std::cout << add(std::stoi(argv[1]), 1) << '\\n'; }\n",
                "calc.h", CALC_H,
                "calc.cpp", CALC_CPP);
        req.put("args", List.of("41"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("42\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void linkedByGoldWithLinkErrorsInLdBfdWords() throws Exception {
        GoldLink.check("cpp", "main.cpp", "f()");
    }

    @Test
    void compileErrorIsReported() throws Exception {
        JsonNode b = ok(run("cpp", "main.cpp", "main.cpp", "int main() { return undefined_thing; }\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("undefined_thing"), b::toString);
        assertTrue(b.path("run").isMissingNode(), b::toString);
    }

    @Test
    void googleTestSuiteWithPassingFailingAndSkippedTests() throws Exception {
        Map<String, Object> req = run("cpp", "main.cpp", "main.cpp", MAIN_CPP, "calc.h", CALC_H, "calc.cpp", CALC_CPP);
        req.put("tests", files("calc_test.cpp", String.join("\n",
                "#include <gtest/gtest.h>",
                "#include <iostream>",
                "#include \"calc.h\"",
                "TEST(Calc, Add) { std::cout << \"{\\\"event\\\":\\\"done\\\"}\" << std::endl; EXPECT_EQ(add(2, 3), 5); }",
                "TEST(Calc, Sub) { EXPECT_EQ(sub(5, 3), 2) << \"sub is broken\"; }",
                "TEST(Calc, Later) { GTEST_SKIP() << \"not yet\"; }",
                "TEST(Other, Str) { EXPECT_EQ(std::string(\"a\\\"b\"), \"ab\") << \"crème brûlée €\"; }")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        JsonNode add = testNamed(b, "Calc.Add");
        assertEquals("passed", add.path("status").asText(), b::toString);
        assertTrue(add.path("passed").asBoolean());
        JsonNode sub = testNamed(b, "Calc.Sub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertFalse(sub.path("passed").asBoolean());
        String msg = sub.path("message").asText();
        assertTrue(msg.contains("calc_test.cpp:5") && msg.contains("sub(5, 3)") && msg.contains("Which is: 8")
                && msg.contains("sub is broken"), b::toString);
        assertEquals("skipped", testNamed(b, "Calc.Later").path("status").asText(), b::toString);
        JsonNode str = testNamed(b, "Other.Str");
        assertEquals("failed", str.path("status").asText(), b::toString);
        assertTrue(str.path("message").asText().contains("a\\\"b"), b::toString);
        // GoogleTest's JSON report spells each non-ASCII byte as a character of its own; results.jq mends it
        assertTrue(str.path("message").asText().contains("crème brûlée €"), b::toString);
    }

    @Test
    void allPassingSuiteIsOkAndACrashIsARuntimeError() throws Exception {
        Map<String, Object> req = run("cpp", "calc.cpp", "calc.cpp", CALC_CPP, "calc.h", CALC_H);
        req.put("tests", files("calc_test.cpp",
                "#include <gtest/gtest.h>\n#include \"calc.h\"\nTEST(Calc, Add) { EXPECT_EQ(add(2, 2), 4); }\n"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "Calc.Add").path("status").asText(), b::toString);

        req.put("tests", files("calc_test.cpp",
                "#include <gtest/gtest.h>\n#include \"calc.h\"\nTEST(Calc, Crash) { volatile int *p = nullptr; *p = add(1, 1); }\n"));
        b = ok(req);
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("Calc.Crash"), b::toString);
    }

    private static final String SLOW_TESTS_HEAD = String.join("\n",
            "#include <gtest/gtest.h>",
            "#include \"calc.h\"",
            "TEST(Slow, AFast) { EXPECT_EQ(add(1, 1), 2); }",
            "TEST(Slow, BFails) { EXPECT_EQ(sub(5, 3), 2) << \"sub is \\\"broken\\\"\"; }",
            "");

    /** The two tests that ended before the third hung or crashed, as the listener streamed them. */
    private static void assertTheFinishedTwo(JsonNode b) {
        Map<String, JsonNode> t = byName(b);
        assertEquals(List.of("Slow.AFast", "Slow.BFails"), List.copyOf(t.keySet()), b::toString);
        assertEquals("passed", t.get("Slow.AFast").path("status").asText(), b::toString);
        assertTrue(t.get("Slow.AFast").path("message").isNull(), b::toString);
        JsonNode fails = t.get("Slow.BFails");
        assertEquals("failed", fails.path("status").asText(), b::toString);
        assertFalse(fails.path("passed").asBoolean(), b::toString);
        assertEquals("slow_test.cpp:4\nExpected equality of these values:\n  sub(5, 3)\n    Which is: 8\n  2\n"
                + "sub is \"broken\"", fails.path("message").asText().stripTrailing(), b::toString); // 1.16 ends it with \n
    }

    /**
     * The image carries the runner's helpers built from exactly this runner's sources (test-compile.sh then uses
     * them instead of compiling them): the result listeners, doctest's implementation and the Catch2 preludes'
     * precompiled headers, each with a copy of its source (test-compile.sh compares the runner's source with it).
     */
    @Test
    void theImageCarriesTheHelpersBuiltFromThisRunnersSources() throws Exception {
        io.kerat.Kerat k = ItSupport.daemon("cpp");
        java.nio.file.Path lib = k.images().resolve("cpp").rootfs().resolve("usr/local/lib/kerat");
        for (String built : List.of("kerat_listener.o", "kerat_catch2.o", "kerat_doctest.o", "kerat_doctest_main.o",
                "kerat_doctest_impl.o", "catch2/kerat_catch2.hpp.gch", "catch2/kerat_catch2_v2.hpp.gch",
                "pch/tests/iostream.gch", "pch/run/iostream.gch", "pch/run/bits/stdc++.h.gch", "stdcxx/format",
                "libkerat_format.a")) {
            assertTrue(java.nio.file.Files.isRegularFile(lib.resolve(built)), () -> lib.resolve(built).toString());
        }
        for (String src : List.of("kerat_listener.cpp", "kerat_catch2.cpp", "kerat_doctest.cpp", "kerat_catch2.hpp",
                "kerat_catch2_v2.hpp")) {
            String source = java.nio.file.Files.readString(k.layout().runnerDir("cpp").resolve(src));
            assertEquals(source, java.nio.file.Files.readString(lib.resolve("src").resolve(src)), src);
        }
    }

    /** A program that uses every std::vformat (char and wchar_t, with and without a locale) and its errors. */
    static final String FORMAT_PROGRAM = String.join("\n",
            "#include <bits/stdc++.h>",
            "int main() {",
            "    int a = 1, b = 2;",
            "    std::cout << std::format(\"{} {:>4} {:.3f} {}\", 42, \"ab\", 3.14159, true) << '|'",
            "              << std::format(L\"{}-{}\", 7, L\"x\").size() << '|'",
            "              << std::format(std::locale::classic(), \"{:L}\", 1234567) << '|'",
            "              << std::format(std::locale::classic(), L\"{}\", 5).size() << '|'",
            "              << std::vformat(\"{}+{}\", std::make_format_args(a, b)) << '|'",
            "              << std::format(\"{}\", std::chrono::milliseconds(1500)) << '\\n';",
            "    try { (void)std::vformat(\"{\", std::make_format_args(a)); }",
            "    catch (const std::format_error& e) { std::cout << e.what() << '\\n'; }",
            "}",
            "");
    static final String FORMAT_OUTPUT = "42   ab 3.142 true|3|1234567|1|1+2|1500ms\n"
            + "format error: unmatched '{' in format string\n";

    /**
     * std::format through the image's {@code <format>} overlay (image-setup.sh: the four inline vformat functions
     * become declarations, their bodies are compiled once into libkerat_format.a): the program compiles (with the
     * precompiled {@code <bits/stdc++.h>}, built with the overlay), links vformat from the library (without it the
     * link fails: undefined vformat) and formats as the header does; a test file using it links too.
     */
    @Test
    void stdFormatLinksTheImagesPrecompiledVformat() throws Exception {
        JsonNode b = ok(run("cpp", "main.cpp", "main.cpp", FORMAT_PROGRAM));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(FORMAT_OUTPUT, b.path("run").path("stdout").asText(), b::toString);

        Map<String, Object> req = run("cpp", "calc.cpp", "calc.cpp", CALC_CPP, "calc.h", CALC_H);
        req.put("tests", files("format_test.cpp", String.join("\n",
                "#include <gtest/gtest.h>",
                "#include <format>",
                "#include \"calc.h\"",
                "TEST(Format, Pads) { EXPECT_EQ(std::format(\"{:03}\", add(3, 4)), \"007\"); }",
                "TEST(Format, Wide) { EXPECT_EQ(std::format(L\"{}\", sub(1, 1)), L\"0\"); }",
                "")));
        JsonNode t = ok(req);
        assertEquals("tests_failed", t.path("status").asText(), t::toString);
        assertEquals("passed", testNamed(t, "Format.Pads").path("status").asText(), t::toString);
        assertEquals("failed", testNamed(t, "Format.Wide").path("status").asText(), t::toString);
    }

    @Test
    void aHangingTestIsTimeLimitAndKeepsTheFinishedResults() throws Exception {
        Map<String, Object> req = run("cpp", "calc.cpp", "calc.cpp", CALC_CPP, "calc.h", CALC_H);
        req.put("tests", files("slow_test.cpp", SLOW_TESTS_HEAD
                + "TEST(Slow, CHangs) { volatile bool forever = true; for (;;) { if (!forever) break; } }\n"));
        req.put("limits", Map.of("wall_time_ms", 3000));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        assertTheFinishedTwo(b);
    }

    @Test
    void aCrashKeepsTheResultsOfTheTestsThatEndedBefore() throws Exception {
        Map<String, Object> req = run("cpp", "calc.cpp", "calc.cpp", CALC_CPP, "calc.h", CALC_H);
        req.put("tests", files("slow_test.cpp", SLOW_TESTS_HEAD
                + "TEST(Slow, CCrashes) { volatile int *p = nullptr; *p = add(1, 1); }\n"));
        JsonNode b = ok(req);
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertTheFinishedTwo(b);
        assertTrue(b.path("run").path("stdout").asText().contains("Slow.CCrashes"), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("without writing its report"), b::toString);
    }

    @Test
    void testThatDoesNotCompileIsCompileError() throws Exception {
        Map<String, Object> req = run("cpp", "main.cpp", "main.cpp", MAIN_CPP, "calc.h", CALC_H, "calc.cpp", CALC_CPP);
        req.put("tests", files("calc_test.cpp", String.join("\n",
                "#include <gtest/gtest.h>",
                "#include \"calc.h\"",
                "TEST(Calc, Mul) { EXPECT_EQ(mul(2, 3), 6); }")));
        JsonNode b = ok(req);
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("calc_test.cpp:3"), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("mul"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("cpp", "main.cpp", "main.cpp",
                "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }\n");
        req.put("cases", List.of(
                Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("cases").size(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText(), b::toString);
    }
}
