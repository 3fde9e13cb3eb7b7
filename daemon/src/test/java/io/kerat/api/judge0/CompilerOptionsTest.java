package io.kerat.api.judge0;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompilerOptionsTest {
    @Test
    void theSafeSubsetPasses() throws Exception {
        assertEquals(List.of("-O3", "-std=c++17", "-DN=10", "-lm", "-Wall"),
                CompilerOptions.parse("cpp", " -O3  -std=c++17 -DN=10 -lm -Wall "));
        assertEquals(List.of("-std=gnu11"), CompilerOptions.parse("c", "-std=gnu11"));
        assertEquals(List.of(), CompilerOptions.parse("python", "  "));
    }

    @Test
    void anythingElseIs422() {
        for (String bad : List.of("-fplugin=/tmp/x.so", "-o /etc/passwd", "-B/tmp", "@/etc/shadow", "-wrapper,sh",
                "-specs=/tmp/s", "-DX=$(id)", "-std=c++17 ; id", "-std=c++99")) {
            assertThrows(Judge0ValidationException.class, () -> CompilerOptions.parse("cpp", bad), bad);
        }
        var e = assertThrows(Judge0ValidationException.class, () -> CompilerOptions.parse("c", "-std=c++17"));
        assertTrue(e.errors().containsKey("compiler_options"));
        var p = assertThrows(Judge0ValidationException.class, () -> CompilerOptions.parse("python", "-O2"));
        assertTrue(p.errors().get("compiler_options").get(0).contains("not allowed for language"));
    }
}
