package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.kerat.it.ItSupport.byName;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ruby's two test frameworks (issue 10): minitest, run the way `ruby x_test.rb` runs it (at exit), and RSpec; detection
 * and the `framework` override; test-unit refused by name.
 */
class RubyFrameworksIT {
    private static final String CALC = "class Calc\n  def add(a, b) = a + b\n  def div(a, b) = a / b\nend\n";

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("ruby");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    private static Map<String, Object> req(String framework, Object[] sources, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "ruby");
        req.put("files", files(sources));
        req.put("tests", files(tests));
        // these tests check results, not limits: room for a loaded CI machine (a hanging test sets its own)
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        if (framework != null) {
            req.put("framework", framework);
        }
        return req;
    }

    private static Object[] calc(String name) {
        return new Object[]{name, CALC};
    }

    private static void checkFourStatuses(JsonNode b, String pass, String fail, String skip, String error) {
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(4, t.size(), b::toString);
        assertEquals("passed", t.get(pass).path("status").asText(), b::toString);
        assertEquals("failed", t.get(fail).path("status").asText(), b::toString);
        assertEquals("skipped", t.get(skip).path("status").asText(), b::toString);
        assertEquals("later", t.get(skip).path("message").asText(), b::toString);
        assertEquals("errored", t.get(error).path("status").asText(), b::toString);
        assertEquals("ZeroDivisionError: divided by 0", t.get(error).path("message").asText(), b::toString);
        String out = b.path("run").path("stdout").asText();
        assertTrue(out.contains("student says hi"), b::toString);
        assertTrue(!out.contains("examples") && !out.contains("runs,"), "the framework's own report leaked: " + out);
    }

    @Test
    void minitestPassFailSkipErrorAndOutput() throws Exception {
        JsonNode b = ok(req(null, calc("calc.rb"), "calc_test.rb", String.join("\n",
                "require 'minitest/autorun'",
                "require_relative 'calc'",
                "",
                "class CalcTest < Minitest::Test",
                "  def test_add",
                "    puts 'student says hi'",
                "    assert_equal 5, Calc.new.add(2, 3)",
                "  end",
                "",
                "  def test_add_wrong",
                "    assert_equal 5, Calc.new.add(2, 2)",
                "  end",
                "",
                "  def test_later",
                "    skip 'later'",
                "  end",
                "",
                "  def test_div_by_zero",
                "    Calc.new.div(1, 0)",
                "  end",
                "end", "")));
        checkFourStatuses(b, "CalcTest#test_add", "CalcTest#test_add_wrong", "CalcTest#test_later",
                "CalcTest#test_div_by_zero");
        JsonNode wrong = byName(b).get("CalcTest#test_add_wrong");
        assertEquals("Expected: 5\n  Actual: 4", wrong.path("message").asText(), b::toString);
        assertTrue(wrong.path("stack_trace").asText().startsWith("calc_test.rb:11"), b::toString);
    }

    private static final String SPEC = String.join("\n",
            "require 'calc'",
            "",
            "RSpec.describe Calc do",
            "  it 'adds' do",
            "    puts 'student says hi'",
            "    expect(Calc.new.add(2, 3)).to eq(5)",
            "  end",
            "",
            "  it 'adds wrong' do",
            "    expect(Calc.new.add(2, 2)).to eq(5)",
            "  end",
            "",
            "  it 'waits', skip: 'later' do",
            "    raise 'must not run'",
            "  end",
            "",
            "  describe '#div' do",
            "    it 'divides by zero' do",
            "      Calc.new.div(1, 0)",
            "    end",
            "  end",
            "end", "");

    @Test
    void rspecPassFailSkipErrorAndOutput() throws Exception {
        JsonNode b = ok(req(null, calc("lib/calc.rb"), "spec/calc_spec.rb", SPEC));
        checkFourStatuses(b, "Calc adds", "Calc adds wrong", "Calc waits", "Calc#div divides by zero");
        JsonNode wrong = byName(b).get("Calc adds wrong");
        assertTrue(wrong.path("message").asText().contains("expected: 5\n     got: 4"), b::toString);
        assertTrue(wrong.path("stack_trace").asText().contains("spec/calc_spec.rb:10"), b::toString);
    }

    @Test
    void rspecLoadErrorIsNamedAfterTheFile() throws Exception {
        JsonNode b = ok(req(null, calc("lib/calc.rb"),
                "spec/calc_spec.rb", "require 'calc'\nRSpec.describe Calculator do\n  it('adds') { }\nend\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        JsonNode t = byName(b).get("spec/calc_spec.rb");
        assertEquals("errored", t.path("status").asText(), b::toString);
        assertTrue(t.path("message").asText().startsWith(
                "error while loading spec/calc_spec.rb: NameError: uninitialized constant Calculator"), b::toString);
    }

    @Test
    void aHangingRSpecExampleIsTimeLimitAndKeepsTheFinishedResults() throws Exception {
        Map<String, Object> r = req(null, calc("lib/calc.rb"), "spec/slow_spec.rb", String.join("\n",
                "require 'calc'",
                "RSpec.describe Calc do",
                "  it('a fast') { expect(Calc.new.add(1, 1)).to eq(2) }",
                "  it('b fails') { expect(Calc.new.add(1, 1)).to eq(3) }",
                "  it('c hangs') { loop { sleep 0.01 } }",
                "end", ""));
        r.put("limits", Map.of("wall_time_ms", 6000));
        JsonNode b = ok(r);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        Map<String, String> got = new TreeMap<>();
        byName(b).forEach((name, t) -> got.put(name, t.path("status").asText()));
        assertEquals(new TreeMap<>(Map.of("Calc a fast", "passed", "Calc b fails", "failed")), got, b::toString);
    }

    @Test
    void frameworkOverridesDetection() throws Exception {
        // a minitest/spec file named like an RSpec one, without requires: detected as RSpec, it fails there
        String spec = "require_relative 'calc'\n\ndescribe Calc do\n  it 'adds' do\n"
                + "    _(Calc.new.add(2, 3)).must_equal 5\n  end\nend\n";
        JsonNode detected = ok(req(null, calc("calc.rb"), "calc_spec.rb", spec));
        assertEquals("tests_failed", detected.path("status").asText(), detected::toString);
        JsonNode minitest = ok(req("minitest", calc("calc.rb"), "calc_spec.rb", spec));
        assertEquals("ok", minitest.path("status").asText(), minitest::toString);
        assertEquals(List.of("Calc#test_0001_adds"), List.copyOf(byName(minitest).keySet()), minitest::toString);
    }

    @Test
    void anUnknownFrameworkIsRefusedAndTestUnitIsNamed() throws Exception {
        ItSupport.Reply r = ItSupport.post("/api/v1/runs", req("test-unit", calc("calc.rb"), "calc_test.rb", "x = 1\n"));
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("unknown_framework", r.body().path("error").path("code").asText());
        JsonNode b = ok(req(null, calc("calc.rb"), "calc_test.rb",
                "require 'test/unit'\nrequire_relative 'calc'\nclass CalcTest < Test::Unit::TestCase\n"
                        + "  def test_add\n    assert_equal 5, Calc.new.add(2, 3)\n  end\nend\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("test-unit"), b::toString);
    }

    @Test
    void minitestPrideIsLoadedAsRubyGemsWouldAndChangesNoVerdict() throws Exception {
        // older suites start with `require 'minitest/pride'`: it needs the pride plugin, which `ruby x_test.rb` loads
        // through RubyGems (the harness runs without them); a failure still fails and nothing of the report leaks
        JsonNode b = ok(req(null, calc("lib/calc.rb"), "test/calc_test.rb", String.join("\n",
                "require 'minitest/autorun'",
                "require 'minitest/pride'",
                "require_relative '../lib/calc'",
                "",
                "class CalcTest < Minitest::Test",
                "  def test_add",
                "    assert_equal 5, Calc.new.add(2, 3)",
                "  end",
                "",
                "  def test_add_wrong",
                "    assert_equal 6, Calc.new.add(2, 3)",
                "  end",
                "end", "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(2, t.size(), b::toString);
        assertEquals("passed", t.get("CalcTest#test_add").path("status").asText(), b::toString);
        assertEquals("failed", t.get("CalcTest#test_add_wrong").path("status").asText(), b::toString);
        assertEquals("Expected: 6\n  Actual: 5", t.get("CalcTest#test_add_wrong").path("message").asText(), b::toString);
        String out = b.path("run").path("stdout").asText();
        assertTrue(!out.contains("runs,") && !out.contains("Fabulous"), "the framework's own report leaked: " + out);
    }

    @Test
    void rubyGemsIsThereForCodeThatNamesIt() throws Exception {
        // tests mode starts Ruby without RubyGems; a helper that compares versions with Gem::Version (as test helpers
        // of real suites do) still finds it, as under `ruby x_test.rb`, and a wrong comparison still fails
        JsonNode b = ok(req(null, calc("calc.rb"), "calc_test.rb", String.join("\n",
                "require 'minitest/autorun'",
                "require_relative 'calc'",
                "",
                "class CalcTest < Minitest::Test",
                "  def test_modern_ruby",
                "    assert Gem::Version.new(RUBY_VERSION) >= Gem::Version.new('3.0')",
                "  end",
                "",
                "  def test_versions_compare",
                "    assert Gem::Version.new('1.10') < Gem::Version.new('1.9'), 'versions'",
                "  end",
                "end", "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        Map<String, JsonNode> t = byName(b);
        assertEquals(2, t.size(), b::toString);
        assertEquals("passed", t.get("CalcTest#test_modern_ruby").path("status").asText(), b::toString);
        assertEquals("failed", t.get("CalcTest#test_versions_compare").path("status").asText(), b::toString);
        assertEquals("versions", t.get("CalcTest#test_versions_compare").path("message").asText(), b::toString);
    }

    @Test
    void minitestRunsAtExitLikeRubyDoes() throws Exception {
        // the solution finishes defining itself in at_exit and then calls exit: `ruby calc_test.rb` still runs the
        // tests (minitest's own at_exit handler runs last), and MiniTest::Test of older suites still resolves
        String solution = "class Calc\n  def add(a, b) = a + b\nend\n"
                + "at_exit { Calc.class_eval { def sub(a, b) = a - b } }\nputs 'solution loaded'\n";
        JsonNode b = ok(req(null, new Object[]{"calc.rb", solution}, "calc_test.rb", String.join("\n",
                "require 'minitest/autorun'",
                "",
                "class CalcTest < MiniTest::Test",
                "  def test_add",
                "    assert_equal 4, Calc.new.add(2, 2)",
                "  end",
                "",
                "  def test_sub",
                "    assert_equal 1, Calc.new.sub(3, 2)",
                "  end",
                "end",
                "",
                "require_relative 'calc'",
                "exit",
                "")));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("tests").size(), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("solution loaded"), b::toString);
    }
}
