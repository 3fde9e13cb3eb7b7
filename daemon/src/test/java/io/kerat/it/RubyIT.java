package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.testNamed;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ruby (Debian's ruby 3.3 with minitest) end to end over HTTP with real runsc: run, cases and minitest suites. */
class RubyIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("ruby");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** These tests check outcomes, not limits: room for a loaded CI machine unless a test sets its own limits. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        return ItSupport.ok(req);
    }

    @Test
    void helloWorld() throws Exception {
        JsonNode b = ok(run("ruby", "main.rb", "main.rb", "puts \"hi #{RUBY_VERSION.split('.').first}\""));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("ruby", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("3\\.3\\.\\d+"), b::toString);
        assertEquals("hi 3\n", b.path("run").path("stdout").asText());
        assertEquals("", b.path("run").path("stderr").asText());
    }

    @Test
    void stdinIsDeliveredAndUtf8Works() throws Exception {
        Map<String, Object> req = run("rb", "main.rb", "main.rb",
                "puts $stdin.read.split.map(&:to_i).sum\nputs 'héllo'.upcase");
        req.put("stdin", "1 2 3\n4\n");
        JsonNode b = ok(req);
        assertEquals("ruby", b.path("language").asText(), b::toString);
        assertEquals("10\nHÉLLO\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void multiFileWithArgs() throws Exception {
        Map<String, Object> req = run("ruby", "app/main.rb",
                "app/main.rb", "require_relative '../lib/util'\nputs Util.twice(ARGV[0])",
                "lib/util.rb", "module Util\n  def self.twice(s) = s * 2\nend\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void raisedExceptionIsRuntimeError() throws Exception {
        JsonNode b = ok(run("ruby", "main.rb", "main.rb", "puts 'before'\n$stdout.flush\nraise ArgumentError, 'bad input'"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt());
        assertEquals("before\n", b.path("run").path("stdout").asText());
        assertTrue(b.path("run").path("stderr").asText().contains("bad input (ArgumentError)"), b::toString);
    }

    @Test
    void syntaxErrorIsRuntimeErrorInRunMode() throws Exception {
        JsonNode b = ok(run("ruby", "main.rb", "main.rb", "def f(\n  1\nend\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("syntax error"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("ruby", "main.rb", "main.rb", "a, b = $stdin.read.split.map(&:to_i)\nputs a + b");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    private static Map<String, Object> tests(List<Map<String, String>> sources, String entry, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "ruby");
        req.put("entrypoint", entry);
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    private static final String CALC = "class Calc\n  def add(a, b) = a + b\n  def sub(a, b) = a + b\nend\n";

    @Test
    void minitestSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("calc.rb", CALC), "calc.rb",
                "test_calc.rb", String.join("\n",
                        "require 'minitest/autorun'",
                        "require_relative 'calc'",
                        "class TestCalc < Minitest::Test",
                        "  def test_add",
                        "    puts '{\"event\": \"done\"}'",
                        "    assert_equal 5, Calc.new.add(2, 3)",
                        "  end",
                        "  def test_sub",
                        "    assert_equal 2, Calc.new.sub(5, 3)",
                        "  end",
                        "  def test_later",
                        "    skip 'not yet'",
                        "  end",
                        "  def test_boom",
                        "    raise ArgumentError, 'boom'",
                        "  end",
                        "end")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "TestCalc#test_add").path("status").asText());
        assertTrue(testNamed(b, "TestCalc#test_add").path("passed").asBoolean());
        JsonNode sub = testNamed(b, "TestCalc#test_sub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertFalse(sub.path("passed").asBoolean());
        assertEquals("Expected: 2\n  Actual: 8", sub.path("message").asText(), b::toString);
        assertTrue(sub.path("stack_trace").asText().contains("test_calc.rb:9"), b::toString);
        assertFalse(sub.path("stack_trace").asText().contains("/kerat/runner"), b::toString);
        assertEquals("skipped", testNamed(b, "TestCalc#test_later").path("status").asText());
        assertEquals("not yet", testNamed(b, "TestCalc#test_later").path("message").asText());
        JsonNode boom = testNamed(b, "TestCalc#test_boom");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertEquals("ArgumentError: boom", boom.path("message").asText());
        // the student's output went to stdout, where it cannot pass for a result line
        assertTrue(b.path("run").path("stdout").asText().contains("{\"event\": \"done\"}"), b::toString);
    }

    @Test
    void passingSuitesInTwoFilesAreOk() throws Exception {
        JsonNode b = ok(tests(files("calc.rb", CALC), "calc.rb",
                "test_a.rb", "require 'minitest/autorun'\nrequire 'calc'\nclass TestA < Minitest::Test\n  def test_add = assert_equal(4, Calc.new.add(2, 2))\nend\n",
                "test_b.rb", "require 'minitest/autorun'\nclass TestB < Minitest::Test\n  def test_truth = assert(true)\nend\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "TestA#test_add").path("status").asText());
        assertEquals("passed", testNamed(b, "TestB#test_truth").path("status").asText());
    }

    @Test
    void syntaxErrorInCodeUnderTestIsCompileError() throws Exception {
        JsonNode b = ok(tests(files("calc.rb", "class Calc\n  def add(a, b\n    a + b\n  end\nend\n"), "calc.rb",
                "test_calc.rb", "require 'minitest/autorun'\nrequire_relative 'calc'\nclass TestCalc < Minitest::Test\n  def test_x = assert(true)\nend\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText();
        assertTrue(msg.contains("calc.rb:3") && msg.contains("syntax error"), b::toString);
    }

    @Test
    void exitInsideATestIsRuntimeError() throws Exception {
        JsonNode b = ok(tests(files("calc.rb", CALC), "calc.rb",
                "test_calc.rb", "require 'minitest/autorun'\nclass TestQuit < Minitest::Test\n  def test_quit\n    exit 0\n  end\nend\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
    }
}
