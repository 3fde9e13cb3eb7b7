package io.kerat.it;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Curriculum-style suites under src/test/resources/suites/&lt;language&gt;/&lt;exercise&gt;/, laid out as the public
 * curricula ship them (solution and tests side by side, or lib/ and spec/): each becomes one native tests-mode request,
 * the files the predicate calls tests as "tests", the others as "files", every file unchanged.
 */
final class PythonRubySuites {
    private PythonRubySuites() {}

    static List<String> exercises(String language) throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(root(language))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Map<String, Object> request(String language, String exercise, Predicate<String> isTest)
            throws IOException, URISyntaxException {
        Path dir = root(language).resolve(exercise);
        List<Map<String, String>> files = new ArrayList<>();
        List<Map<String, String>> tests = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : all) {
            String name = dir.relativize(p).toString();
            Map<String, String> f = Map.of("name", name, "content", Files.readString(p, StandardCharsets.UTF_8));
            (isTest.test(name) ? tests : files).add(f);
        }
        Map<String, Object> req = new HashMap<>();
        req.put("language", language);
        req.put("files", files);
        req.put("tests", tests);
        return req;
    }

    private static Path root(String language) throws URISyntaxException {
        return Path.of(PythonRubySuites.class.getResource("/suites/" + language).toURI());
    }
}
