package io.kerat.api.judge0;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Judge0FieldsTest {
    static final Judge0Submission S = Judge0TranslatorTest.sub("ok", 1, false, null, null);
    static final Judge0Result R = new Judge0Result(3, "héllo\n", null, null, null, 0, null, "0.010", "0.020", 1024L,
            "ok", "2026-12-01T00:00:00.000Z");

    @Test
    void defaultSetIsJudge0s() throws Exception {
        Map<String, Object> m = Judge0Fields.of(null).render("t", S, R, Judge0Status.PROCESSING, "c", null, false);
        assertEquals(List.of("token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"),
                List.copyOf(m.keySet()));
        assertEquals(Map.of("id", 3, "description", "Accepted"), m.get("status"));
        assertEquals("héllo\n", m.get("stdout"));
    }

    @Test
    void starIsEveryJudge0FieldButNeverKeratsOwn() throws Exception {
        Map<String, Object> m = Judge0Fields.of("*").render("t", S, R, Judge0Status.PROCESSING, "c", Judge0TranslatorTest.PY, false);
        assertEquals(Judge0Fields.ALL, List.copyOf(m.keySet()));
        assertFalse(m.containsKey("kerat_verdict"));
        assertEquals("2.5", m.get("cpu_time_limit"));
        assertEquals(71, m.get("language_id"));
        Map<String, Object> named = Judge0Fields.of("status_id,kerat_verdict").render("t", S, R, null, "c", null, false);
        assertEquals(Map.of("status_id", 3, "kerat_verdict", "ok"), named);
    }

    @Test
    void base64EncodesTheTextFieldsOnly() throws Exception {
        Map<String, Object> m = Judge0Fields.of("stdout,stdin,stderr,time,token").render("t", S, R, null, "c", null, true);
        assertEquals("héllo\n", new String(Base64.getDecoder().decode((String) m.get("stdout")), StandardCharsets.UTF_8));
        assertEquals("aW4=", m.get("stdin"));
        assertNull(m.get("stderr"));
        assertEquals("0.010", m.get("time"));
        assertEquals("t", m.get("token"));
    }

    @Test
    void pendingSubmissionsShowTheirState() throws Exception {
        Map<String, Object> m = Judge0Fields.of("status,stdout,finished_at").render("t", S, null, Judge0Status.IN_QUEUE, "c", null, false);
        assertEquals(1, ((Map<?, ?>) m.get("status")).get("id"));
        assertNull(m.get("stdout"));
        assertTrue(m.containsKey("finished_at"));
    }

    @Test
    void unknownFieldsAreNamed() {
        var e = assertThrows(Judge0Fields.InvalidFields.class, () -> Judge0Fields.of("stdout,foo,bar"));
        assertEquals("invalid fields: [foo, bar]", e.getMessage());
    }
}
