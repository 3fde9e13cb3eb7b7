package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.kerat.it.ItSupport.post;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compile-stage limits are their own: hitting one is a compile_error whose compile stage names the limit. */
class CompileLimitsIT {
    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("c");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    @Test
    void compileWallTimeLimit() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c", "int main(void){return 0;}\n");
        req.put("compile_limits", Map.of("wall_time_ms", 50));
        ItSupport.Reply r = post("/api/v1/runs", req);
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        JsonNode b = r.body();
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertEquals("time_limit", b.path("compile").path("status").asText(), b::toString);
        assertTrue(b.path("run").isMissingNode(), "no run after a failed compile");
    }

    @Test
    void compileOutputLimit() throws Exception {
        // thousands of errors flood the compiler's stderr past a small cap
        StringBuilder src = new StringBuilder("int main(void){\n");
        for (int i = 0; i < 3000; i++) {
            src.append("undefined_").append(i).append("();\n");
        }
        src.append("}\n");
        Map<String, Object> req = run("c", "main.c", "main.c", src.toString());
        req.put("compile_limits", Map.of("output_bytes", 4096));
        JsonNode b = post("/api/v1/runs", req).body();
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        assertTrue(b.path("compile").path("stderr_truncated").asBoolean(), b::toString);
        assertTrue(b.path("compile").path("stderr").asText().length() <= 4096);
    }

    @Test
    void compileLimitsAreClampedToTheirOwnMaximum() throws Exception {
        Map<String, Object> req = run("c", "main.c", "main.c", "#include <stdio.h>\nint main(void){puts(\"ok\");return 0;}\n");
        req.put("compile_limits", Map.of("wall_time_ms", 10_000_000));
        JsonNode b = post("/api/v1/runs", req).body();
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertTrue(b.path("clamped").toString().contains("compile_wall_time_ms"), b::toString);
        assertEquals("ok\n", b.path("run").path("stdout").asText());
    }
}
