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
 * Curriculum-style Go suites (src/test/resources/suites/go/<exercise>/, laid out like exercism's Go track:
 * {@code <slug>.go}, {@code <slug>_test.go}, often {@code cases_test.go}, and a {@code go.mod} with an old {@code go}
 * line or a testify requirement) sent unchanged: the solution as files, the test files and go.mod as tests, no
 * framework named. Every test of every suite must pass.
 */
class GoSuitesIT {
    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("go");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @TestFactory
    Stream<DynamicTest> everySuitePasses() throws Exception {
        Path root = Path.of(GoSuitesIT.class.getResource("/suites/go").toURI());
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
                    if (name.endsWith("_test.go") || !name.endsWith(".go")) {
                        tests.add(file);
                    } else {
                        files.add(file);
                        entry = entry == null ? name : entry;
                    }
                }
            }
            Map<String, Object> req = new HashMap<>();
            req.put("language", "go");
            req.put("entrypoint", entry);
            req.put("files", files);
            req.put("tests", tests);
            // room for a loaded CI machine (a suite takes 1-3 s when the machine is idle)
            req.put("limits", Map.of("wall_time_ms", 20000, "cpu_time_ms", 10000));
            // a testify test binary links net/http and more: about 10-20 s of CPU under ptrace on a loaded machine
            req.put("compile_limits", Map.of("wall_time_ms", 120000, "cpu_time_ms", 90000));
            JsonNode b = ItSupport.ok(req);
            assertEquals("ok", b.path("status").asText(), b::toString);
            assertTrue(b.path("tests").size() >= 3, b::toString);
            for (JsonNode t : b.path("tests")) {
                assertEquals("passed", t.path("status").asText(), b::toString);
            }
        }));
    }
}
