package io.kerat.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kerat.config.Settings;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.SourceFile;
import io.kerat.http.NativeRoutes;
import io.kerat.runner.RunnerCatalog;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request body, as the HTTP routes read it (the strict mapper, then the dialect's translation, then
 * {@link RequestValidator} with the repository's real runners): the outcome is a domain request whose file names
 * stay inside the workspace and are not reserved, or an {@link ApiException} with a 4xx status and a code. Anything else thrown is a bug.
 */
@Tag("fuzz")
@Timeout(10)
class RequestFuzzTest {
    private static final RequestValidator VALIDATOR = validator();

    private static RequestValidator validator() {
        Path home = Path.of(System.getProperty("user.dir")).getParent();
        try {
            return new RequestValidator(Settings.fromEnvironment(Map.of("KERAT_HOME", home.toString())),
                    RunnerCatalog.load(home.resolve("runners")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Translation<T> {
        NativeDto.RunRequest toNative(T body) throws ApiException;
    }

    static <T> void check(byte[] body, Class<T> type, Translation<T> translation) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        try {
            ExecutionRequest r = VALIDATOR.toDomain(translation.toNative(NativeRoutes.parse(req, type)));
            assertNotNull(r.language());
            assertFalse(r.files().isEmpty());
            Path ws = Path.of("/workspace");
            for (SourceFile f : concat(r)) {
                Path p = ws.resolve(f.name()).normalize();
                assertTrue(p.startsWith(ws) && !p.equals(ws), () -> "file name escapes the workspace: " + f.name());
                assertFalse(f.name().contains(ReservedFiles.COMPILER_OPTIONS), () -> "reserved name sent: " + f.name());
            }
            assertTrue(r.files().stream().anyMatch(f -> f.name().equals(r.entrypoint())), "entrypoint not a file");
        } catch (ApiException e) {
            assertTrue(e.httpStatus() >= 400 && e.httpStatus() < 500, () -> "status " + e.httpStatus() + ": " + e.getMessage());
            assertNotNull(e.code());
            assertNotNull(e.getMessage());
        } finally {
            req.release();
        }
    }

    private static java.util.List<SourceFile> concat(ExecutionRequest r) {
        java.util.List<SourceFile> all = new java.util.ArrayList<>(r.files());
        all.addAll(r.tests());
        return all;
    }

    /** {@code POST /api/v1/runs}. */
    @FuzzTest(maxDuration = "5m")
    void nativeRun(byte[] body) {
        check(body, NativeDto.RunRequest.class, b -> b);
    }

    /** {@code POST /submit} (the original Kerat's dialect). */
    @FuzzTest(maxDuration = "5m")
    void keratSubmit(byte[] body) {
        check(body, KeratDialect.SubmitRequest.class, KeratDialect::toNative);
    }

    /** {@code POST /api/v1/execute} (Code Racer's dialect). */
    @FuzzTest(maxDuration = "5m")
    void codeRacerExecute(byte[] body) {
        check(body, CodeRacerDialect.ExecuteRequest.class, CodeRacerDialect::toNative);
    }
}
