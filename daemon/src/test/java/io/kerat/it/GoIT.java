package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.testNamed;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go (Debian's golang 1.24) end to end over HTTP with real runsc: go build, runs, cases and `go test` suites (testing, testify). */
class GoIT {
    private static final String HELLO = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello, go\")\n}\n";

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("go");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void helloWorldAndRealVersion() throws Exception {
        JsonNode b = ok(run("golang", "main.go", "main.go", HELLO));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("go", b.path("language").asText());
        assertEquals("1.24", b.path("version").asText(), b::toString);
        assertEquals("hello, go\n", b.path("run").path("stdout").asText());
        assertEquals("ok", b.path("compile").path("status").asText(), b::toString);

        ItSupport.Reply rt = ItSupport.get("/api/v1/runtimes");
        JsonNode go = null;
        for (JsonNode r : rt.body()) {
            if (r.path("language").asText().equals("go")) {
                go = r;
            }
        }
        assertNotNull(go, rt.body()::toString);
        assertEquals("1.24", go.path("version").asText());
        assertTrue(go.path("aliases").toString().contains("golang"));
    }

    @Test
    void stdinIsEchoed() throws Exception {
        Map<String, Object> req = run("go", "main.go", "main.go", String.join("\n",
                "package main",
                "import (\"bufio\"; \"fmt\"; \"os\")",
                "func main() {",
                "\ts := bufio.NewScanner(os.Stdin)",
                "\tfor s.Scan() { fmt.Println(\"echo:\", s.Text()) }",
                "}"));
        req.put("stdin", "one\ntwo\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("echo: one\necho: two\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void panicIsRuntimeError() throws Exception {
        JsonNode b = ok(run("go", "main.go", "main.go", String.join("\n",
                "package main",
                "func main() {",
                "\tvar xs []int",
                "\t_ = xs[3]",
                "}")));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("run").path("exit_code").asInt(), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("index out of range"), b::toString);
    }

    @Test
    void multiFilePackageWithArgsAndASubPackage() throws Exception {
        Map<String, Object> req = run("go", "main.go",
                "main.go", String.join("\n",
                        "package main",
                        "import (\"fmt\"; \"os\"; \"solution/strutil\")",
                        "func main() { fmt.Println(twice(os.Args[1]), strutil.Upper(\"x\")) }"),
                "twice.go", "package main\n\nfunc twice(s string) string { return s + s }\n",
                "strutil/upper.go", "package strutil\n\nimport \"strings\"\n\nfunc Upper(s string) string { return strings.ToUpper(s) }\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab X\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void compileErrorIsReported() throws Exception {
        JsonNode b = ok(run("go", "main.go", "main.go",
                "package main\n\nfunc main() {\n\tx := 1\n\tundefinedThing(x)\n}\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("undefined: undefinedThing"), b::toString);
        assertTrue(b.path("run").isMissingNode(), b::toString);
    }

    @Test
    void testSuiteWithPassingFailingSkippedAndSubtests() throws Exception {
        Map<String, Object> req = run("go", "calc.go", "calc.go", String.join("\n",
                "package main",
                "import \"fmt\"",
                "func Add(a, b int) int { return a + b }",
                "func Sub(a, b int) int { return a + b }",
                "func main() { fmt.Println(Add(1, 2)) }"));
        req.put("tests", files("calc_test.go", String.join("\n",
                "package main",
                "import (\"fmt\"; \"testing\")",
                "func TestAdd(t *testing.T) {",
                "\tfmt.Println(\"{\\\"event\\\":\\\"done\\\"}\")",
                "\tif Add(2, 3) != 5 { t.Fatal(\"Add broken\") }",
                "}",
                "func TestSub(t *testing.T) {",
                "\tif got := Sub(5, 3); got != 2 { t.Errorf(\"Sub(5, 3) = %d, want 2\", got) }",
                "}",
                "func TestTable(t *testing.T) {",
                "\tt.Run(\"one\", func(t *testing.T) { if Add(1, 0) != 1 { t.Fail() } })",
                "\tt.Run(\"two\", func(t *testing.T) { if Sub(2, 0) != 2 { t.Fail() } })",
                "}",
                "func TestLater(t *testing.T) { t.Skip(\"not yet\") }")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(6, b.path("tests").size(), b::toString);
        JsonNode add = testNamed(b, "TestAdd");
        assertEquals("passed", add.path("status").asText(), b::toString);
        assertTrue(add.path("passed").asBoolean());
        JsonNode sub = testNamed(b, "TestSub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertFalse(sub.path("passed").asBoolean());
        assertTrue(sub.path("message").asText().contains("Sub(5, 3) = 8, want 2"), b::toString);
        assertTrue(sub.path("message").asText().contains("calc_test.go:8"), b::toString);
        assertEquals("passed", testNamed(b, "TestTable/one").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "TestTable/two").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "TestTable").path("status").asText(), b::toString);
        JsonNode later = testNamed(b, "TestLater");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertTrue(later.path("message").asText().contains("not yet"), b::toString);
    }

    @Test
    void allPassingSuiteIsOkAndAPanicFailsOnlyItsTest() throws Exception {
        Map<String, Object> req = run("go", "calc.go", "calc.go", "package main\n\nfunc Add(a, b int) int { return a + b }\n");
        req.put("tests", files("calc_test.go", String.join("\n",
                "package main",
                "import \"testing\"",
                "func TestAdd(t *testing.T) { if Add(2, 2) != 4 { t.Fatal(\"no\") } }")));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);

        req.put("tests", files("calc_test.go", String.join("\n",
                "package main",
                "import \"testing\"",
                "func TestBoom(t *testing.T) { var m map[string]int; m[\"x\"] = Add(1, 1) }")));
        b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        JsonNode boom = testNamed(b, "TestBoom");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertTrue(boom.path("message").asText().contains("assignment to entry in nil map"), b::toString);
    }

    @Test
    void aHangingTestIsTimeLimitAndKeepsTheFinishedResults() throws Exception {
        // test-run.sh streams a result line per finished test: the sandbox killed at the wall limit during
        // TestCHangs still reports the two tests before it. The hanging test is absent (it never ended).
        Map<String, Object> req = run("go", "calc.go", "calc.go", "package main\n\nfunc Add(a, b int) int { return a + b }\n");
        req.put("tests", files("calc_test.go", String.join("\n",
                "package main",
                "import (\"testing\"; \"time\")",
                "func TestAFast(t *testing.T) { if Add(1, 1) != 2 { t.Fatal(\"no\") } }",
                "func TestBFails(t *testing.T) {",
                "\tif got := Add(2, 2); got != 5 { t.Errorf(\"Add(2, 2) = %d, want 5\", got) }",
                "}",
                "func TestCHangs(t *testing.T) {",
                "\tfor {",
                "\t\ttime.Sleep(10 * time.Millisecond)",
                "\t}",
                "}")));
        req.put("limits", Map.of("wall_time_ms", 10000)); // (3 s was too short for the two results under load)
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        assertEquals(List.of("TestAFast", "TestBFails"), List.copyOf(ItSupport.byName(b).keySet()), b::toString);
        JsonNode fast = testNamed(b, "TestAFast");
        assertEquals("passed", fast.path("status").asText(), b::toString);
        assertTrue(fast.path("passed").asBoolean(), b::toString);
        JsonNode fails = testNamed(b, "TestBFails");
        assertEquals("failed", fails.path("status").asText(), b::toString);
        assertFalse(fails.path("passed").asBoolean(), b::toString);
        assertEquals("calc_test.go:5: Add(2, 2) = 4, want 5", fails.path("message").asText(), b::toString);
    }

    @Test
    void testThatDoesNotCompileIsCompileError() throws Exception {
        Map<String, Object> req = run("go", "calc.go", "calc.go", "package main\n\nfunc Add(a, b int) int { return a + b }\n");
        req.put("tests", files("calc_test.go", String.join("\n",
                "package main",
                "import \"testing\"",
                "func TestMul(t *testing.T) { if Mul(2, 3) != 6 { t.Fatal(\"no\") } }")));
        JsonNode b = ok(req);
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("undefined: Mul"), b::toString);
        assertTrue(b.path("tests").isMissingNode() || b.path("tests").isEmpty(), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("go", "main.go", "main.go", String.join("\n",
                "package main",
                "import \"fmt\"",
                "func main() {",
                "\tvar a, b int",
                "\tfmt.Scan(&a, &b)",
                "\tfmt.Println(a + b)",
                "}"));
        req.put("cases", List.of(
                Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("cases").size(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertEquals("3\n", b.path("cases").get(0).path("stdout").asText(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText(), b::toString);
    }

    @Test
    void testifySuiteWithEveryOutcomeAndTheFrameworkOverride() throws Exception {
        Map<String, Object> req = run("go", "calc.go", "calc.go", String.join("\n",
                "package calc",
                "func Add(a, b int) int { return a + b }",
                "func Sub(a, b int) int { return a + b }",
                "func Div(a, b int) int { return a / b }", ""));
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        req.put("compile_limits", Map.of("wall_time_ms", 120000, "cpu_time_ms", 90000));
        req.put("tests", files("calc_test.go", String.join("\n",
                "package calc",
                "import (",
                "\t\"fmt\"",
                "\t\"testing\"",
                "\t\"github.com/stretchr/testify/assert\"",
                "\t\"github.com/stretchr/testify/require\"",
                "\t\"github.com/stretchr/testify/suite\"",
                ")",
                "func TestAdd(t *testing.T) {",
                "\tfmt.Println(\"student says hi\")",
                "\tfmt.Println(\"--- FAIL: TestAdd (0.00s)\")",
                "\tassert.Equal(t, 5, Add(2, 3))",
                "}",
                "func TestSub(t *testing.T) { require.Equal(t, 2, Sub(5, 3), \"five minus three\") }",
                "func TestLater(t *testing.T) { t.Skip(\"not yet\") }",
                "func TestDivByZero(t *testing.T) { assert.Equal(t, 0, Div(1, 0)) }",
                "type CalcSuite struct{ suite.Suite }",
                "func (s *CalcSuite) TestAddInSuite() { s.Equal(4, Add(2, 2)) }",
                "func TestCalcSuite(t *testing.T) { suite.Run(t, new(CalcSuite)) }",
                "func BenchmarkAdd(b *testing.B) { for b.Loop() { Add(1, 2) } }", "")));
        req.put("framework", "testify");
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "TestAdd").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "TestSub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertTrue(sub.path("message").asText().contains("five minus three"), b::toString);
        assertTrue(sub.path("message").asText().contains("expected: 2"), b::toString);
        assertEquals("skipped", testNamed(b, "TestLater").path("status").asText(), b::toString);
        JsonNode div = testNamed(b, "TestDivByZero");
        assertEquals("errored", div.path("status").asText(), b::toString);
        assertTrue(div.path("message").asText().contains("integer divide by zero"), b::toString);
        // the binary ends at the panic, as `go test` does: the suite after it did not run
        assertFalse(ItSupport.byName(b).containsKey("TestCalcSuite/TestAddInSuite"), b::toString);
        assertTrue(testNamed(b, "TestAdd").path("message").isNull(), b::toString);

        req.put("framework", "gotest");
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        req.put("compile_limits", Map.of("wall_time_ms", 120000, "cpu_time_ms", 90000));
        req.put("tests", files("calc_test.go", String.join("\n",
                "package calc",
                "import (\"testing\"; \"github.com/stretchr/testify/suite\")",
                "type CalcSuite struct{ suite.Suite }",
                "func (s *CalcSuite) TestAddInSuite() { s.Equal(4, Add(2, 2)) }",
                "func TestCalcSuite(t *testing.T) { suite.Run(t, new(CalcSuite)) }", "")));
        b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "TestCalcSuite/TestAddInSuite").path("status").asText(), b::toString);

        req.put("framework", "ginkgo");
        ItSupport.Reply r = ItSupport.post("/api/v1/runs", req);
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("unknown_framework", r.body().path("error").path("code").asText(), r.body()::toString);
        assertTrue(r.body().path("error").path("message").asText().contains("testify"), r.body()::toString);
    }

    @Test
    void aSubmittedGoModIsMadeToBuildOffline() throws Exception {
        // exercism's layout: go.mod with an old go line (min and range over int need 1.21/1.22) and a testify
        // requirement at another version than Debian's, with indirect requirements the image does not have, and a
        // toolchain line (kerat-gotest builds it as gomod.sh would leave the go.mod)
        Map<String, Object> req = run("go", "stats.go", "stats.go", String.join("\n",
                "package stats",
                "import (\"cmp\"; \"slices\")",
                "func Smallest(xs ...int) int { m := xs[0]; for _, x := range xs { m = min(m, x) }; return m }",
                "func Count(n int) (c int) { for range n { c++ }; return }",
                "func Sorted(xs []string) []string { s := slices.Clone(xs); slices.SortFunc(s, cmp.Compare[string]); return s }", ""));
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        req.put("compile_limits", Map.of("wall_time_ms", 120000, "cpu_time_ms", 90000));
        req.put("tests", files(
                "go.mod", "module stats\n\ngo 1.18\n\ntoolchain go1.22.1\n\nrequire github.com/stretchr/testify v1.8.4\n\n"
                        + "require (\n\tgithub.com/davecgh/go-spew v1.1.1 // indirect\n\tgithub.com/kr/pretty v0.3.1 // indirect\n)\n",
                "stats_test.go", String.join("\n",
                        "package stats",
                        "import (\"testing\"; \"github.com/stretchr/testify/assert\")",
                        "func TestSmallest(t *testing.T) { assert.Equal(t, -3, Smallest(4, -3, 9)) }",
                        "func TestCount(t *testing.T) { assert.Equal(t, 7, Count(7)) }",
                        "func TestSorted(t *testing.T) { assert.Equal(t, []string{\"a\", \"b\"}, Sorted([]string{\"b\", \"a\"})) }", "")));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(3, b.path("tests").size(), b::toString);
    }

    @Test
    void anUnavailableTestFrameworkIsACompileErrorNamingIt() throws Exception {
        Map<String, Object> req = run("go", "calc.go", "calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n");
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        req.put("compile_limits", Map.of("wall_time_ms", 120000, "cpu_time_ms", 90000));
        req.put("tests", files("calc_test.go", String.join("\n",
                "package calc",
                "import (\"testing\"; . \"github.com/onsi/ginkgo/v2\"; . \"github.com/onsi/gomega\")",
                "func TestCalc(t *testing.T) { RegisterFailHandler(Fail); RunSpecs(t, \"Calc\") }",
                "var _ = Describe(\"Add\", func() { It(\"adds\", func() { Expect(Add(1, 1)).To(Equal(2)) }) })", "")));
        JsonNode b = ok(req);
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("Ginkgo"), b::toString);
    }

    @Test
    void internalAndExternalTestsWithTestMainExamplesAndAnIgnoredFile() throws Exception {
        // the package test-compile.sh builds without the go command (kerat-gotest): internal and external test
        // packages together, a TestMain that returns without os.Exit, examples (one whose output is wrong, one
        // without an output comment: compiled, not run), a testify import and a `//go:build ignore` file that
        // would not compile if it were included
        Map<String, Object> req = run("go", "shapes.go",
                "shapes.go", String.join("\n",
                        "package shapes",
                        "import \"fmt\"",
                        "var Ready string",
                        "func Area(w, h int) int { return w * h }",
                        "func Greet(name string) string { return fmt.Sprintf(\"hello, %s\", name) }", ""),
                "broken.go", String.join("\n",
                        "//go:build ignore",
                        "",
                        "package shapes",
                        "func Area() string { return not_defined }", ""));
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        req.put("compile_limits", Map.of("wall_time_ms", 120000, "cpu_time_ms", 90000));
        req.put("tests", files(
                "go.mod", "module example.com/shapes\n\ngo 1.22\n",
                "shapes_test.go", String.join("\n",
                        "package shapes",
                        "import (\"testing\"; \"github.com/stretchr/testify/assert\")",
                        "func TestMain(m *testing.M) { Ready = \"set by TestMain\"; m.Run() }",
                        "func TestReady(t *testing.T) { assert.Equal(t, \"set by TestMain\", Ready) }",
                        "func TestArea(t *testing.T) { assert.Equal(t, 6, Area(2, 3)) }",
                        "func TestAreaWrong(t *testing.T) { assert.Equal(t, 7, Area(2, 3), \"area of 2x3\") }",
                        "func Testlower(t *testing.T) { t.Fatal(\"not a test: lower case after Test\") }", ""),
                "shapes_x_test.go", String.join("\n",
                        "package shapes_test",
                        "import (\"fmt\"; \"testing\"; \"example.com/shapes\")",
                        "func TestGreetExternal(t *testing.T) { if shapes.Greet(\"x\") != \"hello, x\" { t.Fatal(\"greet\") } }",
                        "func ExampleArea() {",
                        "\tfmt.Println(shapes.Area(3, 4))",
                        "\t// Output: 12",
                        "}",
                        "func ExampleGreet() {",
                        "\tfmt.Println(shapes.Greet(\"Bob\"))",
                        "\t// Output: hello, bob",
                        "}",
                        "func Example_notRun() { panic(\"an example without output is not run\") }", "")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(6, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "TestReady").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "TestArea").path("status").asText(), b::toString);
        JsonNode wrong = testNamed(b, "TestAreaWrong");
        assertEquals("failed", wrong.path("status").asText(), b::toString);
        assertTrue(wrong.path("message").asText().contains("area of 2x3"), b::toString);
        assertTrue(wrong.path("message").asText().contains("shapes_test.go:6"), b::toString);
        assertEquals("passed", testNamed(b, "TestGreetExternal").path("status").asText(), b::toString);
        assertEquals("passed", testNamed(b, "ExampleArea").path("status").asText(), b::toString);
        JsonNode greet = testNamed(b, "ExampleGreet");
        assertEquals("failed", greet.path("status").asText(), b::toString);
        assertTrue(greet.path("message").asText().contains("hello, Bob"), b::toString);
        assertTrue(greet.path("message").asText().contains("hello, bob"), b::toString);
    }

    @Test
    void testsOfAPackageImportingASubPackageOfItsModule() throws Exception {
        // a module-local import is not in the image's importcfg: built by `go test -c`
        Map<String, Object> req = run("go", "calc.go",
                "calc.go", "package calc\n\nimport \"example.com/calc/mathx\"\n\nfunc Double(x int) int { return mathx.Mul(x, 2) }\n",
                "mathx/mathx.go", "package mathx\n\nfunc Mul(a, b int) int { return a * b }\n");
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        req.put("compile_limits", Map.of("wall_time_ms", 120000, "cpu_time_ms", 90000));
        req.put("tests", files(
                "go.mod", "module example.com/calc\n\ngo 1.24\n",
                "calc_test.go", String.join("\n",
                        "package calc",
                        "import \"testing\"",
                        "func TestDouble(t *testing.T) { if Double(21) != 42 { t.Fatal(Double(21)) } }", "")));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "TestDouble").path("status").asText(), b::toString);
    }

    @Test
    void aModuleNamedLikeAStandardPackageIsBuiltUnderAnotherPath() throws Exception {
        // older exercism exercises say `module strings`: built as kerat.local/strings (common.sh's rename, which
        // kerat-gotest does too), so the package's own name and an import of the standard "strings" both work
        Map<String, Object> req = run("go", "strings.go", "strings.go", String.join("\n",
                "package strings",
                "func Reverse(s string) string { r := []rune(s); for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 { r[i], r[j] = r[j], r[i] }; return string(r) }", ""));
        req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
        req.put("compile_limits", Map.of("wall_time_ms", 120000, "cpu_time_ms", 90000));
        req.put("tests", files(
                "go.mod", "module strings\n\ngo 1.18\n",
                "strings_test.go", String.join("\n",
                        "package strings",
                        "import (\"testing\"; std \"strings\")",
                        "func TestReverse(t *testing.T) { if Reverse(\"abc\") != \"cba\" { t.Fatal(Reverse(\"abc\")) } }",
                        "func TestStd(t *testing.T) { if std.ToUpper(Reverse(\"ba\")) != \"AB\" { t.Fatal(\"std\") } }", "")));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("tests").size(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().contains("built as kerat.local/strings"), b::toString);
    }
}
