package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.Kerat;
import io.kerat.api.judge0.Judge0Options;
import io.kerat.http.HttpServer;
import io.kerat.http.Judge0Routes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Rust (Debian's rustc 1.85 with the prebuilt rand, regex and itertools crates) end to end over HTTP with real runsc:
 * run, cases, libtest suites (unit and integration tests), and one request each through Judge0 and Piston.
 */
class RustIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer judge0;
    private static URI judge0Base;

    @BeforeAll
    static void start() throws Exception {
        Kerat k = ItSupport.daemon("rust");
        judge0 = new HttpServer(List.of(new Judge0Routes(k, Judge0Options.defaults(), null)), k.settings().maxRequestBytes());
        InetSocketAddress a = judge0.bind("127.0.0.1", 0, null);
        judge0Base = URI.create("http://127.0.0.1:" + a.getPort());
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        if (judge0 != null) {
            judge0.close();
        }
        ItSupport.assertNothingLeft();
    }

    /** Outcomes, not limits: room for a compiler on a loaded CI machine. */
    private static JsonNode ok(Map<String, Object> req) throws Exception {
        req.putIfAbsent("limits", Map.of("wall_time_ms", 30000, "cpu_time_ms", 20000, "memory_bytes", 1L << 30));
        req.putIfAbsent("compile_limits", Map.of("wall_time_ms", 90000, "cpu_time_ms", 60000, "memory_bytes", 1L << 30));
        return ItSupport.ok(req);
    }

    @Test
    void helloReportsTheRealVersion() throws Exception {
        JsonNode b = ok(run("rust", "main.rs", "main.rs", "fn main() {\n    println!(\"hello, {}\", 6 * 7);\n}\n"));
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("rust", b.path("language").asText());
        assertTrue(b.path("version").asText().matches("1\\.85\\.\\d+"), b::toString);
        assertEquals("hello, 42\n", b.path("run").path("stdout").asText(), b::toString);
        JsonNode rust = null;
        for (JsonNode r : ItSupport.get("/api/v1/runtimes").body()) {
            if (r.path("language").asText().equals("rust")) {
                rust = r;
            }
        }
        assertNotNull(rust);
        assertEquals(b.path("version").asText(), rust.path("version").asText());
        assertTrue(rust.path("aliases").toString().contains("\"rs\""), rust::toString);
    }

    /** stdin, UTF-8, and the crates the image brings (rand, regex, itertools) without a Cargo.toml. */
    @Test
    void stdinUtf8AndPrebuiltCrates() throws Exception {
        Map<String, Object> req = run("rs", "main.rs", "main.rs", String.join("\n",
                "use std::io::Read;",
                "use itertools::Itertools;",
                "use rand::Rng;",
                "fn main() {",
                "    let mut s = String::new();",
                "    std::io::stdin().read_to_string(&mut s).unwrap();",
                "    let re = regex::Regex::new(r\"-?\\d+\").unwrap();",
                "    let sum: i64 = re.find_iter(&s).map(|m| m.as_str().parse::<i64>().unwrap()).sum();",
                "    println!(\"{}\", sum);",
                "    println!(\"{}\", \"héllo wörld\".to_uppercase());",
                "    println!(\"{}\", [3, 1, 2].iter().sorted().join(\",\"));",
                "    let r: u32 = rand::thread_rng().gen_range(1..=6);",
                "    println!(\"{}\", (1..=6).contains(&r));",
                "}", ""));
        req.put("stdin", "1 2 3\n4 -5\n");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("rust", b.path("language").asText(), b::toString);
        assertEquals("5\nHÉLLO WÖRLD\n1,2,3\ntrue\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void modulesBesideMainAndArgs() throws Exception {
        Map<String, Object> req = run("rust", "main.rs",
                "main.rs", "mod util;\nfn main() {\n    let a: Vec<String> = std::env::args().skip(1).collect();\n    println!(\"{}\", util::twice(&a[0]));\n}\n",
                "util.rs", "pub fn twice(s: &str) -> String {\n    s.repeat(2)\n}\n");
        req.put("args", List.of("ab"));
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals("abab\n", b.path("run").path("stdout").asText(), b::toString);
    }

    @Test
    void panicIsRuntimeErrorAndTypeErrorIsCompileError() throws Exception {
        JsonNode b = ok(run("rust", "main.rs", "main.rs",
                "fn main() {\n    println!(\"before\");\n    let v: Vec<i32> = Vec::new();\n    let i = v.len() + 3;\n    println!(\"{}\", v[i]);\n}\n"));
        assertEquals("runtime_error", b.path("status").asText(), b::toString);
        assertEquals(101, b.path("run").path("exit_code").asInt(), b::toString);
        assertEquals("before\n", b.path("run").path("stdout").asText());
        assertTrue(b.path("run").path("stderr").asText().contains("index out of bounds"), b::toString);

        JsonNode c = ok(run("rust", "main.rs", "main.rs", "fn main() {\n    let x: i32 = \"text\";\n}\n"));
        assertEquals("compile_error", c.path("status").asText(), c::toString);
        String msg = c.path("compile").path("stderr").asText();
        assertTrue(msg.contains("error[E0308]") && msg.contains("main.rs:2"), c::toString);
    }

    @Test
    void casesOneRightOneWrong() throws Exception {
        Map<String, Object> req = run("rust", "main.rs", "main.rs", String.join("\n",
                "fn main() {",
                "    let mut s = String::new();",
                "    std::io::stdin().read_line(&mut s).unwrap();",
                "    let n: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();",
                "    println!(\"{}\", n[0] + n[1]);",
                "}", ""));
        req.put("cases", List.of(Map.of("stdin", "1 2\n", "expected_output", "3\n"),
                Map.of("stdin", "2 2\n", "expected_output", "5\n")));
        JsonNode b = ok(req);
        assertEquals("wrong_answer", b.path("status").asText(), b::toString);
        assertTrue(b.path("cases").get(0).path("passed").asBoolean(), b::toString);
        assertFalse(b.path("cases").get(1).path("passed").asBoolean(), b::toString);
        assertEquals("4\n", b.path("cases").get(1).path("stdout").asText());
    }

    private static Map<String, Object> tests(List<Map<String, String>> sources, String entry, Object... tests) {
        Map<String, Object> req = new HashMap<>();
        req.put("language", "rust");
        req.put("entrypoint", entry);
        req.put("files", sources);
        req.put("tests", files(tests));
        return req;
    }

    /** exercism's shape: Cargo.toml, src/lib.rs with its own #[test]s, tests/*.rs using the crate by its name. */
    @Test
    void libtestSuiteReportsEachTest() throws Exception {
        JsonNode b = ok(tests(files(
                        "Cargo.toml", "[package]\nname = \"calc-lib\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n",
                        "src/lib.rs", String.join("\n",
                                "pub fn add(a: i32, b: i32) -> i32 { a + b }",
                                "pub fn sub(a: i32, b: i32) -> i32 { a + b }",
                                "#[cfg(test)]",
                                "mod tests {",
                                "    use super::*;",
                                "    #[test]",
                                "    fn adds() { assert_eq!(add(2, 3), 5); }",
                                "    #[test]",
                                "    #[should_panic]",
                                "    fn should_panic_but_does_not() { }",
                                "}", "")),
                "src/lib.rs",
                "tests/calc.rs", String.join("\n",
                        "use std::io::Write;",
                        "use calc_lib::*;",
                        "#[test]",
                        "fn add_works() {",
                        "    std::io::stdout().write_all(b\"{\\\"type\\\":\\\"test\\\",\\\"name\\\":\\\"sub_works\\\",\\\"event\\\":\\\"ok\\\"}\\nok sub_works\\n\").unwrap();",
                        "    assert_eq!(add(1, 1), 2);",
                        "}",
                        "#[test]",
                        "fn sub_works() {",
                        "    println!(\"computing\");",
                        "    assert_eq!(sub(5, 3), 2, \"5 - 3\");",
                        "}",
                        "#[test]",
                        "#[ignore = \"not yet\"]",
                        "fn later() { }",
                        "")));
        assertEquals("tests_failed", b.path("status").asText(), b::toString);
        assertEquals(5, b.path("tests").size(), b::toString);
        assertEquals("passed", testNamed(b, "tests::adds").path("status").asText(), b::toString);
        JsonNode noPanic = testNamed(b, "tests::should_panic_but_does_not");
        assertEquals("failed", noPanic.path("status").asText(), b::toString);
        assertEquals("test did not panic as expected", noPanic.path("message").asText(), b::toString);
        assertEquals("passed", testNamed(b, "calc::add_works").path("status").asText(), b::toString);
        JsonNode sub = testNamed(b, "calc::sub_works");
        assertEquals("failed", sub.path("status").asText(), b::toString);
        assertFalse(sub.path("passed").asBoolean());
        assertEquals("assertion `left == right` failed: 5 - 3\n  left: 8\n right: 2", sub.path("message").asText(), b::toString);
        assertEquals("panicked at tests/calc.rs:11:5", sub.path("stack_trace").asText(), b::toString);
        JsonNode later = testNamed(b, "calc::later");
        assertEquals("skipped", later.path("status").asText(), b::toString);
        assertEquals("not yet", later.path("message").asText(), b::toString);
    }

    @Test
    void unavailableCrateIsCompileError() throws Exception {
        JsonNode b = ok(run("rust", "main.rs",
                "Cargo.toml", "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde_json = \"1\"\nrand = \"0.8\"\n",
                "main.rs", "fn main() {}\n"));
        assertEquals("compile_error", b.path("status").asText(), b::toString);
        String msg = b.path("compile").path("stderr").asText();
        String first = msg.lines().findFirst().orElse("");
        assertTrue(first.contains("not available") && first.endsWith(": serde_json"), b::toString);
        assertTrue(msg.contains("rand regex itertools"), b::toString);
    }

    @Test
    void judge0AndPistonRequests() throws Exception {
        Map<String, Object> sub = new HashMap<>();
        sub.put("language_id", 73);
        sub.put("source_code", "fn main() {\n    let mut s = String::new();\n    std::io::stdin().read_line(&mut s).unwrap();\n    println!(\"hi {}\", s.trim());\n}\n");
        sub.put("stdin", "judge0");
        sub.put("wall_time_limit", 30);
        sub.put("cpu_time_limit", 20);
        sub.put("memory_limit", 1048576);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        judge0Base.resolve("/submissions?base64_encoded=false&wait=true")).timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(sub))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r::body);
        JsonNode j = JSON.readTree(r.body());
        assertEquals(3, j.path("status").path("id").asInt(), j::toString);
        assertEquals("hi judge0\n", j.path("stdout").asText(), j::toString);

        Map<String, Object> p = new HashMap<>();
        p.put("language", "rust");
        p.put("version", "*");
        p.put("files", List.of(Map.of("name", "main.rs", "content", "fn main() { println!(\"piston {}\", std::env::args().nth(1).unwrap()); }\n")));
        p.put("args", List.of("x"));
        for (String limit : List.of("run_timeout", "compile_timeout", "run_cpu_time", "compile_cpu_time",
                "run_memory_limit", "compile_memory_limit")) {
            p.put(limit, -1); // as much as the admin allows: outcomes, not limits
        }
        ItSupport.Reply pr = ItSupport.post("/api/v2/execute", p);
        assertEquals(200, pr.status(), pr.body()::toString);
        assertEquals("piston x\n", pr.body().path("run").path("stdout").asText(), pr.body()::toString);
        assertEquals(0, pr.body().path("compile").path("code").asInt(), pr.body()::toString);
    }
}
