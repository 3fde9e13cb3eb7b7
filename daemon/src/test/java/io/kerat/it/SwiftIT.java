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

/** Swift (Debian's swiftlang 6.0 with XCTest) end to end over HTTP with real runsc: run, cases, tests, Judge0, Piston. */
class SwiftIT {

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("swift");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    /** Outcomes, not limits: room for a loaded CI machine (swiftc with Foundation is heavy). */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1 << 30));
        req.putIfAbsent("compile_limits", Map.of("wall_time_ms", 90000, "cpu_time_ms", 60000, "memory_bytes", 1 << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloStdinUtf8AndTheRealVersion() throws Exception {
        Map<String, Object> req = run("swift", "main.swift", "main.swift", String.join("\n",
                "import Foundation",
                "var sum = 0",
                "while let line = readLine() {",
                "    sum += line.split(separator: \" \").compactMap { Int($0) }.reduce(0, +)",
                "}",
                "#if compiler(>=6.0)",
                "let v = \"6\"",
                "#else",
                "let v = \"old\"",
                "#endif",
                "print(\"hi \\(v) \\(sum) \\(\"héllo\".uppercased())\")"));
        req.put("stdin", "1 2 3\n4\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("swift", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("6\\.\\d+\\.\\d+"), b::toString);
        assertEquals("hi 6 10 HÉLLO\n", b.path("run").path("stdout").asText(), b::toString);
        JsonNode swift = null;
        for (JsonNode r : ItSupport.get("/api/v1/runtimes").body()) {
            if (r.path("language").asText().equals("swift")) {
                swift = r;
            }
        }
        assertNotNull(swift);
        assertEquals(b.path("version").asText(), swift.path("version").asText());
    }

    @Test
    void multiFileWithArgs() throws Exception {
        Map<String, Object> req = run("swift", "main.swift",
                "main.swift", "print(twice(CommandLine.arguments[1]))\n",
                "Sources/Util.swift", "func twice(_ s: String) -> String { s + s }\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void crashIsRuntimeError() throws Exception {
        JsonNode b = ok(run("swift", "main.swift", "main.swift",
                "print(\"before\")\nlet xs = [1, 2]\nlet i = Int(\"5\")!\nprint(xs[i])\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        // stdout is a pipe, so Swift's print is fully buffered: what it held is lost in the crash
        assertTrue(b.path("run").path("stderr").asText().contains("Index out of range"), b::toString);
    }

    @Test
    void typeErrorIsCompileError() throws Exception {
        JsonNode b = ok(run("swift", "main.swift", "main.swift", "let x: Int = \"text\"\nprint(x)\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText();
        assertTrue(msg.contains("main.swift:1") && msg.contains("error:") && msg.contains("cannot convert value"), b::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("swift", "main.swift", "main.swift",
                "let p = readLine()!.split(separator: \" \").map { Int($0)! }\nprint(p[0] + p[1])\n");
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    @Test
    void xctestSuiteReportsEachTest() throws Exception {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "swift");
        req.put("entrypoint", "Sources/Calc/Calc.swift");
        req.put("files", files("Sources/Calc/Calc.swift", String.join("\n",
                "struct Calc {",
                "    func add(_ a: Int, _ b: Int) -> Int { a + b }",
                "    func sub(_ a: Int, _ b: Int) -> Int { a + b }",
                "}",
                "struct Boom: Error {}",
                "func explode() throws -> Int { throw Boom() }")));
        req.put("tests", files("Tests/CalcTests/CalcTests.swift", String.join("\n",
                "import XCTest",
                "@testable import Calc",
                "",
                "final class CalcTests: XCTestCase {",
                "    func testAdd() {",
                "        print(\"{\\\"name\\\":\\\"CalcTests.testSub\\\",\\\"status\\\":\\\"passed\\\"}\")",
                "        XCTAssertEqual(Calc().add(2, 3), 5)",
                "    }",
                "    func testSub() {",
                "        XCTAssertEqual(Calc().sub(5, 3), 2, \"five minus three\")",
                "    }",
                "    func testLater() throws {",
                "        throw XCTSkip(\"not yet\")",
                "    }",
                "    func testExplodes() throws {",
                "        _ = try explode()",
                "    }",
                "}")));
        JsonNode b = ok(req);
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(4, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "CalcTests.testAdd").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "CalcTests.testSub");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertEquals("XCTAssertEqual failed: (\"8\") is not equal to (\"2\") - five minus three (CalcTests.swift:10)",
                sub.path("message").asText(), b::toString);
        assertEquals("skipped", testNamed(b, "CalcTests.testLater").path("status").asText(), b::toString);
        JsonNode boom = testNamed(b, "CalcTests.testExplodes");
        assertEquals("errored", boom.path("status").asText(), b::toString);
        assertTrue(boom.path("message").asText().contains("threw error \"Boom()\""), b::toString);
        // the forged line went to stdout, not into the results
        assertTrue(b.path("run").path("stdout").asText().contains("\"status\":\"passed\""), b::toString);
    }

    @Test
    void judge0AndPiston() throws Exception {
        Map<String, Object> sub = new HashMap<>(Map.of("language_id", 83,
                "source_code", "print(\"judge0 \" + String(readLine()!.reversed()))\n",
                "stdin", "abc\n", "cpu_time_limit", 20, "wall_time_limit", 30, "memory_limit", 1 << 20));
        ItSupport.Reply j = ItSupport.post("/submissions?base64_encoded=false&wait=true", sub);
        assertEquals(201, j.status(), () -> String.valueOf(j.body()));
        assertEquals(3, j.body().path("status").path("id").asInt(), j.body()::toString);
        assertEquals("judge0 cba\n", j.body().path("stdout").asText(), j.body()::toString);

        Map<String, Object> exec = new HashMap<>(Map.of("language", "swift", "version", "*",
                "files", List.of(Map.of("name", "main.swift", "content", "print(\"piston \" + CommandLine.arguments.dropFirst().joined(separator: \",\"))")),
                "args", List.of("x", "y"), "run_timeout", 30000, "compile_timeout", 90000, "run_cpu_time", 20000,
                "compile_cpu_time", 60000));
        exec.put("run_memory_limit", 1L << 30);
        exec.put("compile_memory_limit", 1L << 30);
        ItSupport.Reply p = ItSupport.post("/api/v2/execute", exec);
        assertEquals(200, p.status(), () -> String.valueOf(p.body()));
        assertEquals("swift", p.body().path("language").asText(), p.body()::toString);
        assertEquals("piston x,y\n", p.body().path("run").path("stdout").asText(), p.body()::toString);
        assertEquals(0, p.body().path("run").path("code").asInt(), p.body()::toString);
    }
}
