package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a pooled PHP sandbox whose init is php itself, started ahead ({@code php -r} with {@code runners/php/
 * prestart/boot.php}), runs the program as a cold {@code php main.php} would: each probe runs cold, then warm; the
 * answers must be identical, and each warm run must have been run by the started interpreter ({@link PrestartProbes}).
 */
class PhpPrestartIT {
    private static final String INFO = """
            <?php
            $x = 1;
            var_dump(array_keys(get_defined_vars()), $argv, $argc, __FILE__, __DIR__, get_included_files());
            var_dump(get_defined_functions()['user'], get_defined_constants(true)['user'] ?? null, count(get_declared_classes()));
            $server = $_SERVER;
            unset($server['REQUEST_TIME'], $server['REQUEST_TIME_FLOAT']);
            ksort($server); // (runsc passes a cold start's environment in no fixed order)
            var_dump($server, array_slice(array_keys($_SERVER), -9));
            $env = getenv();
            ksort($env);
            var_dump($env, $_ENV, getcwd(), scandir('/kerat/out'), scandir('/workspace'));
            $l = posix_getrlimit();
            var_dump($l['soft maxproc'], $l['hard maxproc'], $l['soft openfiles'], $l['hard openfiles'], $l['soft filesize']);
            var_dump(set_exception_handler(null), set_error_handler(null), error_reporting(), ini_get('display_errors'));
            var_dump(stream_get_contents(STDIN), PHP_BINARY, php_sapi_name(), ob_get_level());
            require __DIR__ . '/helper.php';
            var_dump(where(), get_included_files(), get_defined_functions()['user']);
            echo "end\\n";
            """;
    private static final String HELPER = "<?php\nfunction where() { return __DIR__; }\n";
    private static final PrestartProbes PROBES = new PrestartProbes("php");

