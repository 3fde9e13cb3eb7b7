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
 * Fortran (Debian's gfortran 14) end to end over HTTP with real runsc: run, cases, TAP test programs and Judge0
 * (id 59).
 */
class FortranIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("fortran");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** Outcomes, not limits: room for a compiler on a loaded CI machine. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1L << 30));
        req.putIfAbsent("compile_limits", Map.of("wall_time_ms", 90000, "cpu_time_ms", 60000, "memory_bytes", 1L << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloStdinAndUtf8() throws Exception {
        Map<String, Object> req = run("fortran", "main.f90", "main.f90", String.join("\n",
                "program hello",
                "  implicit none",
                "  character(len=100) :: line",
                "  integer :: a, b",
                "  read(*, '(A)') line",
                "  read(*, *) a, b",
                "  print '(A,I0)', 'hello, ', 6 * 7",
                "  print '(I0)', a + b",
                "  print '(A)', trim(line)",
                "end program hello", ""));
        req.put("stdin", "héllo wörld\n3 4\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("fortran", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("14\\.\\d+\\.\\d+"), b::toString);
        assertEquals("hello, 42\n7\nhéllo wörld\n", b.path("run").path("stdout").asText(), b::toString);
        JsonNode f = null;
        for (JsonNode r : ItSupport.get("/api/v1/runtimes").body()) {
            if (r.path("language").asText().equals("fortran")) {
                f = r;
            }
        }
        assertNotNull(f);
        assertEquals(b.path("version").asText(), f.path("version").asText());
    }

    @Test
    void modulesInOtherFilesAndArgs() throws Exception {
        // main.f90 comes first and uses a module whose file comes later: the runner orders the compiles
        Map<String, Object> req = run("f90", "main.f90",
                "main.f90", "program main\n  use strutil\n  implicit none\n  character(len=20) :: arg\n  call get_command_argument(1, arg)\n  print '(A)', twice(trim(arg))\nend program main\n",
                "lib/strutil.f90", "module strutil\n  implicit none\ncontains\n  function twice(s) result(r)\n    character(len=*), intent(in) :: s\n    character(len=2*len(s)) :: r\n    r = s // s\n  end function twice\nend module strutil\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void errorStopIsRuntimeErrorAndSyntaxErrorIsCompileError() throws Exception {
        JsonNode b = ok(run("fortran", "main.f90", "main.f90",
                "program boom\n  print '(A)', 'before'\n  error stop 3\nend program boom\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(3, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText(), b::toString);
        assertTrue(b.path("run").path("stderr").asText().contains("ERROR STOP 3"), b::toString);

        JsonNode c = ok(run("fortran", "main.f90", "main.f90",
                "program bad\n  implicit none\n  x = 1\nend program bad\n"));
        assertEquals("compile_error", c.path("status").asText(), c::toString);
        String msg = c.path("compile").path("stderr").asText();
        assertTrue(msg.contains("main.f90:3") && msg.contains("no IMPLICIT type"), c::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("fortran", "main.f90", "main.f90",
                "program add\n  integer :: a, b\n  read(*, *) a, b\n  print '(I0)', a + b\nend program add\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    @Test
    void tapTestProgram() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "fortran");
        req.put("entrypoint", "main.f90");
        req.put("files", files(
                "main.f90", "program main\n  use calc\n  print '(I0)', add(1, 2)\nend program main\n",
                "calc.f90", String.join("\n",
                        "module calc",
                        "  implicit none",
                        "contains",
                        "  integer function add(a, b)",
                        "    integer, intent(in) :: a, b",
                        "    add = a + b",
                        "  end function add",
                        "  integer function sub(a, b)",
                        "    integer, intent(in) :: a, b",
                        "    sub = a + b",
                        "  end function sub",
                        "end module calc", "")));
        req.put("tests", files("test_calc.f90", String.join("\n",
                "program test_calc",
                "  use calc",
                "  implicit none",
                "  print '(A)', '1..3'",
                "  if (add(2, 2) == 4) then",
                "    print '(A)', 'ok 1 - add'",
                "  else",
                "    print '(A)', 'not ok 1 - add'",
                "  end if",
                "  if (sub(5, 3) == 2) then",
                "    print '(A)', 'ok 2 - sub'",
                "  else",
                "    print '(A)', 'not ok 2 - sub'",
                "    print '(A,I0)', '# got ', sub(5, 3)",
                "  end if",
                "  print '(A)', 'ok 3 - later # SKIP not yet'",
                "end program test_calc", "")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(3, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "add").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "sub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("got 8", sub.path("message").asText(), b::toString);
        JsonNode later = testNamed(b, "later");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("not yet", later.path("message").asText(), b::toString);
    }

    @Test
    void judge0() throws Exception {
        ItSupport.Reply j = ItSupport.post("/submissions?base64_encoded=false&wait=true", Map.of(
                "language_id", 59, "source_code", String.join("\n", "program main",
                        "  character(len=100) :: s", "  read (*, '(A)') s", "  print '(A)', 'j0 ' // trim(s)",
                        "end program main", ""), "stdin", "in\n",
                "wall_time_limit", 30, "cpu_time_limit", 20));
        assertEquals(201, j.status(), () -> String.valueOf(j.body()));
        assertEquals(3, j.body().path("status").path("id").asInt(), j.body()::toString);
        assertEquals("j0 in\n", j.body().path("stdout").asText(), j.body()::toString);
    }
}
