package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.Kerat;
import io.kerat.api.judge0.Judge0Options;
import io.kerat.http.HttpServer;
import io.kerat.http.Judge0Routes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Haskell (Debian's GHC 9.6 with hspec and HUnit) end to end with real runsc: run (ghc compile), cases, hspec and
 * HUnit suites, and one request each through Judge0 (id 61) and Piston ("haskell").
 */
class HaskellIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer judge0;
    private static URI judge0Base;

    @BeforeAll
    static void start() throws Exception {
        Kerat k = ItSupport.daemon("haskell");
        judge0 = new HttpServer(List.of(new Judge0Routes(k, Judge0Options.defaults(), null)), k.settings().maxRequestBytes());
        InetSocketAddress a = judge0.bind("127.0.0.1", 0, null);
        judge0Base = URI.create("http://127.0.0.1:" + a.getPort());
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        if (judge0 != null) {
            judge0.close();
        }
        ItSupport.assertNothingLeft();
    }

    /** Outcomes, not limits: room for ghc (compile stage) and a loaded CI machine. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        Map<String, Object> limits = Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1L << 30);
        req.putIfAbsent("limits", limits);
        req.putIfAbsent("compile_limits", Map.of("wall_time_ms", 90000, "cpu_time_ms", 60000, "memory_bytes", 1L << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloStdinAndUtf8() throws Exception {
        Map<String, Object> req = run("hs", "Main.hs", "Main.hs", String.join("\n",
                "import Data.Char (toUpper)",
                "main :: IO ()",
                "main = do",
                "  s <- getContents",
                "  print (sum (map read (words s) :: [Int]))",
                "  putStrLn (map toUpper \"héllo\")"));
        req.put("stdin", "1 2 3\n4\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("haskell", b.path("language").asText());
        assertTrue(b.path("version").asText().startsWith("9.6."), b::toString);
        assertEquals("10\nHÉLLO\n", b.path("run").path("stdout").asText(), b::toString);
        assertEquals("", b.path("run").path("stderr").asText(), b::toString);
    }

    @Test
    void multiFileWithArgs() throws Exception {
        Map<String, Object> req = run("haskell", "app/Main.hs",
                "app/Main.hs", "import System.Environment (getArgs)\nimport Text.Twice (twice)\n"
                        + "main :: IO ()\nmain = getArgs >>= putStrLn . twice . head\n",
                "app/Text/Twice.hs", "module Text.Twice (twice) where\n\ntwice :: String -> String\ntwice s = s ++ s\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void errorIsRuntimeError() throws Exception {
        JsonNode b = ok(run("haskell", "Main.hs", "Main.hs",
                "import System.IO\nmain :: IO ()\nmain = do\n  putStrLn \"before\"\n  hFlush stdout\n  error \"bad input\"\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(1, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText(), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("bad input"), b::toString);
    }

    @Test
    void typeErrorIsCompileError() throws Exception {
        JsonNode b = ok(run("haskell", "Main.hs", "Main.hs", "main :: IO ()\nmain = do\n  putStrLn (1 + True)\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText() + b.path("compile").path("stdout").asText();
        assertTrue(msg.contains("Main.hs:3"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("haskell", "Main.hs", "Main.hs",
                "main :: IO ()\nmain = do\n  [a, b] <- map read . words <$> getContents\n  print (a + b :: Integer)\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText(), b::toString);
    }

    private static final String CALC = String.join("\n",
            "module Calc (add, sub, safeDiv) where",
            "add :: Int -> Int -> Int",
            "add = (+)",
            "sub :: Int -> Int -> Int",
            "sub a b = a + b",
            "safeDiv :: Int -> Int -> Int",
            "safeDiv = div",
            "");

    private static Map<String, Object> tests(Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "haskell");
        req.put("entrypoint", "Calc.hs");
        req.put("files", files("Calc.hs", CALC));
        req.put("tests", files(tests));
        return req;
    }

    @Test
    void hspecSuiteReportsEachItem() throws Exception {
        JsonNode b = ok(tests("test/Spec.hs", String.join("\n",
                "import Test.Hspec",
                "import Test.Hspec.Runner (configFailFast, defaultConfig, hspecWith)",
                "import Calc",
                "main :: IO ()",
                "main = hspecWith defaultConfig {configFailFast = True} $ do",
                "  describe \"add\" $",
                "    it \"adds\" $ do",
                "      putStrLn \"{\\\"event\\\":\\\"done\\\"}\"",
                "      add 2 3 `shouldBe` 5",
                "  describe \"sub\" $ do",
                "    it \"subtracts\" $ sub 5 3 `shouldBe` 2",
                "    it \"later\" $ pendingWith \"not yet\"",
                "  it \"divides by zero\" $ safeDiv 1 0 `shouldBe` 0",
                "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "add / adds").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "sub / subtracts");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("expected: 2\n but got: 8", sub.path("message").asText(), b::toString);
        assertTrue(sub.path("stack_trace").asText().startsWith("test/Spec.hs:11:"), b::toString);
        JsonNode later = testNamed(b, "sub / later");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("not yet", later.path("message").asText(), b::toString);
        JsonNode boom = testNamed(b, "divides by zero");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertTrue(boom.path("message").asText().contains("divide by zero"), b::toString);
        // the student's print went to stdout, where it cannot pass for a result line
        assertTrue(b.path("run").path("stdout").asText().contains("{\"event\":\"done\"}"), b::toString);
    }

    @Test
    void hunitSuiteAndSpecModulesWithoutMain() throws Exception {
        JsonNode b = ok(tests("Tests.hs", String.join("\n",
                "import Test.HUnit",
                "import Calc",
                "main :: IO ()",
                "main = runTestTTAndExit $ TestList",
                "  [ TestLabel \"add\" (TestCase (assertEqual \"2+2\" 4 (add 2 2)))",
                "  , TestLabel \"sub\" (TestCase (assertEqual \"5-3\" 2 (sub 5 3)))",
                "  , TestLabel \"div\" (TestCase (assertEqual \"1/0\" 0 (safeDiv 1 0)))",
                "  ]",
                "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(3, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "add").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "sub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("5-3\nexpected: 2\n but got: 8", sub.path("message").asText(), b::toString);
        assertEquals("errored", testNamed(b, "div").path("status").asText(), b::toString);
        assertTrue(testNamed(b, "div").path("message").asText().contains("divide by zero"), b::toString);

        // hspec-discover's convention: modules with spec, no main; a generated Main describes each by module name
        JsonNode d = ok(tests("test/CalcSpec.hs", String.join("\n",
                "module CalcSpec (spec) where",
                "import Test.Hspec",
                "import Calc",
                "spec :: Spec",
                "spec = describe \"add\" $ it \"adds\" $ add 1 1 `shouldBe` 2",
                "")));
        assertEquals("ok", d.path("status").asText(), d::toString);
        assertEquals("passed", testNamed(d, "Calc / add / adds").path("status").asText(), d::toString);
    }

    @Test
    void throughJudge0AndPiston() throws Exception {
        Map<String, Object> sub = new HashMap<>();
        sub.put("language_id", 61);
        sub.put("source_code", "main :: IO ()\nmain = getLine >>= \\n -> print (2 * read n :: Int)\n");
        sub.put("stdin", "21\n");
        sub.put("cpu_time_limit", 15);
        sub.put("wall_time_limit", 30);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        judge0Base.resolve("/submissions?base64_encoded=false&wait=true"))
                .timeout(Duration.ofMinutes(3)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(sub))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r::body);
        JsonNode j = JSON.readTree(r.body());
        assertEquals(3, j.path("status").path("id").asInt(), j::toString);
        assertEquals("42\n", j.path("stdout").asText(), j::toString);

        Map<String, Object> exec = new HashMap<>();
        exec.put("language", "haskell");
        exec.put("version", "*");
        exec.put("files", List.of(Map.of("name", "main.hs", "content", "main :: IO ()\nmain = putStrLn \"piston\"\n")));
        exec.put("run_timeout", 30000);
        exec.put("compile_timeout", 90000);
        ItSupport.Reply p = ItSupport.post("/api/v2/execute", exec);
        assertEquals(200, p.status(), p.body()::toString);
        assertEquals("haskell", p.body().path("language").asText(), p.body()::toString);
        assertEquals("piston\n", p.body().path("run").path("stdout").asText(), p.body()::toString);
        assertEquals(0, p.body().path("run").path("code").asInt(), p.body()::toString);
    }
}