    static {
        PrestartProbes p = PROBES;
        p.probe("info", "main.php", "in put", List.of("a", "b c", "ü", "--flag"), "main.php", INFO, "helper.php", HELPER);
        p.probe("info in a subdirectory", "app/main.php", null, List.of(), "app/main.php", INFO, "app/helper.php", HELPER);
        p.probe("STDIN echo, binary", "main.php", "GO\n\u0000\r\n\u00e9\u20ac\ud83d\ude00\nx", List.of(), "main.php",
                "<?php\n$first = fgets(STDIN);\n$rest = stream_get_contents(STDIN);\necho $first, '|', $rest;\n"
                        + "var_dump($first, $rest);\n");
        p.probe("exit(3)", "main.php", null, List.of(), "main.php", "<?php\necho \"before\\n\";\nexit(3);\n");
        p.probe("exit('msg')", "main.php", null, List.of(), "main.php", "<?php\nexit('a message');\n");
        p.probe("uncaught exception, chained", "main.php", null, List.of(), "main.php", """
                <?php
                function inner() { throw new RuntimeException('inner'); }
                function outer() {
                    try {
                        inner();
                    } catch (RuntimeException $e) {
                        throw new LogicException('wrapped', 2, $e);
                    }
                }
                register_shutdown_function(function () { echo "shutdown\\n"; });
                echo "start\\n";
                outer();
                """);
        p.probe("uncaught error in a required file", "main.php", null, List.of(),
                "main.php", "<?php\nrequire 'lib.php';\nboom();\n", "lib.php", "<?php\nfunction boom() { return intdiv(1, 0); }\n");
        p.probe("uncaught at the top level, own exception handler", "main.php", null, List.of(), "main.php", """
                <?php
                set_exception_handler(function (Throwable $e) {
                    echo get_class($e), ': ', $e->getMessage(), ' line ', $e->getLine(), "\\n", $e->getTraceAsString(), "\\n";
                });
                throw new DomainException('top');
                """);
        p.probe("fatal error: redeclared function", "main.php", null, List.of(), "main.php",
                "<?php\necho \"a\\n\";\nfunction f() {}\nfunction f() {}\n");
        p.probe("fatal error: memory limit", "main.php", null, List.of(), "main.php",
                "<?php\nini_set('memory_limit', '8M');\n$a = str_repeat('x', 20000000);\n");
        p.probe("strict_types", "main.php", null, List.of(), "main.php",
                "<?php\ndeclare(strict_types=1);\nfunction g(int $i): int { return $i; }\necho g(1), \"\\n\";\necho g('5');\n");
        p.probe("warnings", "main.php", null, List.of(), "main.php",
                "<?php\necho $undefined;\n$a = [];\necho $a['k'];\necho \"end\\n\";\n");
        p.probe("shutdown functions, destructors, exit(4)", "main.php", null, List.of(), "main.php", """
                <?php
                class D { function __destruct() { echo "destruct\\n"; } }
                $d = new D();
                register_shutdown_function(function () { echo "shutdown 1\\n"; });
                register_shutdown_function(function () { echo "shutdown 2\\n"; });
                echo "main ends\\n";
                exit(4);
                """);
        p.probe("SIGTERM to itself", "main.php", null, List.of(), "main.php",
                "<?php\necho \"x\\n\";\nposix_kill(getmypid(), SIGTERM);\nsleep(3);\necho \"not reached\\n\";\n");
        p.probe("parse error (the cold command runs)", "main.php", null, List.of(), "main.php",
                "<?php\necho \"a\\n\";\n$x = (;\n");
        p.probe("#! line (the cold command runs)", "main.php", null, List.of(), "main.php",
                "#!/usr/bin/env php\n<?php\necho \"shebang\\n\";\n");
        p.probe("top-level return", "main.php", null, List.of(), "main.php", "<?php\necho \"a\\n\";\nreturn 5;\n");
        p.probe("the request's own rlimits", "main.php", null, List.of(), "main.php", """
                <?php
                $l = posix_getrlimit();
                var_dump($l['soft maxproc'], $l['hard maxproc'], $l['soft openfiles'], $l['hard openfiles'], $l['soft filesize']);
                var_dump(@file_put_contents('/tmp/big', str_repeat('x', 2 << 20)));
                clearstatcache();
                var_dump(filesize('/tmp/big'));
                """).put("limits", Map.of("processes", 8L, "file_size_bytes", 1L << 20));
        p.probe("large output", "main.php", null, List.of(), "main.php",
                "<?php\necho str_repeat('y', 300000), \"\\nend\\n\";\n");
    }

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("php");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        Kerat k = ItSupport.daemon();
        k.executor().configurePool(Map.of("php", 0), 1L << 30);
        ItSupport.assertNothingLeft();
    }

    @Test
    void warmRunsAreIdenticalToColdOnes() throws Exception {
        Map<String, JsonNode> cold = PROBES.compare(ItSupport.daemon("php"));
        // the probes did exercise what they name
        assertEquals(3, cold.get("exit(3)").path("run").path("exit_code").asInt());
        assertEquals(4, cold.get("shutdown functions, destructors, exit(4)").path("run").path("exit_code").asInt());
        assertEquals(255, cold.get("uncaught exception, chained").path("run").path("exit_code").asInt());
        String chained = cold.get("uncaught exception, chained").path("run").path("stderr").asText();
        assertTrue(chained.contains("PHP Fatal error:  Uncaught RuntimeException: inner in /workspace/main.php:2")
                && chained.contains("Next LogicException: wrapped") && chained.contains("#1 {main}"), chained);
        String info = cold.get("info").path("run").path("stdout").asText();
        assertTrue(info.contains("KERAT_ENTRYPOINT") && info.contains("string(6) \"in put\"") && info.endsWith("end\n"),
                info);
        assertTrue(cold.get("parse error (the cold command runs)").path("run").path("stderr").asText()
                .contains("PHP Parse error"));
        assertEquals("shebang\n", cold.get("#! line (the cold command runs)").path("run").path("stdout").asText());
    }

    /** What tells the started interpreter from a cold one: its command line names the bootstrap (README). */
    @Test
    void theStartedInterpreterRunsTheProgramItself() throws Exception {
        Kerat k = ItSupport.daemon("php");
        ItSupport.enablePool("php", 1);
        Map<String, Object> req = ItSupport.run("php", "main.php", "main.php",
                "<?php\necho str_replace(\"\\0\", ' ', file_get_contents('/proc/self/cmdline'));\n");
        long before = k.executor().poolInterpreterRuns();
        JsonNode warm = PrestartProbes.servedWarm(k, req);
        String cmdline = warm.path("run").path("stdout").asText();
        assertTrue(cmdline.startsWith("php -r ") && cmdline.contains("/kerat/runner/prestart/boot.php"), warm::toString);
        assertEquals(before + 1, k.executor().poolInterpreterRuns());

        // tests mode runs another command (php harness.php): the started interpreter execs it
        Map<String, Object> tests = ItSupport.run("php", "Calc.php", "Calc.php",
                "<?php\nfunction add(int $a, int $b): int { return $a + $b; }\n");
        tests.put("tests", ItSupport.files("CalcTest.php", "<?php\nuse PHPUnit\\Framework\\TestCase;\n"
                + "require_once __DIR__ . '/Calc.php';\nfinal class CalcTest extends TestCase {\n"
                + "    public function testAdd(): void { $this->assertSame(3, add(1, 2)); }\n}\n"));
        // PHPUnit's start costs about 2 s of CPU under runsc ptrace: room for a loaded machine (PhpIT's limits)
        tests.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        JsonNode t = PrestartProbes.testsServedWarm(k, tests);
        assertEquals("ok", t.path("status").asText(), t::toString);
        assertEquals("passed", ItSupport.testNamed(t, "CalcTest::testAdd").path("status").asText(), t::toString);
    }
}
