package io.kerat.api;

import io.kerat.config.Settings;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.Mode;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestValidatorTest {

    private static final RunnerCatalog RUNNERS = new RunnerCatalog(List.of(new RunnerDef("python",
            List.of("python3", "py"), "python", List.of(".py"), Map.of(), null,
            new RunnerDef.Command(List.of("python3", "{entrypoint}"), Map.of()),
            new RunnerDef.TestCommand(null, List.of("python3", "/kerat/runner/harness.py"), Map.of(),
                    List.of("pytest", "unittest")))));

    private static RequestValidator validator(Map<String, String> env) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("KERAT_HOME", "/nonexistent-kerat-home");
        return new RequestValidator(Settings.fromEnvironment(e), RUNNERS);
    }

    private static final RequestValidator V = validator(Map.of());

    private static NativeDto.FileDto f(String name, String content) {
        return new NativeDto.FileDto(name, content, null);
    }

    private static NativeDto.RunRequest req(String language, List<NativeDto.FileDto> files) {
        return new NativeDto.RunRequest(language, files, null, null, null, null, null, null, null, null, null);
    }

    private static NativeDto.RunRequest req(List<NativeDto.FileDto> files, String entrypoint, List<String> args,
                                            List<NativeDto.CaseDto> cases, List<NativeDto.FileDto> tests) {
        return new NativeDto.RunRequest("python", files, entrypoint, null, args, null, null, cases, tests, null, null);
    }

    private static ApiException refused(NativeDto.RunRequest r) {
        return refused(V, r);
    }

    private static ApiException refused(RequestValidator v, NativeDto.RunRequest r) {
        return assertThrows(ApiException.class, () -> v.toDomain(r));
    }

    private static void badName(String name) {
        ApiException e = assertThrows(ApiException.class, () -> RequestValidator.checkName(name), () -> "accepted " + name);
        assertEquals(400, e.httpStatus());
        assertEquals("invalid_file_name", e.code());
    }

    // ---- checkName ------------------------------------------------------------------------------------------

    @Test
    void plainRelativeNamesAreAccepted() throws Exception {
        for (String n : List.of("main.py", "pkg/Main.java", "a/b/c/d.txt", "..a", "a..b", "a.", ".hidden",
                "with space.py", "\u00e9t\u00e9.py", "x-y_z+1.c")) {
            assertEquals(n, RequestValidator.checkName(n));
        }
    }

    @Test
    void missingNamesAreRefused() {
        badName(null);
        badName("");
    }

    @Test
    void traversalAndAbsoluteNamesAreRefused() {
        for (String n : List.of("..", "../x", "a/../b", "a/..", "../../etc/passwd", "/etc/passwd", "/x", ".", "./a",
                "a/./b", "a//b", "a/", "/")) {
            badName(n);
        }
    }

    @Test
    void nulBackslashAndControlCharactersAreRefused() {
        for (String n : List.of("a\0b", "a\0", "..\\x", "a\\b", "a\nb", "a\rb", "a\tb", "\u001b[31m", "a\u007fb")) {
            badName(n);
        }
    }

    @Test
    void nulIsShownEscapedInTheMessage() {
        ApiException e = assertThrows(ApiException.class, () -> RequestValidator.checkName("a\0b"));
        assertTrue(e.getMessage().contains("a\\0b"), e.getMessage());
        assertTrue(e.getMessage().indexOf('\0') < 0);
    }

    @Test
    void overlongNamesAndPartsAreRefused() throws Exception {
        badName("a".repeat(RequestValidator.MAX_PATH + 1));
        badName("a".repeat(RequestValidator.MAX_NAME + 1));
        badName("d/" + "\u00e9".repeat(128));  // 256 bytes in UTF-8
        assertEquals("d/" + "\u00e9".repeat(127), RequestValidator.checkName("d/" + "\u00e9".repeat(127)));
        String part = "a".repeat(RequestValidator.MAX_NAME);
        String deep = String.join("/", part, part, part, part);  // 1023 characters, every part at the maximum
        assertEquals(deep, RequestValidator.checkName(deep));
        badName(deep + "a");
    }

    // ---- toDomain -------------------------------------------------------------------------------------------

    @Test
    void aSimpleRequest() throws Exception {
        ExecutionRequest r = V.toDomain(req("py", List.of(f("main.py", "print(1)"), f("lib/util.py", "x = 1"))));
        assertEquals("python", r.language(), "alias resolved to the canonical id");
        assertEquals("main.py", r.entrypoint(), "first file by default");
        assertEquals(2, r.files().size());
        assertArrayEquals("print(1)".getBytes(StandardCharsets.UTF_8), r.files().get(0).content());
        assertEquals(0, r.stdin().length);
        assertEquals(List.of(), r.args());
        assertEquals(Mode.RUN, r.mode());
    }

    @Test
    void languageIsCaseInsensitive() throws Exception {
        assertEquals("python", V.toDomain(req("Python3", List.of(f("a.py", "")))).language());
    }

    @Test
    void nullBodyMissingAndUnknownLanguage() {
        assertEquals("invalid_request", refused(null).code());
        assertEquals("invalid_request", refused(req(null, List.of(f("a.py", "")))).code());
        assertEquals("invalid_request", refused(req("  ", List.of(f("a.py", "")))).code());
        ApiException e = refused(req("cobol", List.of(f("a.cob", ""))));
        assertEquals("unknown_language", e.code());
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("cobol"), e.getMessage());
    }

    @Test
    void filesAreRequired() {
        assertEquals("invalid_request", refused(req("python", null)).code());
        assertEquals("invalid_request", refused(req("python", List.of())).code());
        assertEquals("invalid_request", refused(req("python", Collections.singletonList(null))).code());
        assertEquals("invalid_request", refused(req("python", List.of(f("a.py", null)))).code());
    }

    @Test
    void badFileNamesInFilesAndTestsAreRefused() {
        assertEquals("invalid_file_name", refused(req("python", List.of(f("../evil.py", "")))).code());
        assertEquals("invalid_file_name", refused(req("python", List.of(f("a\0.py", "")))).code());
        assertEquals("invalid_file_name", refused(req("python", List.of(f("a\\b.py", "")))).code());
        assertEquals("invalid_file_name", refused(req(List.of(f("a.py", "")), null, null, null,
                List.of(f("/abs/test.py", "")))).code());
    }

    @Test
    void duplicateNamesAreRefusedAcrossFilesAndTests() {
        ApiException e = refused(req("python", List.of(f("a.py", "1"), f("a.py", "2"))));
        assertEquals("invalid_file_name", e.code());
        assertTrue(e.getMessage().contains("used twice"), e.getMessage());
        assertEquals("invalid_file_name", refused(req(List.of(f("a.py", "")), null, null, null,
                List.of(f("a.py", "")))).code());
    }

    @Test
    void aFileCannotAlsoBeADirectory() throws Exception {
        ApiException e = refused(req("python", List.of(f("a", "x"), f("a/b.py", ""))));
        assertEquals("invalid_file_name", e.code());
        assertTrue(e.getMessage().contains("'a' is both a file and the directory of 'a/b.py'"), e.getMessage());
        assertEquals("invalid_file_name", refused(req(List.of(f("pkg/sub/m.py", "")), null, null, null,
                List.of(f("pkg/sub", "")))).code());
        assertEquals("invalid_file_name", refused(req("python", List.of(f("x/y/z.py", ""), f("x", "")))).code());
        // siblings and look-alike prefixes are fine
        assertEquals(3, V.toDomain(req("python", List.of(f("a.py", ""), f("a/b.py", ""), f("ab/c.py", "")))).files().size());
    }

    @Test
    void entrypointMustBeASubmittedFile() throws Exception {
        assertEquals("invalid_entrypoint", refused(req(List.of(f("a.py", "")), "b.py", null, null, null)).code());
        assertEquals("b.py", V.toDomain(req(List.of(f("a.py", ""), f("b.py", "")), "b.py", null, null, null)).entrypoint());
        ApiException e = refused(req(List.of(f("a.py", "")), "t.py", null, null, List.of(f("t.py", ""))));
        assertEquals("invalid_entrypoint", e.code(), "a test file is not an entrypoint");
    }

    @Test
    void base64IsDecoded() throws Exception {
        byte[] raw = {0, 1, 2, (byte) 0xff, 'x'};
        String b64 = Base64.getEncoder().encodeToString(raw);
        ExecutionRequest r = V.toDomain(req("python", List.of(new NativeDto.FileDto("data.bin", b64, "base64"),
                new NativeDto.FileDto("a.py", "x", "utf-8"), new NativeDto.FileDto("b.py", "y", "utf8"))));
        assertArrayEquals(raw, r.files().get(0).content());
        // MIME-style line breaks are accepted
        String wrapped = b64.substring(0, 4) + "\r\n" + b64.substring(4);
        assertArrayEquals(raw, V.toDomain(req("python", List.of(new NativeDto.FileDto("d", wrapped, "base64"))))
                .files().get(0).content());
    }

    @Test
    void badBase64AndUnknownEncodingsAreRefused() {
        for (String bad : List.of("!!!!", "aGVsbG8=\u00e9", "aGVs*G8=", "a-b_")) {
            ApiException e = refused(req("python", List.of(new NativeDto.FileDto("d.bin", bad, "base64"))));
            assertEquals("invalid_encoding", e.code(), bad);
        }
        ApiException e = refused(req("python", List.of(new NativeDto.FileDto("a.py", "x", "latin1"))));
        assertEquals("invalid_encoding", e.code());
        assertTrue(e.getMessage().contains("latin1"), e.getMessage());
    }

    @Test
    void argsAreChecked() throws Exception {
        assertEquals(List.of("a", "b c"), V.toDomain(req(List.of(f("a.py", "")), null, List.of("a", "b c"), null, null)).args());
        assertEquals("invalid_request", refused(req(List.of(f("a.py", "")), null, List.of("a\0b"), null, null)).code());
        assertEquals("invalid_request", refused(req(List.of(f("a.py", "")), null,
                Collections.singletonList(null), null, null)).code());
        List<String> many = new ArrayList<>(Collections.nCopies(RequestValidator.MAX_ARGS + 1, "x"));
        assertEquals("invalid_request", refused(req(List.of(f("a.py", "")), null, many, null, null)).code());
    }

    @Test
    void casesAndTestsModes() throws Exception {
        ExecutionRequest c = V.toDomain(req(List.of(f("a.py", "")), null, null,
                List.of(new NativeDto.CaseDto("1 2\n", "3\n"), new NativeDto.CaseDto(null, null)), null));
        assertEquals(Mode.CASES, c.mode());
        assertArrayEquals("1 2\n".getBytes(StandardCharsets.UTF_8), c.cases().get(0).stdin());
        assertEquals("3\n", c.cases().get(0).expectedOutput());
        assertEquals(0, c.cases().get(1).stdin().length);
        ExecutionRequest t = V.toDomain(req(List.of(f("a.py", "")), null, null, null, List.of(f("test_a.py", ""))));
        assertEquals(Mode.TESTS, t.mode());
        assertEquals("test_a.py", t.tests().get(0).name());
        assertEquals("invalid_request", refused(req(List.of(f("a.py", "")), null, null,
                List.of(new NativeDto.CaseDto("", "")), List.of(f("test_a.py", "")))).code());
        assertEquals("invalid_request", refused(req(List.of(f("a.py", "")), null, null,
                Collections.singletonList(null), null)).code());
        List<NativeDto.CaseDto> many = new ArrayList<>(Collections.nCopies(RequestValidator.MAX_CASES + 1,
                new NativeDto.CaseDto("", "")));
        assertEquals("invalid_request", refused(req(List.of(f("a.py", "")), null, null, many, null)).code());
    }

    @Test
    void sizeLimits() {
        RequestValidator small = validator(Map.of("KERAT_MAX_FILES", "2", "KERAT_MAX_FILE_BYTES", "10",
                "KERAT_MAX_TOTAL_FILE_BYTES", "15"));
        ApiException tooMany = refused(small, req("python", List.of(f("a", ""), f("b", ""), f("c", ""))));
        assertEquals(413, tooMany.httpStatus());
        assertEquals("too_many_files", tooMany.code());
        ApiException tooManyWithTests = refused(small, req(List.of(f("a", ""), f("b", "")), null, null, null,
                List.of(f("t", ""))));
        assertEquals("too_many_files", tooManyWithTests.code());
        ApiException big = refused(small, req("python", List.of(f("a", "12345678901"))));
        assertEquals(413, big.httpStatus());
        assertEquals("file_too_large", big.code());
        ApiException total = refused(small, req("python", List.of(f("a", "1234567890"), f("b", "123456"))));
        assertEquals("files_too_large", total.code());
        // the limit is on decoded bytes: 10 bytes of base64 payload are fine even though the text is longer
        String tenBytes = Base64.getEncoder().encodeToString("0123456789".getBytes(StandardCharsets.UTF_8));
        assertSame(null, assertDoesNotThrow(small, req("python", List.of(new NativeDto.FileDto("a", tenBytes, "base64")))));
    }

    private static Object assertDoesNotThrow(RequestValidator v, NativeDto.RunRequest r) {
        try {
            v.toDomain(r);
            return null;
        } catch (ApiException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    private static NativeDto.RunRequest withFramework(String framework, boolean tests) {
        List<NativeDto.FileDto> files = List.of(f("calc.py", "x = 1"));
        return new NativeDto.RunRequest("python", files, null, null, null, null, null, null,
                tests ? List.of(f("test_calc.py", "def test_x(): pass")) : null, null, framework);
    }

    @Test
    void frameworkIsOneTheRunnerListsSpelledItsWay() throws Exception {
        assertEquals("pytest", V.toDomain(withFramework("PyTest", true)).framework());
        assertEquals(null, V.toDomain(withFramework(null, true)).framework());
        ApiException e = refused(withFramework("nose", true));
        assertEquals("unknown_framework", e.code());
        assertTrue(e.getMessage().contains("pytest, unittest"), e.getMessage());
        assertEquals("invalid_request", refused(withFramework("pytest", false)).code());
    }

    @Test
    void versionIsPassedOnOrRefusedWhenMalformed() throws Exception {
        NativeDto.RunRequest ok = new NativeDto.RunRequest("python", List.of(f("a.py", "")), null, null, null, null,
                null, null, null, "3.11", null);
        assertEquals("3.11", V.toDomain(ok).version());
        NativeDto.RunRequest bad = new NativeDto.RunRequest("python", List.of(f("a.py", "")), null, null, null, null,
                null, null, null, "3.11 && rm", null);
        assertEquals("invalid_request", refused(bad).code());
    }
}
