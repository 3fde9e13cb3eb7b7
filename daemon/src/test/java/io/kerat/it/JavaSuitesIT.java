package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.kerat.it.ItSupport.byName;
import static io.kerat.it.ItSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Curriculum-style Java exercises (src/test/resources/suites/java/EXERCISE, laid out as exercism's Java track and
 * Maven/Gradle course projects lay them out: src/main/java for the solution, src/test/java for the tests and their
 * support files, a build.gradle or pom.xml beside them) sent unchanged in tests mode: every test passes, or is skipped
 * where the curriculum disables it ("Remove to run test"). Those are then sent once more without the disabling
 * annotations, as exercism's own test runner does, and must all pass.
 */
class JavaSuitesIT {
    private static final Path SUITES = Path.of("src/test/resources/suites/java");

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("java");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** The request for an exercise directory: everything under src/test is a test file, the rest are files. */
    private static Map<String, Object> request(String exercise, boolean enableAll) throws IOException {
        Path dir = SUITES.resolve(exercise);
        List<Map<String, String>> files = new ArrayList<>();
        List<Map<String, String>> tests = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(p).toString();
                String content = Files.readString(p, StandardCharsets.UTF_8);
                if (name.startsWith("src/test/")) {
                    if (enableAll) {
                        content = content.replaceAll("(?m)^\\s*@(Disabled|Ignore)\\(\"Remove to run test\"\\)\\s*\n", "");
                    }
                    tests.add(Map.of("name", name, "content", content));
                } else {
                    files.add(Map.of("name", name, "content", content));
                }
            }
        }
        Map<String, Object> req = new HashMap<>();
        req.put("language", "java");
        req.put("files", files);
        req.put("tests", tests);
        return req;
    }

    /** Sends the exercise unchanged: status ok, the given tests passed, the others skipped by the curriculum. */
    private static JsonNode passes(String exercise, int tests, List<String> passed) throws Exception {
        JsonNode b = ok(request(exercise, false));
        assertEquals("ok", b.path("status").asText(), b::toString);
        Map<String, JsonNode> byName = byName(b);
        assertEquals(tests, byName.size(), b::toString);
        for (Map.Entry<String, JsonNode> e : byName.entrySet()) {
            String want = passed == null || passed.contains(e.getKey()) ? "passed" : "skipped";
            assertEquals(want, e.getValue().path("status").asText(), () -> e.getKey() + " in " + b);
            if (want.equals("skipped")) {
                assertEquals("Remove to run test", e.getValue().path("message").asText(), b::toString);
            }
        }
        return b;
    }

    /** Sends the exercise with every test enabled: all of them pass. */
    private static void allEnabledPass(String exercise, int tests) throws Exception {
        JsonNode b = ok(request(exercise, true));
        assertEquals("ok", b.path("status").asText(), b::toString);
        Map<String, String> st = new TreeMap<>();
        byName(b).forEach((n, t) -> st.put(n, t.path("status").asText()));
        assertEquals(tests, st.size(), b::toString);
        assertTrue(st.values().stream().allMatch("passed"::equals), b::toString);
    }

    @Test
    void leapJUnit5AssertjWithDisabledTests() throws Exception {
        passes("leap", 9, List.of("LeapTest.testYearNotDivBy4InCommonYear"));
        allEnabledPass("leap", 9);
    }

    @Test
    void logLineParserConceptExerciseWithTagsAndDisplayNames() throws Exception {
        JsonNode b = passes("log-line-parser", 10, null);
        assertEquals("passed", ItSupport.testNamed(b, "LogLineTest.getShortFormatForFatal").path("status").asText());
    }

    @Test
    void coffeeMachineWithReflectionHelpersInTheTestTree() throws Exception {
        passes("coffee-machine", 7, null);
    }

    @Test
    void bankAccountWithSeveralSourceFilesExceptionsAndThreads() throws Exception {
        passes("bank-account", 10, List.of("BankAccountTest.newlyOpenedAccountHasEmptyBalance"));
        allEnabledPass("bank-account", 10);
    }

    @Test
    void hammingJUnit4WithIgnoredTestsAndRules() throws Exception {
        passes("hamming", 9, List.of("HammingTest.testNoDistanceBetweenEmptyStrands"));
        allEnabledPass("hamming", 9);
    }

    @Test
    void isbnVerifierInAPackageWithParameterizedAndNestedTests() throws Exception {
        JsonNode b = passes("isbn-verifier", 16, null);
        Map<String, JsonNode> byName = byName(b);
        assertTrue(byName.containsKey("edu.course.isbn.IsbnVerifierTest.CheckDigitX.onlyAllowedAtTheEnd"), b::toString);
        assertTrue(byName.containsKey("edu.course.isbn.IsbnVerifierTest.validIsbns[1] 3-598-21508-8 is valid"), b::toString);
    }

    @Test
    void orderServiceWithMockito() throws Exception {
        passes("order-service", 4, null);
    }

    @Test
    void boundedStackJUnit4WithHamcrestAndTheParameterizedRunner() throws Exception {
        JsonNode b = passes("bounded-stack", 10, null);
        assertTrue(byName(b).containsKey("BoundedStackCapacityTest.holdsExactlyItsCapacity[capacity 10]"), b::toString);
    }

    /** org.json (JSONObject/JSONArray) on the test class path, as a REST-style exercise's build.gradle asks for. */
    @Test
    void tabLedgerWithOrgJson() throws Exception {
        passes("tab-ledger", 4, List.of("TabLedgerTest.emptyLedgerHasNoTabs", "TabLedgerTest.anOrderOpensATab",
            "TabLedgerTest.tabsAreListedByGuest"));
        allEnabledPass("tab-ledger", 4);
    }
}
