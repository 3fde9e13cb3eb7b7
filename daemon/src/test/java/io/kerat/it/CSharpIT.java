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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C# (Mono mcs + Kerat's xUnit subset) end to end over HTTP with real runsc, with the default limits. */
class CSharpIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("csharp");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** Wall limit for requests whose verdict must not depend on host load (CPU limits stay the default). */
    static final Map<String, Object> LOADED_HOST = Map.of("wall_time_ms", 20000);

    /** A run request with the relaxed wall limit (ItSupport.run otherwise). */
    private static Map<String, Object> run(String language, String entrypoint, Object... nameContent) {
        Map<String, Object> req = ItSupport.run(language, entrypoint, nameContent);
        req.put("limits", LOADED_HOST);
        return req;
    }

    private static Map<String, Object> tests(Object[] sources, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("limits", LOADED_HOST);
        req.put("language", "csharp");
        req.put("files", files(sources));
        req.put("tests", files(tests));
        return req;
    }

    @Test
    void helloWorldAndAliases() throws Exception {
        for (String lang : List.of("csharp", "c#", "cs", "dotnet")) {
            JsonNode b = ok(run(lang, "Program.cs", "Program.cs",
                    "using System;\nclass Program {\n  static void Main() {\n    Console.WriteLine(\"Hello, World!\");\n  }\n}\n"));
            assertEquals("ok", b.path("status").asText(), b::toString);
            assertEquals("csharp", b.path("language").asText());
            assertTrue(b.path("version").asText().matches("6\\.\\d+\\.\\d+.*"), b::toString);
            assertEquals("Hello, World!\n", b.path("run").path("stdout").asText(), b::toString);
            if (!lang.equals("csharp")) {
                break; // one alias is enough to show the lookup; keep the class fast
            }
        }
    }

    @Test
    void stdinIsEchoed() throws Exception {
        Map<String, Object> req = run("csharp", "Echo.cs", "Echo.cs", String.join("\n",
                "using System;",
                "class Echo {",
                "  static void Main() {",
                "    string line; long sum = 0;",
                "    while ((line = Console.ReadLine()) != null) {",
                "      Console.WriteLine(\"> \" + line);",
                "      foreach (var t in line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)) sum += long.Parse(t);",
                "    }",
                "    Console.WriteLine(\"sum \" + sum);",
                "  }",
                "}"));
        req.put("stdin", "1 2 3\n4\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("> 1 2 3\n> 4\nsum 10\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void uncaughtExceptionIsRuntimeErrorWithFileAndLine() throws Exception {
        JsonNode b = ok(run("csharp", "Program.cs", "Program.cs",
                "using System;\nclass Program {\n  static void Main() {\n    Console.WriteLine(\"before\");\n    int[] a = new int[2];\n    Console.WriteLine(a[5]);\n  }\n}\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText());
        String err = b.path("run").path("stderr").asText();
        assertTrue(err.contains("System.IndexOutOfRangeException") && err.contains("/workspace/Program.cs:6"), err);
    }

    @Test
    void multiFileProgramWithNamespacesAndArgs() throws Exception {
        Map<String, Object> req = run("csharp", "App/Program.cs",
                "App/Program.cs", "using System;\nusing App.Util;\nnamespace App {\n  static class Program {\n"
                        + "    static int Main(string[] args) { Console.WriteLine(Strings.Twice(args[0]) + \" \" + args.Length); return 0; }\n  }\n}\n",
                "App/Util/Strings.cs", "namespace App.Util;\n\npublic static class Strings\n{\n    public static string Twice(string s) => s + s;\n}\n",
                "README.md", "not C#");
        req.put("args", List.of("ab", "c d"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab 2\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void manyWriteLineCallsStayWithinTheDefaultCpuLimitAndExitFlushes() throws Exception {
        // Console.Out is buffered by the runner's launcher: unbuffered, each WriteLine is a system call (slow under ptrace)
        JsonNode b = ok(run("csharp", "P.cs", "P.cs",
                "class P { static void Main() { for (int i = 0; i < 100000; i++) System.Console.WriteLine(i); System.Environment.Exit(3); } }"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(3, b.path("run").path("exit_code").asInt(), b::toString);
        String out = b.path("run").path("stdout").asText();
        assertEquals(100000, out.split("\n").length);
        assertTrue(out.endsWith("\n99999\n"));
        assertTrue(b.path("run").path("cpu_time_ms").asLong() < 2000, b.path("run")::toString);
    }

    @Test
    void projectFileFirstStillBuilds() throws Exception {
        // no entrypoint: the first file is taken, here a .csproj (as a grader sending a project file first)
        Map<String, Object> req = new HashMap<>();
        req.put("language", "c#");
        req.put("limits", LOADED_HOST);
        req.put("files", files("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>",
                "Program.cs", "class P { static void Main() { System.Console.WriteLine(\"built\"); } }"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("built\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void compileErrorIsReportedWithMcsOutput() throws Exception {
        JsonNode b = ok(run("csharp", "Program.cs", "Program.cs",
                "using System;\nclass Program {\n  static void Main() {\n    int x = \"s\";\n  }\n}\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String out = b.path("compile").path("stdout").asText() + b.path("compile").path("stderr").asText();
        assertTrue(out.contains("Program.cs(4,13): error CS0029"), out);
    }

    @Test
    void threadsAndMemoryLimit() throws Exception {
        String prog = String.join("\n",
                "using System; using System.Collections.Generic; using System.Threading;",
                "class Program {",
                "  static void Main(string[] args) {",
                "    if (args[0] == \"threads\") {",
                "      var ts = new List<Thread>(); int sum = 0; object l = new object();",
                "      for (int i = 0; i < 20; i++) { int k = i; var t = new Thread(() => { lock (l) sum += k; }); t.Start(); ts.Add(t); }",
                "      foreach (var t in ts) t.Join();",
                "      Console.WriteLine(sum);",
                "      return;",
                "    }",
                "    var keep = new List<long[]>();",
                "    while (true) { var a = new long[1 << 20]; for (int i = 0; i < a.Length; i += 512) a[i] = i; keep.Add(a); }",
                "  }",
                "}");
        Map<String, Object> req = run("csharp", "Program.cs", "Program.cs", prog);
        req.put("args", List.of("threads"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("190\n", b.path("run").path("stdout").asText(), b::toString);
        req.put("args", List.of("memory"));
        // the verdict must not depend on how loaded the host is (3 s of CPU once ran out first at load 18)
        req.put("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 15000));
        b = ok(req);
        assertEquals("memory_limit", b.path("status").asText(), b::toString);
    }

    @Test
    void xunitSuiteWithPassingFailingErroredSkippedAndTheoryTests() throws Exception {
        Map<String, Object> req = tests(new Object[]{"Calculator.cs", String.join("\n",
                        "namespace Calc",
                        "{",
                        "    public class Calculator",
                        "    {",
                        "        public int Add(int a, int b) { return a + b; }",
                        "        public int Divide(int a, int b) { return a / b; }",
                        "    }",
                        "    public static class Program { public static void Main() { System.Console.WriteLine(\"main\"); } }",
                        "}")},
                "CalculatorTests.cs", String.join("\n",
                        "using System;",
                        "using Xunit;",
                        "using Xunit.Abstractions;",
                        "using Calc;",
                        "",
                        "namespace Calc.Tests",
                        "{",
                        "    public class CalculatorTests",
                        "    {",
                        "        private readonly ITestOutputHelper output;",
                        "        public CalculatorTests(ITestOutputHelper output) { this.output = output; }",
                        "",
                        "        [Fact]",
                        "        public void Add_ReturnsSum() { Assert.Equal(3, new Calculator().Add(1, 2)); }",
                        "",
                        "        [Fact]",
                        "        public void Add_Wrong()",
                        "        {",
                        "            output.WriteLine(\"{\\\"event\\\":\\\"done\\\"}\");",
                        "            Assert.Equal(4, new Calculator().Add(1, 2));",
                        "        }",
                        "",
                        "        [Fact]",
                        "        public void Divide_ByZero() { new Calculator().Divide(1, 0); }",
                        "",
                        "        [Fact]",
                        "        public void Divide_ByZero_Throws() { Assert.Throws<DivideByZeroException>(() => new Calculator().Divide(1, 0)); }",
                        "",
                        "        [Fact(Skip = \"not ready\")]",
                        "        public void Later() { Assert.True(false); }",
                        "",
                        "        [Theory]",
                        "        [InlineData(1, 2, 3)]",
                        "        [InlineData(2, 2, 5)]",
                        "        public void Add_Theory(int a, int b, int expected) { Assert.Equal(expected, new Calculator().Add(a, b)); }",
                        "",
                        "        [Theory]",
                        "        [InlineData(\"abc\", 3)]",
                        "        public void Length(string s, int n) { Assert.Equal(n, s.Length); }",
                        "    }",
                        "}"));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(8, b.path("tests").size(), b::toString);
        JsonNode pass = testNamed(b, "CalculatorTests.Add_ReturnsSum");
        assertEquals("passed", pass.path("status").asText());
        assertTrue(pass.path("passed").asBoolean());
        JsonNode fail = testNamed(b, "CalculatorTests.Add_Wrong");
        assertEquals("failed", fail.path("status").asText());
        assertFalse(fail.path("passed").asBoolean());
        assertEquals("Assert.Equal() Failure\nExpected: 4\nActual:   3", fail.path("message").asText());
        assertTrue(fail.path("stack_trace").asText().contains("CalculatorTests.cs:20"), fail::toString);
        JsonNode err = testNamed(b, "CalculatorTests.Divide_ByZero");
        assertEquals("errored", err.path("status").asText());
        assertEquals("System.DivideByZeroException: Attempted to divide by zero.", err.path("message").asText());
        assertEquals("passed", testNamed(b, "CalculatorTests.Divide_ByZero_Throws").path("status").asText());
        JsonNode skip = testNamed(b, "CalculatorTests.Later");
        assertEquals("skipped", skip.path("status").asText());
        assertEquals("not ready", skip.path("message").asText());
        assertEquals("passed", testNamed(b, "CalculatorTests.Add_Theory(a: 1, b: 2, expected: 3)").path("status").asText());
        JsonNode theoryFail = testNamed(b, "CalculatorTests.Add_Theory(a: 2, b: 2, expected: 5)");
        assertEquals("failed", theoryFail.path("status").asText());
        assertEquals("Assert.Equal() Failure\nExpected: 5\nActual:   4", theoryFail.path("message").asText());
        assertEquals("passed", testNamed(b, "CalculatorTests.Length(s: \"abc\", n: 3)").path("status").asText());
        // the student's output (even a forged results line) stays on stdout
        assertEquals("{\"event\":\"done\"}\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void modernSdkStyleTestsCompileAndPass() throws Exception {
        // what `dotnet new xunit` projects look like: implicit usings, a Usings.cs with global usings,
        // file-scoped namespaces, #nullable, expression-bodied members, MemberData and TheoryData
        Map<String, Object> req = tests(new Object[]{"Cart.cs", String.join("\n",
                        "namespace Shop;",
                        "",
                        "public class Cart",
                        "{",
                        "    private readonly List<decimal> items = new List<decimal>();",
                        "    public void Add(decimal price) { if (price < 0) throw new ArgumentOutOfRangeException(nameof(price)); items.Add(price); }",
                        "    public decimal Total => items.Sum();",
                        "    public int Count => items.Count;",
                        "}")},
                "Usings.cs", "global using Xunit;\nglobal using Shop;\n",
                "CartTests.cs", String.join("\n",
                        "#nullable enable",
                        "namespace Shop.Tests;",
                        "",
                        "public class CartTests",
                        "{",
                        "    [Fact]",
                        "    public void EmptyCartTotalsZero() => Assert.Equal(0m, new Cart().Total);",
                        "",
                        "    [Fact]",
                        "    public void NegativePriceThrows() => Assert.Throws<ArgumentOutOfRangeException>(() => new Cart().Add(-1));",
                        "",
                        "    public static TheoryData<int[], decimal> Prices => new TheoryData<int[], decimal> { { new[] { 1, 2 }, 3m }, { new int[0], 0m } };",
                        "",
                        "    [Theory]",
                        "    [MemberData(nameof(Prices))]",
                        "    public void TotalIsSum(int[] prices, decimal total)",
                        "    {",
                        "        var c = new Cart();",
                        "        foreach (var p in prices) c.Add(p);",
                        "        Assert.Equal(total, c.Total);",
                        "        Assert.Equal(prices.Length, c.Count);",
                        "    }",
                        "}"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "CartTests.EmptyCartTotalsZero").path("status").asText());
        assertEquals("passed", testNamed(b, "CartTests.TotalIsSum(prices: [1, 2], total: 3)").path("status").asText());
        assertEquals("passed", testNamed(b, "CartTests.TotalIsSum(prices: [], total: 0)").path("status").asText());
    }

    @Test
    void frameworkIsDetectedOrNamedAndUnsupportedOnesAreExplained() throws Exception {
        Object[] sources = {"Calc.cs", "public static class Calc { public static int Twice(int x) { return 2 * x; } }"};
        // an NUnit suite: NUnit is not packaged in Debian, so the compile stage says so instead of failing on Assert
        JsonNode b = ok(tests(sources, "CalcTests.cs", String.join("\n",
                "using NUnit.Framework;",
                "[TestFixture]",
                "public class CalcTests {",
                "  [Test] public void Twice() { Assert.AreEqual(4, Calc.Twice(2)); }",
                "}")));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String out = b.path("compile").path("stdout").asText() + b.path("compile").path("stderr").asText();
        assertTrue(out.contains("written for NUnit") && out.contains("xunit"), out);
        // "nunit" is not a framework this runner lists
        Map<String, Object> req = tests(sources, "CalcTests.cs", "public class CalcTests { }");
        req.put("framework", "nunit");
        ItSupport.Reply r = ItSupport.post("/api/v1/runs", req);
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("unknown_framework", r.body().path("error").path("code").asText(), () -> String.valueOf(r.body()));
        // an xUnit suite whose only attribute is its own FactAttribute subclass and that mentions NUnit: detection
        // guesses NUnit, "framework": "xunit" overrides it
        String xunitLooksLikeNUnit = String.join("\n",
                "// ported from NUnit (using NUnit.Framework; [TestFixture]) to xUnit",
                "public class CheckAttribute : Xunit.FactAttribute { }",
                "public class CalcChecks {",
                "  [Check] public void Twice() { Xunit.Assert.Equal(4, Calc.Twice(2)); }",
                "  [Check(Skip = \"later\")] public void Later() { }",
                "}");
        b = ok(tests(sources, "CalcChecks.cs", xunitLooksLikeNUnit));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        req = tests(sources, "CalcChecks.cs", xunitLooksLikeNUnit);
        req.put("framework", "xunit");
        b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "CalcChecks.Twice").path("status").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "CalcChecks.Later").path("status").asText(), b::toString);
    }

    @Test
    void xunitV3AndFsCheckSuites() throws Exception {
        // what exercism's current C# track uses: xunit.v3 (TestContext, Assert.Skip), FsCheck properties with a
        // custom Arbitrary, Exercism.Tests' [Task]; no usings beyond the project's implicit ones
        Map<String, Object> req = tests(new Object[]{"Shout.cs", String.join("\n",
                        "public static class Shout",
                        "{",
                        "    public static string Loud(string s) => s.ToUpperInvariant() + \"!\";",
                        "    public static async Task<int> LengthAsync(string s, CancellationToken token) { await Task.Yield(); return s.Length; }",
                        "}")},
                "ShoutTests.cs", String.join("\n",
                        "using Exercism.Tests;",
                        "using FsCheck;",
                        "using FsCheck.Xunit;",
                        "",
                        "public class ShoutTests",
                        "{",
                        "    [Fact]",
                        "    [Task(1)]",
                        "    public void Loud() => Assert.Equal(\"HI!\", Shout.Loud(\"hi\"));",
                        "",
                        "    [Fact]",
                        "    public async Task Async_with_the_test_context_token() =>",
                        "        Assert.Equal(2, await Shout.LengthAsync(\"ab\", TestContext.Current.CancellationToken));",
                        "",
                        "    [Fact]",
                        "    public void Skipped_at_run_time() => Assert.Skip(\"not on Mono\");",
                        "",
                        "    [Property]",
                        "    public bool Ends_with_bang(string s) => Shout.Loud(s).EndsWith(\"!\");",
                        "",
                        "    [Property(Arbitrary = new[] { typeof(Lower) })]",
                        "    public void Lowercase_letters_change(char c) => Assert.NotEqual(c.ToString(), Shout.Loud(c.ToString()).TrimEnd('!'));",
                        "",
                        "    [Property]",
                        "    public Property Wrong(int x) => (x < 10).ToProperty();",
                        "}",
                        "",
                        "public static class Lower",
                        "{",
                        "    public static Arbitrary<char> Letters() => Arb.Default.Char().Filter(c => c >= 'a' && c <= 'z');",
                        "}"));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(6, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "ShoutTests.Loud").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "ShoutTests.Async_with_the_test_context_token").path("status").asText(), b::toString);
        JsonNode skipped = testNamed(b, "ShoutTests.Skipped_at_run_time");
        assertEquals("skipped", skipped.path("status").asText(), b::toString);
        assertEquals("not on Mono", skipped.path("message").asText(), b::toString);
        assertEquals("passed", testNamed(b, "ShoutTests.Ends_with_bang").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "ShoutTests.Lowercase_letters_change").path("status").asText(), b::toString);
        JsonNode wrong = testNamed(b, "ShoutTests.Wrong");
        assertEquals("failed", wrong.path("status").asText(), b::toString);
        assertTrue(wrong.path("message").asText().startsWith("Falsifiable, after "), wrong::toString);
    }

    @Test
    void benchSuitePassesColdAndWithTheCompileCacheWarm() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> req = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(java.nio.file.Path.of("../bench/suites/csharp-xunit.json").toFile(), Map.class);
        req.put("limits", LOADED_HOST);
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            JsonNode b = ok(req);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("ok", b.path("status").asText(), b::toString);
            assertEquals(10, b.path("tests").size(), b::toString);
            System.out.println("csharp bench suite, request " + i + " (compile cached: " + b.path("compile_cached").asBoolean()
                    + "): " + ms + " ms, compile cpu " + b.path("compile").path("cpu_time_ms").asLong()
                    + " ms, run wall " + b.path("run").path("wall_time_ms").asLong() + " ms cpu " + b.path("run").path("cpu_time_ms").asLong() + " ms");
        }
    }

    @Test
    void testedCodeCannotForgeTheResults() throws Exception {
        Map<String, Object> req = tests(new Object[]{"A.cs", "class A {}"},
                "ForgeTests.cs", String.join("\n",
                        "using System.IO;",
                        "public class ForgeTests {",
                        "  [Fact] public void Forge() {",
                        "    File.Delete(\"/kerat/out/results.jsonl\");",
                        "    File.WriteAllText(\"/kerat/out/results.jsonl\",",
                        "        \"{\\\"name\\\":\\\"Fake.ok\\\",\\\"status\\\":\\\"passed\\\"}\\n{\\\"event\\\":\\\"done\\\"}\\n\");",
                        "    Assert.True(false, \"real failure\");",
                        "  }",
                        "}"));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);
        assertEquals("failed", testNamed(b, "ForgeTests.Forge").path("status").asText(), b::toString);
        assertEquals("real failure\nExpected: True\nActual:   False", testNamed(b, "ForgeTests.Forge").path("message").asText());
    }

    @Test
    void testThatDoesNotCompileIsCompileError() throws Exception {
        Map<String, Object> req = tests(new Object[]{"Greeter.cs", "public static class Greeter { public static string Greet(string n) { return n; } }"},
                "GreeterTests.cs", "using Xunit;\npublic class GreeterTests {\n  [Fact] public void Greets() { Greeter.Missing(); }\n}\n");
        JsonNode b = ok(req);
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String out = b.path("compile").path("stdout").asText() + b.path("compile").path("stderr").asText();
        assertTrue(out.contains("/workspace/GreeterTests.cs(3,") && out.contains("error CS0117"), out);
    }

    @Test
    void casesWithOneRightAndOneWrongAnswer() throws Exception {
        Map<String, Object> req = run("csharp", "Program.cs", "Program.cs",
                "using System;\nclass Program {\n  static void Main() {\n    Console.WriteLine(int.Parse(Console.ReadLine()) * 2);\n  }\n}\n");
        req.put("limits", LOADED_HOST);
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
