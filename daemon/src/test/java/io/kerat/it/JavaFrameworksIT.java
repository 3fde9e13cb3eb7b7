package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static io.kerat.it.ItSupport.byName;
import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.testNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java test frameworks end to end with real runsc: JUnit 4 (vintage engine) and JUnit 5 with AssertJ, Hamcrest and
 * Mockito; detection of the framework from the test files, the {@code framework} override, a framework the runner
 * does not have, and a hanging JUnit 4 test (the JUnit 5 one is in HangingTestsIT).
 */
class JavaFrameworksIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("java");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    private static Map<String, Object> tests(Object[] files, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "java");
        req.put("files", files(files));
        req.put("tests", files(tests));
        return req;
    }

    private static final Object[] CALC = {"src/main/java/Calc.java", String.join("\n",
            "public class Calc {",
            "  public static int add(int a, int b) { return a + b; }",
            "  public static int div(int a, int b) { return a / b; }",
            "}", "")};

    private static Map<String, String> statuses(JsonNode b) {
        Map<String, String> m = new TreeMap<>();
        byName(b).forEach((n, t) -> m.put(n, t.path("status").asText()));
        return m;
    }

    @Test
    void junit4PassingFailingErroredSkippedAndStdout() throws Exception {
        JsonNode b = ok(tests(CALC, "src/test/java/CalcTest.java", String.join("\n",
                        "import org.junit.*;",
                        "import org.junit.rules.ExpectedException;",
                        "import static org.junit.Assert.*;",
                        "import static org.hamcrest.CoreMatchers.is;",
                        "import static org.hamcrest.MatcherAssert.assertThat;",
                        "public class CalcTest {",
                        "  @Rule public ExpectedException thrown = ExpectedException.none();",
                        "  @Test public void adds() { System.out.println(\"student output\"); assertEquals(3, Calc.add(1, 2)); }",
                        "  @Test public void addsWrong() { assertEquals(\"one plus two\", 4, Calc.add(1, 2)); }",
                        "  @Test public void hamcrest() { assertThat(Calc.add(1, 2), is(5)); }",
                        "  @Test public void divides() { Calc.div(1, 0); }",
                        "  @Test(expected = ArithmeticException.class) public void expected() { Calc.div(1, 0); }",
                        "  @Test public void rule() { thrown.expect(ArithmeticException.class); Calc.div(1, 0); }",
                        "  @Ignore(\"Remove to run test\") @Test public void later() { fail(); }",
                        "  @Test public void assumed() { Assume.assumeTrue(\"not here\", false); }",
                        "}", ""),
                "src/test/java/LegacyTest.java", String.join("\n",
                        "import junit.framework.TestCase;",
                        "public class LegacyTest extends TestCase {",
                        "  public void testAdd() { assertEquals(2, Calc.add(1, 1)); }",
                        "}", ""),
                "src/test/java/ParamTest.java", String.join("\n",
                        "import org.junit.Test;",
                        "import org.junit.runner.RunWith;",
                        "import org.junit.runners.Parameterized;",
                        "import java.util.*;",
                        "import static org.junit.Assert.assertEquals;",
                        "@RunWith(Parameterized.class)",
                        "public class ParamTest {",
                        "  @Parameterized.Parameters(name = \"{0}+{1}\")",
                        "  public static Collection<Object[]> data() { return Arrays.asList(new Object[][]{{1, 2, 3}, {2, 2, 5}}); }",
                        "  private final int a, b, sum;",
                        "  public ParamTest(int a, int b, int sum) { this.a = a; this.b = b; this.sum = sum; }",
                        "  @Test public void add() { assertEquals(sum, Calc.add(a, b)); }",
                        "}", "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("CalcTest.adds", "passed"),
                Map.entry("CalcTest.addsWrong", "failed"),
                Map.entry("CalcTest.hamcrest", "failed"),
                Map.entry("CalcTest.divides", "errored"),
                Map.entry("CalcTest.expected", "passed"),
                Map.entry("CalcTest.rule", "passed"),
                Map.entry("CalcTest.later", "skipped"),
                Map.entry("CalcTest.assumed", "skipped"),
                Map.entry("LegacyTest.testAdd", "passed"),
                Map.entry("ParamTest.add[1+2]", "passed"),
                Map.entry("ParamTest.add[2+2]", "failed"))), statuses(b), b::toString);
        assertEquals("one plus two expected:<4> but was:<3>", testNamed(b, "CalcTest.addsWrong").path("message").asText());
        assertTrue(testNamed(b, "CalcTest.addsWrong").path("stack_trace").asText().contains("CalcTest.java:9"), b::toString);
        assertEquals("Expected: is <5>\n     but: was <3>", testNamed(b, "CalcTest.hamcrest").path("message").asText());
        assertEquals("java.lang.ArithmeticException: / by zero", testNamed(b, "CalcTest.divides").path("message").asText());
        assertEquals("Remove to run test", testNamed(b, "CalcTest.later").path("message").asText());
        assertEquals("not here", testNamed(b, "CalcTest.assumed").path("message").asText());
        assertEquals("student output\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void junit5WithAssertjHamcrestAndMockito() throws Exception {
        JsonNode b = ok(tests(CALC, "src/test/java/CalcTest.java", String.join("\n",
                        "import org.junit.jupiter.api.*;",
                        "import org.junit.jupiter.api.extension.ExtendWith;",
                        "import org.junit.jupiter.params.ParameterizedTest;",
                        "import org.junit.jupiter.params.provider.ValueSource;",
                        "import org.mockito.Mock;",
                        "import org.mockito.junit.jupiter.MockitoExtension;",
                        "import java.util.List;",
                        "import static org.assertj.core.api.Assertions.assertThat;",
                        "import static org.assertj.core.api.Assertions.assertThatThrownBy;",
                        "import static org.hamcrest.MatcherAssert.assertThat;",
                        "import static org.hamcrest.Matchers.hasItem;",
                        "import static org.mockito.Mockito.*;",
                        "@ExtendWith(MockitoExtension.class)",
                        "public class CalcTest {",
                        "  @Mock List<String> names;",
                        "  @Test @Tag(\"task:1\") @DisplayName(\"adds two numbers\")",
                        "  public void adds() { System.out.println(\"student output\"); assertThat(Calc.add(1, 2)).isEqualTo(3); }",
                        "  @Test public void addsWrong() { assertThat(Calc.add(1, 2)).as(\"sum\").isEqualTo(4); }",
                        "  @Test public void throwsOnZero() {",
                        "    assertThatThrownBy(() -> Calc.div(1, 0)).isInstanceOf(ArithmeticException.class).hasMessage(\"/ by zero\"); }",
                        "  @Test public void divides() { Calc.div(1, 0); }",
                        "  @Disabled(\"Remove to run test\") @Test public void later() { Assertions.fail(); }",
                        "  @Test public void hamcrest() { assertThat(List.of(1, 2), hasItem(2)); }",
                        "  @Test public void mocks() { when(names.get(0)).thenReturn(\"ann\"); assertThat(names.get(0)).isEqualTo(\"ann\"); verify(names).get(0); }",
                        "  @Test public void mockNotCalled() { verify(names).clear(); }",
                        "  @ParameterizedTest @ValueSource(ints = {1, 2})",
                        "  public void positive(int n) { assertThat(Calc.add(n, 0)).isPositive(); }",
                        "  @Nested class Inner { @Test void deep() { assertThat(Calc.add(0, 0)).isZero(); } }",
                        "}", "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("CalcTest.adds", "passed"),
                Map.entry("CalcTest.addsWrong", "failed"),
                Map.entry("CalcTest.throwsOnZero", "passed"),
                Map.entry("CalcTest.divides", "errored"),
                Map.entry("CalcTest.later", "skipped"),
                Map.entry("CalcTest.hamcrest", "passed"),
                Map.entry("CalcTest.mocks", "passed"),
                Map.entry("CalcTest.mockNotCalled", "failed"),
                Map.entry("CalcTest.positive[1] 1", "passed"),
                Map.entry("CalcTest.positive[2] 2", "passed"),
                Map.entry("CalcTest.Inner.deep", "passed"))), statuses(b), b::toString);
        String msg = testNamed(b, "CalcTest.addsWrong").path("message").asText();
        assertTrue(msg.startsWith("[sum] ") && msg.contains("expected: 4") && msg.contains("but was: 3"), msg);
        assertTrue(testNamed(b, "CalcTest.mockNotCalled").path("message").asText().startsWith("Wanted but not invoked"),
                b::toString);
        assertEquals("Remove to run test", testNamed(b, "CalcTest.later").path("message").asText());
        assertEquals("student output\n", b.path("run").path("stdout").asText(), b::toString);
    }

    private static Map<String, Object> mixed(String framework) {
        Map<String, Object> req = tests(CALC,
                "src/test/java/OldStyleTest.java", String.join("\n",
                        "import org.junit.Test;",
                        "import static org.junit.Assert.assertEquals;",
                        "public class OldStyleTest { @Test public void adds() { assertEquals(2, Calc.add(1, 1)); } }", ""),
                "src/test/java/NewStyleTest.java", String.join("\n",
                        "import org.junit.jupiter.api.Test;",
                        "import static org.junit.jupiter.api.Assertions.assertEquals;",
                        "class NewStyleTest { @Test void adds() { assertEquals(4, Calc.add(2, 2)); } }", ""));
        if (framework != null) {
            req.put("framework", framework);
        }
        return req;
    }

    @Test
    void bothFrameworksAreDetectedAndTheOverridePicksOne() throws Exception {
        JsonNode both = ok(mixed(null));
        assertEquals("ok", both.path("status").asText(), both::toString);
        assertEquals(Map.of("NewStyleTest.adds", "passed", "OldStyleTest.adds", "passed"), statuses(both));

        JsonNode four = ok(mixed("junit4"));
        assertEquals("ok", four.path("status").asText(), four::toString);
        assertEquals(Map.of("OldStyleTest.adds", "passed"), statuses(four));

        JsonNode five = ok(mixed("junit5"));
        assertEquals("ok", five.path("status").asText(), five::toString);
        assertEquals(Map.of("NewStyleTest.adds", "passed"), statuses(five));
    }

    @Test
    void overrideWithTheOtherFrameworksTestsOnlyIsARuntimeErrorSayingSo() throws Exception {
        Map<String, Object> req = tests(CALC, "src/test/java/NewStyleTest.java", String.join("\n",
                "import org.junit.jupiter.api.Test;",
                "import static org.junit.jupiter.api.Assertions.assertEquals;",
                "class NewStyleTest { @Test void adds() { assertEquals(4, Calc.add(2, 2)); } }", ""));
        req.put("framework", "junit4");
        JsonNode b = ok(req);
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        String err = b.path("run").path("stderr").asText();
        assertTrue(err.contains("framework 'junit4' was requested, but the test files hold JUnit 5"), err);
    }

    @Test
    void unknownFrameworkIsRefusedListingTheKnownOnes() throws Exception {
        Map<String, Object> req = mixed("testng");
        ItSupport.Reply r = ItSupport.post("/api/v1/runs", req);
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("unknown_framework", r.body().path("error").path("code").asText(), r.body()::toString);
        String msg = r.body().path("error").path("message").asText();
        assertTrue(msg.contains("junit5") && msg.contains("junit4"), msg);
    }

    @Test
    void testNgSuiteIsACompileErrorNamingTestNg() throws Exception {
        JsonNode b = ok(tests(CALC, "src/test/java/CalcTest.java", String.join("\n",
                "import org.testng.annotations.Test;",
                "import static org.testng.Assert.assertEquals;",
                "public class CalcTest { @Test public void adds() { assertEquals(Calc.add(1, 2), 3); } }", "")));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String out = b.path("compile").path("stderr").asText();
        assertTrue(out.contains("the test files use TestNG (import org.testng."), out);
        assertTrue(out.contains("JUnit 5 (framework junit5) and JUnit 4 (junit4)"), out);
    }

    @Test
    void hangingJUnit4TestIsTimeLimitKeepingTheFinishedTests() throws Exception {
        Map<String, Object> req = tests(CALC, "src/test/java/SlowTest.java", String.join("\n",
                "import org.junit.*;",
                "import org.junit.runners.MethodSorters;",
                "import static org.junit.Assert.assertEquals;",
                "@FixMethodOrder(MethodSorters.NAME_ASCENDING)",
                "public class SlowTest {",
                "  @Test public void aFast() { assertEquals(2, Calc.add(1, 1)); }",
                "  @Test public void bFails() { assertEquals(3, Calc.add(1, 1)); }",
                "  @Test public void cHangs() throws Exception { while (true) { Thread.sleep(10); } }",
                "}", ""));
        req.put("limits", Map.of("wall_time_ms", 8000));
        JsonNode b = ok(req);
        assertEquals("time_limit", b.path("status").asText(), b::toString);
        assertEquals(Map.of("SlowTest.aFast", "passed", "SlowTest.bFails", "failed"), statuses(b));
    }

    @Test
    void exercismLayoutWithABuildFileAndSupportFilesInAPackage() throws Exception {
        Map<String, Object> req = tests(new Object[]{
                        "build.gradle", "plugins { id \"java\" }\ndependencies { testImplementation \"org.assertj:assertj-core:3.25.1\" }\n",
                        "src/main/java/Greeter.java", "public class Greeter { public String greet(String n) { return \"Hello, \" + n + \"!\"; } }\n"},
                "src/test/java/GreeterTest.java", String.join("\n",
                        "import org.junit.jupiter.api.*;",
                        "import utils.Names;",
                        "import static org.assertj.core.api.Assertions.assertThat;",
                        "public class GreeterTest {",
                        "  @Test @Tag(\"task:1\") @DisplayName(\"greets by name\")",
                        "  public void greets() { assertThat(new Greeter().greet(Names.ANN)).isEqualTo(\"Hello, Ann!\"); }",
                        "  @Disabled(\"Remove to run test\") @Test public void greetsBob() { assertThat(new Greeter().greet(\"Bob\")).isEqualTo(\"Hello, Bob!\"); }",
                        "}", ""),
                "src/test/java/utils/Names.java", "package utils;\npublic final class Names { public static final String ANN = \"Ann\"; }\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(Map.of("GreeterTest.greets", "passed", "GreeterTest.greetsBob", "skipped"), statuses(b));
    }
}
