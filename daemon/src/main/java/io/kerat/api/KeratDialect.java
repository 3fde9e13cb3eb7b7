package io.kerat.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.StageResult;
import io.kerat.execution.Status;
import io.kerat.execution.TestResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The original Kerat's dialect, {@code POST /submit}: wire records and translators onto the native request
 * and back. Better than the original where it was wrong: success only when every test passed, compile errors
 * and limits as HTTP 200 with a message, student output never mixed into the results.
 */
public final class KeratDialect {
    private KeratDialect() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SourceFileDto(String filename, String src) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SourceDto(List<SourceFileDto> src, @JsonProperty("src_test") List<SourceFileDto> srcTest) {
    }

    /** Accepts both spellings: {exercise_id, type} and {id, subtype}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubmitRequest(@JsonProperty("exercise_id") Object exerciseId, Object id, String type, String subtype,
                                SourceDto source) {
    }

    public record Output(boolean passed, String name, String message, @JsonProperty("stack_trace") String stackTrace) {
    }

    public record Metrics(@JsonProperty("exit_code") Integer exitCode, @JsonProperty("wall_time") double wallTime,
                          @JsonProperty("cpu_time") long cpuTime, long memory) {
    }

    /**
     * Both spellings of the original: its README's {@code message}/{@code output} and its latest server's
     * {@code build} (the compiler's output) and {@code tests} (the same entries as {@code output}).
     */
    public record SubmitResponse(boolean success, String message, List<Output> output, String build, List<Output> tests,
                                 Metrics metrics, String status, String id) {
    }

    /** The native request this submission means. */
    public static NativeDto.RunRequest toNative(SubmitRequest r) throws ApiException {
        if (r == null) {
            throw ApiException.badRequest("invalid_request", "the body must be a JSON object");
        }
        String language = r.type() != null ? r.type() : r.subtype();
        if (language == null || language.isBlank()) {
            throw ApiException.badRequest("invalid_request", "\"type\" (or \"subtype\") must name the language");
        }
        if (r.source() == null) {
            throw ApiException.badRequest("invalid_request", "\"source\" must hold \"src\" and/or \"src_test\"");
        }
        // the original's latest server accepts an empty source.src when the tests hold everything
        List<NativeDto.FileDto> files = r.source().src() == null ? List.of() : files(r.source().src(), "source.src");
        List<NativeDto.FileDto> tests = r.source().srcTest() == null ? null : files(r.source().srcTest(), "source.src_test");
        if (files.isEmpty() && (tests == null || tests.isEmpty())) {
            throw ApiException.badRequest("invalid_request",
                    "\"source.src\" or \"source.src_test\" must hold at least one file");
        }
        return new NativeDto.RunRequest(language, files, null, null, null, null, null, null,
                tests == null || tests.isEmpty() ? null : tests, null, null);
    }

    private static List<NativeDto.FileDto> files(List<SourceFileDto> in, String field) throws ApiException {
        List<NativeDto.FileDto> out = new ArrayList<>();
        for (SourceFileDto f : in) {
            if (f == null || f.filename() == null || f.src() == null) {
                throw ApiException.badRequest("invalid_request", field + " entries need \"filename\" and \"src\"");
            }
            out.add(new NativeDto.FileDto(f.filename(), f.src(), "utf8"));
        }
        return out;
    }

    public static SubmitResponse fromResult(ExecutionResult r) {
        List<Output> output = new ArrayList<>();
        if (r.tests() != null) {
            for (TestResult t : r.tests()) {
                String msg = t.message() == null ? (t.status().equals("skipped") ? "skipped" : "") : t.message();
                output.add(new Output(t.passed(), t.name(), msg, t.stackTrace() == null ? "" : t.stackTrace()));
            }
        }
        StageResult stage = r.run() != null ? r.run() : r.compile();
        Metrics metrics = stage == null ? new Metrics(null, 0, 0, 0)
                : new Metrics(stage.exitCode(), stage.wallTimeNs() / 1e9, stage.cpuTimeNs(), stage.memoryBytes());
        boolean allPassed = output.stream().allMatch(Output::passed);
        boolean success = r.status() == Status.OK && allPassed;
        return new SubmitResponse(success, message(r, output), output, compilerOutput(r.compile()), output, metrics,
                r.status().wire(), r.id());
    }

    static String message(ExecutionResult r, List<Output> output) {
        long passed = output.stream().filter(Output::passed).count();
        return switch (r.status()) {
            case OK -> output.isEmpty() ? "ran successfully"
                    : passed == output.size() ? "all " + output.size() + " tests passed"
                    : passed + " of " + output.size() + " tests passed (the others were skipped)";
            case TESTS_FAILED -> r.message() != null && output.isEmpty() ? r.message()
                    : (output.size() - passed) + " of " + output.size() + " tests did not pass";
            case COMPILE_ERROR -> "compilation failed:\n" + compilerOutput(r.compile());
            case TIME_LIMIT -> "time limit exceeded: " + stageMessage(r);
            case MEMORY_LIMIT -> "memory limit exceeded: " + stageMessage(r);
            case OUTPUT_LIMIT -> "output limit exceeded: " + stageMessage(r);
            case RUNTIME_ERROR -> "runtime error" + (r.message() != null ? ": " + r.message() : "")
                    + (r.run() != null && !r.run().stderr().isEmpty() ? "\n" + r.run().stderr() : "");
            default -> r.status().wire() + (r.message() != null ? ": " + r.message() : "");
        };
    }

    private static String stageMessage(ExecutionResult r) {
        StageResult s = r.run() != null ? r.run() : r.compile();
        return s != null && s.message() != null ? s.message() : r.status().wire();
    }

    private static String compilerOutput(StageResult c) {
        if (c == null) {
            return "";
        }
        String out = (c.stdout() + (c.stdout().isEmpty() || c.stderr().isEmpty() ? "" : "\n") + c.stderr()).strip();
        return out.isEmpty() && c.message() != null ? c.message() : out;
    }
}
