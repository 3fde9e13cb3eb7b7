package io.kerat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.config.Settings;
import io.kerat.execution.ExecutionRequest;
import io.kerat.judging.BuiltinChecker;
import io.kerat.judging.CheckerProtocol;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;
import io.kerat.util.Json;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JudgingValidatorTest {
    private static final RunnerCatalog RUNNERS = new RunnerCatalog(List.of(new RunnerDef("python",
            List.of("python3", "py"), "python", List.of(".py"), Map.of(), null,
            new RunnerDef.Command(List.of("python3", "{entrypoint}"), Map.of()), null)));
    private static final RequestValidator V;

    static {
        Map<String, String> e = new HashMap<>();
        e.put("KERAT_HOME", "/nonexistent-kerat-home");
        V = new RequestValidator(Settings.fromEnvironment(e), RUNNERS);
    }

    private static ExecutionRequest parse(String json) throws Exception {
        return V.toDomain(Json.mapper().readValue(json, NativeDto.RunRequest.class));
    }

    private static String body(String extra) {
        return "{\"language\": \"python\", \"files\": [{\"name\": \"m.py\", \"content\": \"\"}],"
                + " \"cases\": [{\"stdin\": \"1\"}, {\"stdin\": \"2\"}]" + extra + "}";
    }

    private static String code(String json) {
        return assertThrows(ApiException.class, () -> parse(json)).code();
    }

    @Test
    void processIsolationOnlyWhereTheAdminEnabledIt() throws Exception {
        assertEquals("sandbox", parse(body(", \"isolation\": \"sandbox\"")).judging().isolation());
        assertEquals("invalid_isolation", code(body(", \"isolation\": \"process\"")), "off by default");
        Map<String, String> e = new HashMap<>();
        e.put("KERAT_HOME", "/nonexistent-kerat-home");
        e.put("KERAT_CASES_ALLOW_PROCESS", "true");
        RequestValidator allowing = new RequestValidator(Settings.fromEnvironment(e), RUNNERS);
        String json = body(", \"isolation\": \"process\"");
        assertEquals("process", allowing.toDomain(Json.mapper().readValue(json, NativeDto.RunRequest.class))
                .judging().isolation());
        e.remove("KERAT_CASES_ALLOW_PROCESS");
        e.put("KERAT_CASES_ISOLATION", "process");
        RequestValidator processByDefault = new RequestValidator(Settings.fromEnvironment(e), RUNNERS);
        assertEquals("process", processByDefault.toDomain(Json.mapper().readValue(json, NativeDto.RunRequest.class))
                .judging().isolation());
    }

    @Test
    void builtinByNameOrObject() throws Exception {
        assertEquals(BuiltinChecker.LINES, parse(body("")).judging().builtin());
        assertEquals(BuiltinChecker.Kind.TOKENS, parse(body(", \"checker\": \"tokens\"")).judging().builtin().kind());
        BuiltinChecker f = parse(body(", \"checker\": {\"name\": \"floats\", \"abs_tolerance\": 0.01}")).judging().builtin();
        assertEquals(0.01, f.absTolerance());
        assertEquals(0.0, f.relTolerance());
        BuiltinChecker d = parse(body(", \"checker\": {\"name\": \"floats\"}")).judging().builtin();
        assertEquals(BuiltinChecker.DEFAULT_TOLERANCE, d.absTolerance());
        assertEquals("invalid_checker", code(body(", \"checker\": \"nope\"")));
        assertEquals("invalid_checker", code(body(", \"checker\": 3")));
        assertEquals("invalid_checker", code(body(", \"checker\": {\"name\": \"tokens\", \"abs_tolerance\": 1}")));
        assertEquals("invalid_checker", code(body(", \"checker\": {\"name\": \"floats\", \"abs_tolerance\": -1}")));
        assertEquals("invalid_request", code(body(", \"checker\": {\"name\": \"tokens\", \"bogus\": 1}")));
    }

    @Test
    void checkerProgram() throws Exception {
        var p = parse(body(", \"checker\": {\"language\": \"py\", \"files\": [{\"name\": \"c.py\", \"content\": \"\"}]}"))
                .judging().program();
        assertEquals("python", p.language());
        assertEquals("c.py", p.entrypoint());
        assertEquals(CheckerProtocol.TESTLIB, p.protocol());
        assertNull(parse(body(", \"checker\": {\"language\": \"py\", \"files\": [{\"name\": \"c.py\", \"content\": \"\"}]}"))
                .judging().builtin());
        assertEquals("invalid_checker", code(body(", \"checker\": {\"language\": \"py\", \"files\": [{\"name\": \"answer\", \"content\": \"\"}]}")));
        assertEquals("invalid_checker", code(body(", \"checker\": {\"language\": \"cobol\", \"files\": [{\"name\": \"c\", \"content\": \"\"}]}")));
        assertEquals("invalid_checker", code(body(", \"checker\": {\"language\": \"py\", \"protocol\": \"x\", \"files\": [{\"name\": \"c.py\", \"content\": \"\"}]}")));
        assertEquals("invalid_checker", code(body(", \"checker\": {\"language\": \"py\", \"name\": \"lines\", \"files\": [{\"name\": \"c.py\", \"content\": \"\"}]}")));
        assertEquals("invalid_limits", code(body(", \"checker\": {\"language\": \"py\", \"limits\": {\"wall_time_ms\": 0}, \"files\": [{\"name\": \"c.py\", \"content\": \"\"}]}")));
    }

    @Test
    void caseFilesAndOutputFiles() throws Exception {
        ExecutionRequest r = parse("{\"language\": \"python\", \"files\": [{\"name\": \"m.py\", \"content\": \"\"}],"
                + " \"cases\": [{\"files\": [{\"name\": \"a.in\", \"content\": \"1\"}], \"output_file\": \"a.out\"},"
                + " {\"files\": [{\"name\": \"a.in\", \"content\": \"2\"}]}]}");
        assertEquals("a.out", r.cases().get(0).outputFile());
        assertEquals(1, r.cases().get(1).files().size());
        String shadow = "{\"language\": \"python\", \"files\": [{\"name\": \"m.py\", \"content\": \"\"}],"
                + " \"cases\": [{\"files\": [{\"name\": \"m.py\", \"content\": \"\"}]}]}";
        assertEquals("invalid_file_name", code(shadow));
        String escape = "{\"language\": \"python\", \"files\": [{\"name\": \"m.py\", \"content\": \"\"}],"
                + " \"cases\": [{\"output_file\": \"../../etc/passwd\"}]}";
        assertEquals("invalid_file_name", code(escape));
        String outIsProgram = "{\"language\": \"python\", \"files\": [{\"name\": \"m.py\", \"content\": \"\"}],"
                + " \"cases\": [{\"output_file\": \"m.py\"}]}";
        assertEquals("invalid_request", code(outIsProgram));
    }

    @Test
    void groups() throws Exception {
        var g = parse(body(", \"groups\": [{\"name\": \"a\", \"points\": 40, \"cases\": [0]},"
                + " {\"points\": 60, \"cases\": [1, 0], \"depends_on\": [\"a\"], \"run_all\": true}]")).judging().groups();
        assertEquals("group 2", g.get(1).name());
        assertEquals(List.of(0), g.get(1).dependsOn());
        assertEquals(true, g.get(1).runAll());
        for (String bad : List.of("[]", "[{\"cases\": []}]", "[{\"cases\": [2]}]", "[{\"cases\": [0, 0]}]",
                "[{\"cases\": [-1]}]", "[{\"points\": -1, \"cases\": [0]}]",
                "[{\"name\": \"a\", \"cases\": [0], \"depends_on\": [\"a\"]}]",
                "[{\"name\": \"a\", \"cases\": [0], \"depends_on\": [\"b\"]}, {\"name\": \"b\", \"cases\": [1]}]",
                "[{\"name\": \"a\", \"cases\": [0]}, {\"name\": \"a\", \"cases\": [1]}]")) {
            assertEquals("invalid_groups", code(body(", \"groups\": " + bad)), bad);
        }
        String noCases = "{\"language\": \"python\", \"files\": [{\"name\": \"m.py\", \"content\": \"\"}], \"checker\": \"exact\"}";
        assertEquals("invalid_request", code(noCases));
    }
}
