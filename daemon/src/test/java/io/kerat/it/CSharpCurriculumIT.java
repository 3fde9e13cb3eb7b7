package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kerat.it.ItSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * C# exercise suites laid out as exercism's C# track does (src/test/resources/suites/csharp/&lt;exercise&gt;/:
 * {@code <Slug>.cs}, {@code <Slug>Tests.cs} with {@code [Fact]}/{@code [Theory]}, a {@code <Slug>.csproj} with the
 * xunit.v3 / FsCheck / Exercism.Tests package references), written for Kerat: each is sent unchanged (the solution as
 * {@code files}, the tests and the project file as {@code tests}) and every test must pass, except those the
 * curriculum ships with {@code Skip = "Remove this Skip property to run this test"}.
 */
class CSharpCurriculumIT {

    private static final Path SUITES = Path.of("src/test/resources/suites/csharp");
    private static final String SKIP = "Remove this Skip property to run this test";

    /** exercise -> number of test results expected (theory rows count one each). */
    private static final Map<String, Integer> EXPECTED = Map.of(
            "bank-ledger", 10, "inventory", 6, "log-levels", 6, "run-length", 13, "seat-rows", 7, "triangle-shape", 6,
            "vowel-count", 7);

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("csharp");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void everySuitePasses() throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(SUITES)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(EXPECTED.keySet(), dirs.stream().map(d -> d.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        for (Path dir : dirs) {
            List<Object> files = new ArrayList<>();
            List<Object> tests = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.sorted().toList()) {
                    String name = f.getFileName().toString();
                    String content = Files.readString(f, StandardCharsets.UTF_8);
                    List<Object> into = name.endsWith("Tests.cs") || name.endsWith(".csproj") ? tests : files;
                    into.add(name);
                    into.add(content);
                }
            }
            Map<String, Object> req = new HashMap<>();
            req.put("language", "csharp");
            req.put("files", ItSupport.files(files.toArray()));
            req.put("tests", ItSupport.files(tests.toArray()));
            req.put("limits", CSharpIT.LOADED_HOST);
            JsonNode b = ok(req);
            String exercise = dir.getFileName().toString();
            assertEquals("ok", b.path("status").asText(), () -> exercise + ": " + b);
            assertEquals(EXPECTED.get(exercise).intValue(), b.path("tests").size(), () -> exercise + ": " + b);
            for (JsonNode t : b.path("tests")) {
                String status = t.path("status").asText();
                assertTrue(status.equals("passed") || (status.equals("skipped") && t.path("message").asText().equals(SKIP)),
                        () -> exercise + ": " + t);
            }
        }
    }
}
