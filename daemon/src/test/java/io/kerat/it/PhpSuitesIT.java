package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Curriculum-style PHP suites (src/test/resources/suites/php/<exercise>/, laid out like exercism's PHP track:
 * {@code <Slug>.php} and {@code <Slug>Test.php}, which loads the solution with require_once in setUpBeforeClass,
 * {@code declare(strict_types=1)}, PHPUnit attributes or doc-comment annotations) sent unchanged: the solution as
 * files, the test file as tests, no framework named. Every test of every suite must pass.
 */
class PhpSuitesIT {
    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("php");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @TestFactory
    Stream<DynamicTest> everySuitePasses() throws Exception {
        Path root = Path.of(PhpSuitesIT.class.getResource("/suites/php").toURI());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(dirs.size() >= 5, "suites: " + dirs);
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            List<Map<String, String>> files = new ArrayList<>();
            List<Map<String, String>> tests = new ArrayList<>();
            String entry = null;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.sorted().toList()) {
                    String name = f.getFileName().toString();
                    Map<String, String> file = Map.of("name", name, "content", Files.readString(f));
                    if (name.endsWith("Test.php")) {
                        tests.add(file);
                    } else {
                        files.add(file);
                        entry = entry == null ? name : entry;
                    }
                }
            }
            Map<String, Object> req = new HashMap<>();
            req.put("language", "php");
            req.put("entrypoint", entry);
            req.put("files", files);
            req.put("tests", tests);
            // room for a loaded CI machine (a suite takes 1-3 s when the machine is idle)
            req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
            JsonNode b = ItSupport.ok(req);
            assertEquals("ok", b.path("status").asText(), b::toString);
            assertTrue(b.path("tests").size() >= 3, b::toString);
            for (JsonNode t : b.path("tests")) {
                assertEquals("passed", t.path("status").asText(), b::toString);
            }
        }));
    }
}
