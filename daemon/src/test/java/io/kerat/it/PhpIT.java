package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.testNamed;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PHP (Debian's php-cli 8.4 with PHPUnit 11) end to end over HTTP with real runsc: run, cases and PHPUnit suites. */
class PhpIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("php");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void helloWorld() throws Exception {
        JsonNode b = ok(run("php", "main.php", "main.php", "<?php\necho 'hi ', PHP_MAJOR_VERSION, \"\\n\";\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("php", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("8\\.4\\.\\d+"), b::toString);
        assertEquals("hi 8\n", b.path("run").path("stdout").asText());
        assertEquals("", b.path("run").path("stderr").asText());
    }

    @Test
    void stdinIsDelivered() throws Exception {
        Map<String, Object> req = run("php8", "main.php", "main.php",
                "<?php\n$n = preg_split('/\\s+/', trim(stream_get_contents(STDIN)));\necho array_sum(array_map('intval', $n)), \"\\n\";\n");
        req.put("stdin", "1 2 3\n4\n");
        JsonNode b = ok(req);
        assertEquals("php", b.path("language").asText(), b::toString);
        assertEquals("10\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void multiFileWithArgs() throws Exception {
        Map<String, Object> req = run("php", "app/main.php",
                "app/main.php", "<?php\nrequire_once __DIR__ . '/../lib/util.php';\necho twice($argv[1]), \"\\n\";\n",
                "lib/util.php", "<?php\nfunction twice(string $s): string { return $s . $s; }\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void uncaughtExceptionIsRuntimeError() throws Exception {
        JsonNode b = ok(run("php", "main.php", "main.php", "<?php\necho \"before\\n\";\nthrow new RuntimeException('bad input');\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(255, b.path("run").path("exit_code").asInt());
        assertTrue(b.path("run").path("stdout").asText().startsWith("before\n"), b::toString);
        String all = b.path("run").path("stdout").asText() + b.path("run").path("stderr").asText();
        assertTrue(all.contains("bad input"), b::toString);
    }

    @Test
    void syntaxErrorIsRuntimeErrorInRunMode() throws Exception {
        JsonNode b = ok(run("php", "main.php", "main.php", "<?php\necho 1 +;\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        String all = b.path("run").path("stdout").asText() + b.path("run").path("stderr").asText();
        assertTrue(all.contains("syntax error"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("php", "main.php", "main.php",
                "<?php\n[$a, $b] = array_map('intval', preg_split('/\\s+/', trim(stream_get_contents(STDIN))));\necho $a + $b, \"\\n\";\n");
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
        req.put("language", "php");
        req.put("entrypoint", entry);
        req.put("files", sources);
        req.put("tests", files(tests));
        // PHPUnit's start costs about 2 s of CPU under runsc ptrace: room for a loaded CI machine
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        return req;
    }

    private static final String CALC = String.join("\n",
            "<?php",
            "class Calc {",
            "    public function add(int $a, int $b): int { echo \"{\\\"event\\\": \\\"done\\\"}\\n\"; return $a + $b; }",
            "    public function sub(int $a, int $b): int { return $a + $b; }",
            "}", "");

    @Test
    void phpunitSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files("Calc.php", CALC), "Calc.php",
                "CalcTest.php", String.join("\n",
                        "<?php",
                        "use PHPUnit\\Framework\\TestCase;",
                        "require_once __DIR__ . '/Calc.php';",
                        "final class CalcTest extends TestCase {",
                        "    public function testAdd(): void { $this->assertSame(5, (new Calc())->add(2, 3)); }",
                        "    public function testSub(): void { $this->assertSame(2, (new Calc())->sub(5, 3), 'five minus three'); }",
                        "    public function testLater(): void { $this->markTestSkipped('not yet'); }",
                        "    public function testBoom(): void { throw new RuntimeException('boom'); }",
                        "    /** @dataProvider pairs */",
                        "    public function testPairs(int $a, int $b, int $s): void { $this->assertSame($s, (new Calc())->add($a, $b)); }",
                        "    public static function pairs(): array { return [[1, 1, 2], [2, 2, 5]]; }",
                        "}", "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(6, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "CalcTest::testAdd").path("status").asText());
        assertTrue(testNamed(b, "CalcTest::testAdd").path("passed").asBoolean());
        JsonNode sub = testNamed(b, "CalcTest::testSub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertFalse(sub.path("passed").asBoolean());
        assertEquals("five minus three\nFailed asserting that 8 is identical to 2.", sub.path("message").asText(), b::toString);
        assertEquals("/workspace/CalcTest.php:6", sub.path("stack_trace").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "CalcTest::testLater").path("status").asText());
        assertEquals("not yet", testNamed(b, "CalcTest::testLater").path("message").asText());
        JsonNode boom = testNamed(b, "CalcTest::testBoom");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertEquals("RuntimeException: boom", boom.path("message").asText());
        assertEquals("passed", testNamed(b, "CalcTest::testPairs with data set #0").path("status").asText());
        assertEquals("failed", testNamed(b, "CalcTest::testPairs with data set #1").path("status").asText());
        assertTrue(b.path("run").path("stdout").asText().contains("{\"event\": \"done\"}"), b::toString);
    }

    @Test
    void passingSuitesInTwoFilesAreOk() throws Exception {
        JsonNode b = ok(tests(files("Calc.php", CALC), "Calc.php",
                "ATest.php", "<?php\nuse PHPUnit\\Framework\\TestCase;\nrequire_once 'Calc.php';\n"
                        + "class ATest extends TestCase {\n  public function testAdd(): void { $this->assertSame(4, (new Calc())->add(2, 2)); }\n}\n",
                "BTest.php", "<?php\nuse PHPUnit\\Framework\\TestCase;\n"
                        + "class BTest extends TestCase {\n  public function testTruth(): void { $this->assertTrue(true); }\n}\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "ATest::testAdd").path("status").asText());
        assertEquals("passed", testNamed(b, "BTest::testTruth").path("status").asText());
    }

    @Test
    void syntaxErrorInCodeUnderTestIsCompileError() throws Exception {
        JsonNode b = ok(tests(files("Calc.php", "<?php\nclass Calc {\n  public function add($a, $b) { return $a + ; }\n}\n"), "Calc.php",
                "CalcTest.php", "<?php\nuse PHPUnit\\Framework\\TestCase;\nrequire_once 'Calc.php';\n"
                        + "class CalcTest extends TestCase {\n  public function testX(): void { $this->assertTrue(true); }\n}\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText();
        assertTrue(msg.contains("syntax error") && msg.contains("Calc.php on line 3"), b::toString);
    }

    @Test
    void exitInsideATestIsRuntimeError() throws Exception {
        JsonNode b = ok(tests(files("Calc.php", CALC), "Calc.php",
                "QuitTest.php", "<?php\nuse PHPUnit\\Framework\\TestCase;\n"
                        + "class QuitTest extends TestCase {\n  public function testQuit(): void { exit(0); }\n}\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
    }

    @Test
    void testFileWithoutTestsFinishesWithNoTests() throws Exception {
        JsonNode b = ok(tests(files("Calc.php", CALC), "Calc.php", "EmptyTest.php", "<?php\n// nothing yet\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(0, b.path("tests").size(), b::toString);
        assertTrue(b.path("message").asText().contains("no tests"), b::toString);
    }

    @Test
    void attributesReportEachTestAndStudentOutputStaysOnStdout() throws Exception {
        Map<String, Object> req = tests(files("Calc.php", CALC), "Calc.php",
                "AttrTest.php", String.join("\n",
                        "<?php",
                        "declare(strict_types=1);",
                        "use PHPUnit\\Framework\\Attributes\\DataProvider;",
                        "use PHPUnit\\Framework\\Attributes\\Test;",
                        "use PHPUnit\\Framework\\Attributes\\TestDox;",
                        "use PHPUnit\\Framework\\TestCase;",
                        "final class AttrTest extends TestCase {",
                        "    public static function setUpBeforeClass(): void { require_once 'Calc.php'; }",
                        "    #[Test] #[TestDox('adds')] public function adds(): void { echo \"student says hi\\n\"; $this->assertSame(5, (new Calc())->add(2, 3)); }",
                        "    #[Test] public function subtracts(): void { $this->assertSame(2, (new Calc())->sub(5, 3)); }",
                        "    #[Test] public function later(): void { $this->markTestIncomplete('some day'); }",
                        "    #[Test] public function boom(): void { throw new LogicException('bad state'); }",
                        "    public static function named(): array { return ['small' => [1, 1, 2], 'large' => [40, 2, 42]]; }",
                        "    #[Test] #[DataProvider('named')] public function pairs(int $a, int $b, int $s): void { $this->assertSame($s, (new Calc())->add($a, $b)); }",
                        "    public function oldStyle(): array { return [[1]]; }",
                        "    /** @dataProvider oldStyle */",
                        "    public function testNonStaticProvider(int $a): void { $this->assertSame(1, $a); }",
                        "}", ""));
        req.put("framework", "phpunit");
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(7, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "AttrTest::adds").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "AttrTest::subtracts");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("Failed asserting that 8 is identical to 2.", sub.path("message").asText(), b::toString);
        JsonNode later = testNamed(b, "AttrTest::later");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("incomplete: some day", later.path("message").asText(), b::toString);
        JsonNode boom = testNamed(b, "AttrTest::boom");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertEquals("LogicException: bad state", boom.path("message").asText(), b::toString);
        assertEquals("passed", testNamed(b, "AttrTest::pairs with data set \"small\"").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "AttrTest::pairs with data set \"large\"").path("status").asText(), b::toString);
        // PHPUnit 11 refuses a data provider that is not static: reported, not silently dropped
        JsonNode old = testNamed(b, "AttrTest::testNonStaticProvider");
        assertEquals("errored", old.path("status").asText(), b::toString);
        assertTrue(old.path("message").asText().contains("is not static"), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("student says hi"), b::toString);
    }

    @Test
    void frameworkOverrideAndUnknownFramework() throws Exception {
        Map<String, Object> req = tests(files("Calc.php", CALC), "Calc.php",
                "OkTest.php", "<?php\nuse PHPUnit\\Framework\\TestCase;\nclass OkTest extends TestCase {\n"
                        + "  public function testTruth(): void { $this->assertTrue(true); }\n}\n");
        req.put("framework", "phpunit");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "OkTest::testTruth").path("status").asText(), b::toString);

        req.put("framework", "pest");
        ItSupport.Reply r = ItSupport.post("/api/v1/runs", req);
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("unknown_framework", r.body().path("error").path("code").asText(), r.body()::toString);
        assertTrue(r.body().path("error").path("message").asText().contains("phpunit"), r.body()::toString);
    }

    @Test
    void anotherFrameworksTestsAreACompileErrorNamingIt() throws Exception {
        JsonNode b = ok(tests(files("Calc.php", CALC), "Calc.php",
                "CalcTest.php", "<?php\nrequire_once 'Calc.php';\n"
                        + "test('adds', function () { expect((new Calc())->add(1, 1))->toBe(2); });\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("Pest"), b::toString);
    }

    @Test
    void anErrorInSetUpBeforeClassErrsEveryTestOfTheClass() throws Exception {
        JsonNode b = ok(tests(files("Calc.php", CALC), "Calc.php",
                "BrokenTest.php", "<?php\nuse PHPUnit\\Framework\\TestCase;\nclass BrokenTest extends TestCase {\n"
                        + "  public static function setUpBeforeClass(): void { throw new RuntimeException('no database'); }\n"
                        + "  public function testOne(): void { $this->assertTrue(true); }\n"
                        + "  public function testTwo(): void { $this->assertTrue(true); }\n}\n"));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("tests").size(), b::toString);
        for (String n : List.of("BrokenTest::testOne", "BrokenTest::testTwo")) {
            JsonNode t = testNamed(b, n);
            assertEquals("errored", t.path("status").asText(), b::toString);
            assertTrue(t.path("message").asText().contains("no database"), b::toString);
        }
    }
}
