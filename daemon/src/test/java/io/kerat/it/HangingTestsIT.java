package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A test suite whose third test hangs, in the languages whose own IT class does not already check it (Python, Go,
 * C and C++ do): the run ends at the wall limit as time_limit, and the two tests that finished before are listed
 * with their results, because every harness writes each result as its test ends.
 */
class HangingTestsIT {
    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** Runs the suite with the given wall limit; checks time_limit and exactly the two finished tests. */
    private static void hangs(String language, long wallMs, Object[] sources, Object[] tests, String passedName,
                              String failedName) throws Exception {
        ItSupport.daemon(language);
        Map<String, Object> req = run(language, (String) sources[0], sources);
        req.put("tests", files(tests));
        req.put("limits", Map.of("wall_time_ms", wallMs));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        Map<String, String> got = new TreeMap<>();
        ItSupport.byName(b).forEach((name, t) -> got.put(name, t.path("status").asText()));
        assertEquals(new TreeMap<>(Map.of(passedName, "passed", failedName, "failed")), got, b::toString);
    }

    @Test
    void node() throws Exception {
        // 10 s: Node 20 under runsc ptrace on a loaded machine took up to 6 s of wall time to start (seen at 3 s: no results)
        hangs("node", 10000, new Object[]{"calc.js", "module.exports = { add: (a, b) => a + b };\n"},
                new Object[]{"calc.test.js", String.join("\n",
                        "const test = require('node:test');",
                        "const assert = require('node:assert');",
                        "const calc = require('./calc');",
                        "test('a fast', () => { assert.strictEqual(calc.add(1, 1), 2); });",
                        "test('b fails', () => { assert.strictEqual(calc.add(1, 1), 3, 'one plus one'); });",
                        "test('c hangs', () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); });",
                        "")},
                "a fast", "b fails");
    }

    @Test
    void ruby() throws Exception {
        hangs("ruby", 6000, new Object[]{"calc.rb", "class Calc\n  def add(a, b) = a + b\nend\n"},
                new Object[]{"test_slow.rb", String.join("\n",
                        "require 'minitest/autorun'",
                        "require_relative 'calc'",
                        "class TestSlow < Minitest::Test",
                        "  i_suck_and_my_tests_are_order_dependent!",
                        "  def test_a_fast = assert_equal(2, Calc.new.add(1, 1))",
                        "  def test_b_fails = assert_equal(3, Calc.new.add(1, 1))",
                        "  def test_c_hangs",
                        "    loop { sleep 0.01 }",
                        "  end",
                        "end", "")},
                "TestSlow#test_a_fast", "TestSlow#test_b_fails");
    }

    @Test
    void php() throws Exception {
        // 8 s: with 3 s PHPUnit had reported nothing yet on a loaded 2-core host (load 21; 1.1 s of CPU in 4.1 s)
        hangs("php", 8000, new Object[]{"Calc.php", "<?php\nfunction add(int $a, int $b): int { return $a + $b; }\n"},
                new Object[]{"SlowTest.php", String.join("\n",
                        "<?php",
                        "use PHPUnit\\Framework\\TestCase;",
                        "require_once __DIR__ . '/Calc.php';",
                        "final class SlowTest extends TestCase {",
                        "    public function testAFast(): void { $this->assertSame(2, add(1, 1)); }",
                        "    public function testBFails(): void { $this->assertSame(3, add(1, 1)); }",
                        "    public function testCHangs(): void { while (true) { usleep(10000); } }",
                        "}", "")},
                "SlowTest::testAFast", "SlowTest::testBFails");
    }

    @Test
    void java() throws Exception {
        hangs("java", 8000, new Object[]{"Calc.java", "public class Calc { static int add(int a, int b) { return a + b; } }\n"},
                new Object[]{"SlowTest.java", String.join("\n",
                        "import org.junit.jupiter.api.*;",
                        "import static org.junit.jupiter.api.Assertions.*;",
                        "@TestMethodOrder(MethodOrderer.MethodName.class)",
                        "class SlowTest {",
                        "  @Test void aFast() { assertEquals(2, Calc.add(1, 1)); }",
                        "  @Test void bFails() { assertEquals(3, Calc.add(1, 1)); }",
                        "  @Test void cHangs() throws Exception { while (true) { Thread.sleep(10); } }",
                        "}", "")},
                "SlowTest.aFast", "SlowTest.bFails");
    }

    @Test
    void csharp() throws Exception {
        hangs("csharp", 8000, new Object[]{"Calc.cs", String.join("\n",
                        "namespace Calc {",
                        "    public static class Ops { public static int Add(int a, int b) { return a + b; } }",
                        "    public static class Program { public static void Main() { } }",
                        "}", "")},
                new Object[]{"SlowTests.cs", String.join("\n",
                        "using Xunit;",
                        "namespace Calc.Tests {",
                        "    public class SlowTests {",
                        "        [Fact] public void A_Fast() { Assert.Equal(2, Ops.Add(1, 1)); }",
                        "        [Fact] public void B_Fails() { Assert.Equal(3, Ops.Add(1, 1)); }",
                        "        [Fact] public void C_Hangs() { while (true) { System.Threading.Thread.Sleep(10); } }",
                        "    }",
                        "}", "")},
                "SlowTests.A_Fast", "SlowTests.B_Fails");
    }
}
