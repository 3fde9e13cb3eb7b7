package io.kerat.api.judge0;

import io.kerat.image.ImageInfo;
import io.kerat.image.RuntimeVersions;
import io.kerat.runner.RunnerDef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Judge0LanguagesTest {
    static final RunnerDef PYTHON = new RunnerDef("python", List.of(), "python", List.of(".py"), Map.of(), null,
            new RunnerDef.Command(List.of("python3", "{entrypoint}"), Map.of()), null);
    static final RunnerDef C = new RunnerDef("c", List.of(), "c", List.of(".c"), Map.of(),
            new RunnerDef.Command(List.of("/bin/sh", "/kerat/runner/compile.sh"), Map.of()),
            new RunnerDef.Command(List.of("/kerat/build/main"), Map.of()), null);
    static final RunnerDef RUST = new RunnerDef("rust", List.of(), "rust", List.of(".rs"), Map.of(), null,
            new RunnerDef.Command(List.of("main"), Map.of()), null);
    static final RunnerDef ZIG = new RunnerDef("zig", List.of(), "zig", List.of(".zig"), Map.of(), null,
            new RunnerDef.Command(List.of("main"), Map.of()), null);

    static ImageInfo image(String name, String version) {
        return new ImageInfo(name, version, "d", "t", 1, "k", "built", 1L, null);
    }

    static Judge0Languages table() {
        List<ImageInfo> images = List.of(image("python", "3.13.5"), image("python@3.11", "3.11.2"), image("c", "12.2.0"),
                image("rust", "1.80"), image("zig", "0.13.0"));
        return Judge0Languages.of(List.of(PYTHON, C, RUST, ZIG), r -> new RuntimeVersions(r.image(), images, null));
    }

    @Test
    void defaultVersionsHaveJudge0sWellKnownIdsAndOthersStableOnes() {
        Judge0Languages t = table();
        assertEquals(List.of(48, 49, 50, 71, 73, 710311), t.all().stream().map(Judge0Language::id).toList());
        assertEquals("Rust (1.80)", t.byId(73).orElseThrow().name());
        assertEquals("main.rs", t.byId(73).orElseThrow().sourceFile());
        assertEquals("C (GCC 12.2.0)", t.byId(48).orElseThrow().name());
        assertTrue(t.byId(52).isEmpty(), "no C++ installed: no alias");
        assertEquals("Python (3.13.5)", t.byId(71).orElseThrow().name());
        assertEquals("Python (3.11.2)", t.byId(710311).orElseThrow().name());
        assertEquals("3.11.2", t.byId(710311).orElseThrow().version());
        Judge0Language c = t.byId(50).orElseThrow();
        assertEquals("C (GCC 12.2.0)", c.name());
        assertEquals("main.c", c.sourceFile());
        assertTrue(c.compileCmd().endsWith("main.c"));
        assertNull(t.byId(71).orElseThrow().compileCmd());
        assertEquals("python3 script.py", t.byId(71).orElseThrow().runCmd());
        assertTrue(t.all().stream().noneMatch(l -> l.name().startsWith("Zig")), "languages Judge0's table does not know are left out");
    }

    @Test
    void theIdSchemeIsDeterministic() {
        assertEquals(710311, Judge0Languages.idOf(71, "3.11.2"));
        assertEquals(622100, Judge0Languages.idOf(62, "21.0.1"));
        assertEquals(631899, Judge0Languages.idOf(63, "18.120.0"));
        assertEquals(680800, Judge0Languages.idOf(68, "8"));
        assertEquals(501202, Judge0Languages.idOf(50, "12.2.0-14"));
    }
}
