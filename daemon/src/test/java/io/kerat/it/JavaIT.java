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

/** Java (OpenJDK 21 + JUnit 5) end to end over HTTP with real runsc, with the default limits unless stated. */
class JavaIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("java");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void helloWorld() throws Exception {
        JsonNode b = ok(run("java", "Main.java", "Main.java",
                "public class Main {\n  public static void main(String[] args) {\n    System.out.println(\"Hello, World!\");\n  }\n}\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("java", b.path("language").asText());
        assertTrue(b.path("version").asText().startsWith("21."), b::toString);
        assertEquals("ok", b.path("compile").path("status").asText(), b::toString);
        assertEquals("Hello, World!\n", b.path("run").path("stdout").asText(), b::toString);
        assertEquals("", b.path("run").path("stderr").asText(), b::toString);
        assertEquals(64, b.path("limits").path("processes").asInt(), "default run limits");
    }

    @Test
    void stdinIsEchoed() throws Exception {
        Map<String, Object> req = run("java", "Echo.java", "Echo.java", String.join("\n",
                "import java.io.*;",
                "public class Echo {",
                "  public static void main(String[] a) throws IOException {",
                "    BufferedReader r = new BufferedReader(new InputStreamReader(System.in));",
                "    String line; long sum = 0;",
                "    while ((line = r.readLine()) != null) { System.out.println(\"> \" + line); for (String t : line.trim().split(\"\\\\s+\")) if (!t.isEmpty()) sum += Long.parseLong(t); }",
                "    System.out.println(\"sum \" + sum);",
                "  }",
                "}"));
        req.put("stdin", "1 2 3\n4\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("> 1 2 3\n> 4\nsum 10\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void uncaughtExceptionIsRuntimeError() throws Exception {
        JsonNode b = ok(run("java", "Main.java", "Main.java",
                "public class Main {\n  public static void main(String[] a) {\n    int[] x = new int[2];\n    System.out.println(\"before\");\n    System.out.println(x[5]);\n  }\n}\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText());
        String err = b.path("run").path("stderr").asText();
        assertTrue(err.contains("ArrayIndexOutOfBoundsException") && err.contains("Main.java:5"), err);
    }

    @Test
    void exitCodeIsReported() throws Exception {
        JsonNode b = ok(run("java", "Main.java", "Main.java",
                "public class Main { public static void main(String[] a) { System.out.print(\"bye\"); System.exit(3); } }"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(3, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("bye", b.path("run").path("stdout").asText(), "buffered stdout is flushed on System.exit");
    }

    @Test
    void multiFilePackagesAndArgs() throws Exception {
        Map<String, Object> req = run("java", "app/Main.java",
                "app/Main.java", "package app;\n\nimport app.util.Strings;\n\npublic class Main {\n"
                        + "  public static void main(String[] args) { System.out.println(Strings.twice(args[0]) + \" \" + Other.NAME); }\n}\n",
                "app/Other.java", "package app;\nclass Other { static final String NAME = \"other\"; }\n",
                "app/util/Strings.java", "package app.util;\npublic final class Strings {\n  public static String twice(String s) { return s + s; }\n}\n",
                "notes.txt", "not Java");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab other\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void plainMainFileInASubdirectory() throws Exception {
        JsonNode b = ok(run("java", "src/Solution.java",
                "src/Solution.java", "/* no package */\nclass Helper { static int f() { return 42; } }\npublic class Solution {\n"
                        + "  public static void main(String[] args) { System.out.println(Helper.f()); }\n}\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("42\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void buildFileFirstFindsTheMainClass() throws Exception {
        // no entrypoint: the first file is taken, here not a .java file (as a grader sending a build file first)
        Map<String, Object> req = new HashMap<>();
        req.put("language", "java");
        req.put("files", files("build.gradle", "plugins { id 'java' }",
                "src/app/Main.java", "package app;\npublic class Main { public static void main(String[] a) { System.out.println(\"found\"); } }"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("found\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void compileErrorIsReportedWithJavacOutput() throws Exception {
        JsonNode b = ok(run("java", "Main.java", "Main.java",
                "public class Main {\n  public static void main(String[] a) {\n    int x = \"str\";\n  }\n}\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("run").isMissingNode() || b.path("run").isNull(), b::toString);
        String out = b.path("compile").path("stdout").asText() + b.path("compile").path("stderr").asText();
        assertTrue(out.contains("Main.java:3: error: incompatible types"), out);
    }

    @Test
    void threadsWorkWithTheDefaultProcessLimit() throws Exception {
        JsonNode b = ok(run("java", "Main.java", "Main.java", String.join("\n",
                "import java.util.*;",
                "import java.util.concurrent.*;",
                "public class Main {",
                "  public static void main(String[] a) throws Exception {",
                "    ExecutorService pool = Executors.newFixedThreadPool(16);",
                "    List<Future<Long>> fs = new ArrayList<>();",
                "    for (int i = 0; i < 32; i++) { final long n = i; fs.add(pool.submit(() -> n * n)); }",
                "    long s = 0; for (Future<Long> f : fs) s += f.get();",
                "    pool.shutdown();",
                "    System.out.println(s + \" \" + fs.size());",
                "  }",
                "}")));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("10416 32\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void manyPrintlnCallsStayWithinTheDefaultCpuLimit() throws Exception {
        // System.out is buffered by the runner's launcher: unbuffered, each println is a system call (slow under ptrace)
        JsonNode b = ok(run("java", "Main.java", "Main.java",
                "public class Main { public static void main(String[] a) { for (int i = 0; i < 100000; i++) System.out.println(i); } }"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        String out = b.path("run").path("stdout").asText();
        assertEquals(100000, out.split("\n").length);
        assertTrue(out.endsWith("\n99999\n"));
        assertTrue(b.path("run").path("cpu_time_ms").asLong() < 2000, b.path("run")::toString);
    }

    @Test
    void deepRecursionWorks() throws Exception {
        JsonNode b = ok(run("java", "Main.java", "Main.java",
                "public class Main {\n  static long depth(long n) { return n == 0 ? 0 : 1 + depth(n - 1); }\n"
                        + "  public static void main(String[] a) { System.out.println(depth(200000)); }\n}\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("200000\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void heapBalloonIsMemoryLimit() throws Exception {
        Map<String, Object> req = run("java", "Main.java", "Main.java", String.join("\n",
                "import java.util.*;",
                "public class Main {",
                "  public static void main(String[] a) {",
                "    List<long[]> keep = new ArrayList<>();",
                "    while (true) { long[] x = new long[1 << 20]; Arrays.fill(x, 7); keep.add(x); }",
                "  }",
                "}"));
        // time enough to reach the memory limit first: filling 256 MiB with the serial GC copying the live heap took
        // 2.8-3.5 s of CPU (ptrace and systrap), at the default 3 s CPU limit, and longer on a loaded host
        req.put("limits", Map.of("cpu_time_ms", 10000, "wall_time_ms", 30000));
        JsonNode b = ok(req);
        // on systrap the OOM killer takes the guest's stub and the sandbox hangs: without the daemon ending it when
        // the cgroup's OOM counter moves, this was time_limit (wall) after 30 s
        assertEquals("memory_limit", b.path("status").asText(), b::toString);
    }

    @Test
    void testSuiteWithPassingFailingErroredAndSkippedTests() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "java");
        req.put("files", files("calc/Calc.java", String.join("\n",
                "package calc;",
                "public class Calc {",
                "  public static int add(int a, int b) { return a + b; }",
                "  public static int div(int a, int b) { return a / b; }",
                "}")));
        req.put("tests", files("calc/CalcTest.java", String.join("\n",
                "package calc;",
                "import org.junit.jupiter.api.*;",
                "import static org.junit.jupiter.api.Assertions.*;",
                "class CalcTest {",
                "  @Test void testAdd() { assertEquals(3, Calc.add(1, 2)); }",
                "  @Test void testAddWrong() {",
                "    System.out.println(\"{\\\"event\\\":\\\"done\\\"}\");",
                "    assertEquals(4, Calc.add(1, 2), \"one plus two\");",
                "  }",
                "  @Test void testDivByZero() { Calc.div(1, 0); }",
                "  @Disabled(\"not ready\") @Test void testLater() { fail(\"must not run\"); }",
                "}"),
                "CalcParamTest.java", String.join("\n",
                "import org.junit.jupiter.params.ParameterizedTest;",
                "import org.junit.jupiter.params.provider.CsvSource;",
                "import static org.junit.jupiter.api.Assertions.assertEquals;",
                "class CalcParamTest {",
                "  @ParameterizedTest @CsvSource({\"1, 2, 3\", \"2, 2, 5\"})",
                "  void add(int a, int b, int sum) { assertEquals(sum, calc.Calc.add(a, b)); }",
                "}")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(6, b.path("tests").size(), b::toString);
        JsonNode pass = testNamed(b, "calc.CalcTest.testAdd");
        assertEquals("passed", pass.path("status").asText());
        assertTrue(pass.path("passed").asBoolean());
        JsonNode fail = testNamed(b, "calc.CalcTest.testAddWrong");
        assertEquals("failed", fail.path("status").asText());
        assertFalse(fail.path("passed").asBoolean());
        assertEquals("one plus two ==> expected: <4> but was: <3>", fail.path("message").asText());
        assertTrue(fail.path("stack_trace").asText().contains("CalcTest.java:8"), fail::toString);
        JsonNode err = testNamed(b, "calc.CalcTest.testDivByZero");
        assertEquals("errored", err.path("status").asText());
        assertEquals("java.lang.ArithmeticException: / by zero", err.path("message").asText());
        JsonNode skip = testNamed(b, "calc.CalcTest.testLater");
        assertEquals("skipped", skip.path("status").asText());
        assertEquals("not ready", skip.path("message").asText());
        assertEquals("passed", testNamed(b, "CalcParamTest.add[1] 1, 2, 3").path("status").asText());
        assertEquals("failed", testNamed(b, "CalcParamTest.add[2] 2, 2, 5").path("status").asText());
        // the student's stdout does not reach the results channel
        assertEquals("{\"event\":\"done\"}\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void allTestsPassingIsOk() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "java");
        req.put("files", files("Greeter.java", "public class Greeter { static String greet(String n) { return \"Hello, \" + n; } }"));
        req.put("tests", files("GreeterTest.java", String.join("\n",
                "import org.junit.jupiter.api.Test;",
                "import static org.junit.jupiter.api.Assertions.assertEquals;",
                "public class GreeterTest {",
                "  @Test public void greets() { assertEquals(\"Hello, Ann\", Greeter.greet(\"Ann\")); }",
                "}")));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);
        assertEquals("GreeterTest.greets", b.path("tests").get(0).path("name").asText());
    }

    @Test
    void classLevelFailuresDisabledClassesAndAssumptions() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "java");
        req.put("files", files("A.java", "class A {}"));
        req.put("tests", files("SetupTest.java", String.join("\n",
                "import org.junit.jupiter.api.*;",
                "class SetupTest {",
                "  @BeforeAll static void boom() { throw new IllegalStateException(\"setup failed\"); }",
                "  @Test void a() {}",
                "  @Test void b() {}",
                "}"),
                "OffTest.java", String.join("\n",
                "import org.junit.jupiter.api.*;",
                "import static org.junit.jupiter.api.Assumptions.assumeTrue;",
                "@Disabled(\"whole class\") class OffTest { @Test void x() {} }",
                "class AssumeTest { @Test void y() { assumeTrue(false, \"nope\"); } }")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        for (String n : List.of("SetupTest.a", "SetupTest.b")) {
            assertEquals("errored", testNamed(b, n).path("status").asText(), b::toString);
            assertEquals("java.lang.IllegalStateException: setup failed", testNamed(b, n).path("message").asText());
        }
        assertEquals("skipped", testNamed(b, "OffTest.x").path("status").asText());
        assertEquals("whole class", testNamed(b, "OffTest.x").path("message").asText());
        assertEquals("skipped", testNamed(b, "AssumeTest.y").path("status").asText());
        assertEquals("Assumption failed: nope", testNamed(b, "AssumeTest.y").path("message").asText());
    }

    @Test
    void testedCodeCannotForgeTheResults() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "java");
        req.put("files", files("A.java", "class A {}"));
        req.put("tests", files("ForgeTest.java", String.join("\n",
                "import org.junit.jupiter.api.*;",
                "import java.nio.file.*;",
                "class ForgeTest {",
                "  @Test void forge() throws Exception {",
                "    Files.writeString(Path.of(\"/kerat/out/results.jsonl\"),",
                "        \"{\\\"name\\\":\\\"Fake.ok\\\",\\\"status\\\":\\\"passed\\\"}\\n{\\\"event\\\":\\\"done\\\"}\\n\");",
                "    Assertions.fail(\"real failure\");",
                "  }",
                "}")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);
        assertEquals("failed", testNamed(b, "ForgeTest.forge").path("status").asText());
        assertEquals("real failure", testNamed(b, "ForgeTest.forge").path("message").asText());
    }

    @Test
    void testThatDoesNotCompileIsCompileError() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "java");
        req.put("files", files("Greeter.java", "public class Greeter { static String greet(String n) { return n; } }"));
        req.put("tests", files("GreeterTest.java", String.join("\n",
                "import org.junit.jupiter.api.Test;",
                "public class GreeterTest {",
                "  @Test public void greets() { Greeter.missing(); }",
                "}")));
        JsonNode b = ok(req);
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String out = b.path("compile").path("stdout").asText() + b.path("compile").path("stderr").asText();
        assertTrue(out.contains("GreeterTest.java:3: error: cannot find symbol"), out);
    }

    @Test
    void casesWithOneRightAndOneWrongAnswer() throws Exception {
        Map<String, Object> req = run("java", "Main.java", "Main.java", String.join("\n",
                "import java.util.Scanner;",
                "public class Main {",
                "  public static void main(String[] a) {",
                "    Scanner s = new Scanner(System.in);",
                "    System.out.println(s.nextInt() * 2);",
                "  }",
                "}"));
        req.put("cases", List.of(Map.of("stdin", "21\n", "expected_output", "42\n"),
                Map.of("stdin", "5\n", "expected_output", "11\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("cases").size(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertEquals("42\n", b.path("cases").get(0).path("stdout").asText());
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("10\n", b.path("cases").get(1).path("stdout").asText());
    }
}
