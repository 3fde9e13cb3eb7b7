package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.files;
import static io.kerat.it.ItSupport.run;
import static io.kerat.it.ItSupport.testNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OCaml (Debian's ocaml-nox 5.3, bytecode, OUnit2) end to end over HTTP with real runsc: run, compile errors,
 * cases, OUnit2 suites, Judge0 (id 65) and Piston.
 */
class OcamlIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("ocaml");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** These tests check outcomes, not limits: room for a loaded CI machine and the native compiler. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1L << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloWithTheRealVersion() throws Exception {
        JsonNode runtime = null;
        for (JsonNode r : ItSupport.get("/api/v1/runtimes").body()) {
            if (r.path("language").asText().equals("ocaml")) {
                runtime = r;
            }
        }
        assertNotNull(runtime);
        JsonNode b = ok(run("ml", "main.ml", "main.ml", "let () = print_endline (\"hi \" ^ Sys.ocaml_version)"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("ocaml", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("5\\.3\\.\\d+"), b::toString);
        assertEquals(runtime.path("version").asText(), b.path("version").asText());
        assertEquals("hi " + b.path("version").asText() + "\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void stdinUtf8MultiFileAndArgs() throws Exception {
        Map<String, Object> req = run("ocaml", "main.ml",
                "main.ml", String.join("\n",
                        "let () =",
                        "  let sum = ref 0 in",
                        "  (try while true do Scanf.scanf \" %d\" (fun n -> sum := !sum + n) done with End_of_file -> ());",
                        "  Printf.printf \"%d\\n%s\\n%s\\n\" !sum (Util.twice Sys.argv.(1)) \"héllo\""),
                "util.ml", "let twice s = s ^ s\n",
                "util.mli", "val twice : string -> string\n");
        req.put("stdin", "1 2 3\n4\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("10\nabab\nhéllo\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void exceptionIsRuntimeErrorAndTypeErrorIsCompileError() throws Exception {
        JsonNode b = ok(run("ocaml", "main.ml", "main.ml", "let () = print_endline \"before\"; failwith \"bad input\""));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText());
        assertTrue(b.path("run").path("stderr").asText().contains("Failure(\"bad input\")"), b::toString);
        JsonNode ce = ok(run("ocaml", "main.ml", "main.ml", "let () = print_endline (1 + 2)"));
        assertEquals("compile_error", ce.path("status").asText(), ce::toString);
        assertTrue(ce.path("compile").path("stderr").asText().contains("File \"main.ml\", line 1"), ce::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("ocaml", "main.ml", "main.ml", "let () = Scanf.scanf \" %d %d\" (fun a b -> print_int (a + b); print_newline ())");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    @Test
    void ounitSuiteReportsEachTest() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "ocaml");
        req.put("entrypoint", "calc.ml");
        req.put("files", files("calc.ml", "let add a b = a + b\nlet sub a b = a + b\n"));
        req.put("tests", files("test/test_calc.ml", String.join("\n",
                "open OUnit2",
                "let () = print_endline \"{\\\"event\\\":\\\"done\\\"}\"",
                "let tests = \"calc\" >::: [",
                "  \"adds\" >:: (fun _ -> assert_equal 5 (Calc.add 2 3));",
                "  \"subtracts\" >:: (fun _ -> assert_equal ~printer:string_of_int 2 (Calc.sub 5 3));",
                "  \"later\" >:: (fun _ -> skip_if true \"not yet\");",
                "  \"boom\" >:: (fun _ -> failwith \"boom\");",
                "]",
                "let () = run_test_tt_main tests",
                "")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "calc:0:adds").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "calc:1:subtracts");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("expected: 2 but got: 8", sub.path("message").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "calc:2:later").path("status").asText(), b::toString);
        assertEquals("not yet", testNamed(b, "calc:2:later").path("message").asText(), b::toString);
        JsonNode boom = testNamed(b, "calc:3:boom");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertTrue(boom.path("message").asText().contains("Failure(\"boom\")"), b::toString);
        assertTrue(b.path("run").path("stdout").asText().contains("{\"event\":\"done\"}"), b::toString);
    }

    @Test
    void piston() throws Exception {
        ItSupport.Reply p = ItSupport.post("/api/v2/execute", Map.of("language", "ocaml", "version", "*",
                "files", List.of(Map.of("name", "main.ml", "content", "let () = print_endline (\"piston \" ^ Sys.argv.(1))")),
                "args", List.of("x"), "run_timeout", 30000, "compile_timeout", 30000,
                "compile_memory_limit", 1L << 30));
        assertEquals(200, p.status(), () -> String.valueOf(p.body()));
        assertEquals("ocaml", p.body().path("language").asText(), p.body()::toString);
        assertEquals("piston x\n", p.body().path("run").path("stdout").asText(), p.body()::toString);
        assertEquals(0, p.body().path("run").path("code").asInt(), p.body()::toString);
    }

    @Test
    void judge0() throws Exception {
        ItSupport.Reply j = ItSupport.post("/submissions?base64_encoded=false&wait=true", Map.of(
                "language_id", 65, "source_code", "let () = print_endline (\"j0 \" ^ read_line ())", "stdin", "in",
                "wall_time_limit", 30, "cpu_time_limit", 20));
        assertEquals(201, j.status(), () -> String.valueOf(j.body()));
        assertEquals(3, j.body().path("status").path("id").asInt(), j.body()::toString);
        assertEquals("j0 in\n", j.body().path("stdout").asText(), j.body()::toString);
    }
}
