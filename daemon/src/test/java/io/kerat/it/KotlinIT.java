package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static io.kerat.it.ItSupport.testNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kotlin (kotlin-compiler-embeddable 2.x from Maven Central on Debian's OpenJDK 21, JUnit 5 with kotlin.test) end
 * to end over HTTP with real runsc: run, cases, tests, Judge0 and Piston.
 */
class KotlinIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("kotlin");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** Outcomes, not limits: room for a loaded CI machine (the compiler is a big JVM program). */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1 << 30));
        req.putIfAbsent("compile_limits", Map.of("wall_time_ms", 90000, "cpu_time_ms", 60000, "memory_bytes", 1 << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloStdinUtf8AndTheRealVersion() throws Exception {
        Map<String, Object> req = run("kotlin", "main.kt", "main.kt", String.join("\n",
                "fun main() {",
                "    val nums = generateSequence(::readlnOrNull).flatMap { it.split(' ').asSequence() }",
                "        .filter { it.isNotBlank() }.map { it.toInt() }.toList()",
                "    println(\"hi ${KotlinVersion.CURRENT} ${nums.sum()} ${\"héllo\".uppercase()}\")",
                "}"));
        req.put("stdin", "1 2 3\n4\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("kotlin", b.path("language").asText());
        String version = b.path("version").asText();
        assertTrue(version.matches("2\\.\\d+\\.\\d+"), b::toString);
        assertEquals("hi " + version + " 10 HÉLLO\n", b.path("run").path("stdout").asText(), b::toString);
        JsonNode runtimes = ItSupport.get("/api/v1/runtimes").body();
        boolean listed = false;
        for (JsonNode r : runtimes.isArray() ? runtimes : runtimes.path("runtimes")) {
            if (r.path("language").asText().equals("kotlin")) {
                listed = true;
                assertTrue(r.toString().contains(version) && r.toString().contains("\"kt\""), r::toString);
            }
        }
        assertTrue(listed, runtimes::toString);
    }

    @Test
    void multiFileWithArgsThroughTheAlias() throws Exception {
        Map<String, Object> req = run("kt", "app/Main.kt",
                "app/Main.kt", "package app\n\nimport util.twice\n\nfun main(args: Array<String>) = println(twice(args[0]))\n",
                "util/Util.kt", "package util\n\nfun twice(s: String) = s + s\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("kotlin", b.path("language").asText());
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void uncaughtExceptionIsRuntimeError() throws Exception {
        JsonNode b = ok(run("kotlin", "main.kt", "main.kt",
                "fun main() {\n    println(\"before\")\n    check(1 > 2) { \"bad input\" }\n}\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText(), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("java.lang.IllegalStateException: bad input"), b::toString);
    }

    @Test
    void typeErrorIsCompileError() throws Exception {
        JsonNode b = ok(run("kotlin", "main.kt", "main.kt", "fun main() {\n    val x: Int = \"text\"\n    println(x)\n}\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText();
        assertTrue(msg.contains("main.kt:2") && msg.contains("error:") && msg.contains("mismatch"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("kotlin", "main.kt", "main.kt",
                "fun main() {\n    val (a, b) = readln().split(' ').map { it.toInt() }\n    println(a + b)\n}\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    @Test
    void junit5SuiteWithKotlinTestReportsEachTest() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "kotlin");
        req.put("entrypoint", "Calc.kt");
        req.put("files", files("Calc.kt", "class Calc {\n    fun add(a: Int, b: Int) = a + b\n    fun sub(a: Int, b: Int) = a + b\n}\n"));
        req.put("tests", files("CalcTest.kt", String.join("\n",
                "import kotlin.test.Test",
                "import kotlin.test.assertEquals",
                "import org.junit.jupiter.api.Disabled",
                "",
                "class CalcTest {",
                "    @Test fun add() {",
                "        println(\"{\\\"name\\\":\\\"CalcTest.sub\\\",\\\"status\\\":\\\"passed\\\"}\")",
                "        assertEquals(5, Calc().add(2, 3))",
                "    }",
                "    @Test fun sub() = assertEquals(2, Calc().sub(5, 3), \"five minus three\")",
                "    @Test @Disabled(\"not yet\") fun later() {}",
                "    @Test fun `divides by zero`() { println(1 / (Calc().add(1, -1))) }",
                "}")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "CalcTest.add").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "CalcTest.sub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("five minus three ==> expected: <2> but was: <8>", sub.path("message").asText(), b::toString);
        assertTrue(sub.path("stack_trace").asText().contains("CalcTest.kt:10"), b::toString);
        assertEquals("skipped", testNamed(b, "CalcTest.later").path("status").asText(), b::toString);
        assertEquals("not yet", testNamed(b, "CalcTest.later").path("message").asText(), b::toString);
        JsonNode div = testNamed(b, "CalcTest.divides by zero");
        assertEquals("errored", div.path("status").asText(), b::toString);
        assertEquals("java.lang.ArithmeticException: / by zero", div.path("message").asText(), b::toString);
        // the forged line went to stdout, not into the results
        assertTrue(b.path("run").path("stdout").asText().contains("\"status\":\"passed\""), b::toString);
    }

    @Test
    void judge0AndPiston() throws Exception {
        Map<String, Object> sub = new HashMap<>(Map.of("language_id", 78,
                "source_code", "fun main() {\n    println(\"judge0 \" + readln().reversed())\n}\n",
                "stdin", "abc\n", "cpu_time_limit", 20, "wall_time_limit", 30, "memory_limit", 1 << 20));
        ItSupport.Reply j = ItSupport.post("/submissions?base64_encoded=false&wait=true", sub);
        assertEquals(201, j.status(), () -> String.valueOf(j.body()));
        assertEquals(3, j.body().path("status").path("id").asInt(), j.body()::toString);
        assertEquals("judge0 cba\n", j.body().path("stdout").asText(), j.body()::toString);

        Map<String, Object> exec = new HashMap<>(Map.of("language", "kotlin", "version", "*",
                "files", List.of(Map.of("name", "Main.kt", "content", "fun main(args: Array<String>) = println(\"piston \" + args.joinToString(\",\"))")),
                "args", List.of("x", "y"), "run_timeout", 30000, "compile_timeout", 90000, "run_cpu_time", 20000,
                "compile_cpu_time", 60000));
        exec.put("run_memory_limit", 1L << 30);
        exec.put("compile_memory_limit", 1L << 30);
        ItSupport.Reply p = ItSupport.post("/api/v2/execute", exec);
        assertEquals(200, p.status(), () -> String.valueOf(p.body()));
        assertEquals("kotlin", p.body().path("language").asText(), p.body()::toString);
        assertEquals("piston x,y\n", p.body().path("run").path("stdout").asText(), p.body()::toString);
        assertEquals(0, p.body().path("run").path("code").asInt(), p.body()::toString);
    }
}
