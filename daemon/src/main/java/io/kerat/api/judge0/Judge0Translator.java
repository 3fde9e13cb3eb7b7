package io.kerat.api.judge0;

import io.kerat.api.NativeDto;
import io.kerat.api.ReservedFiles;
import io.kerat.execution.CaseResult;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.SourceFile;
import io.kerat.execution.StageResult;
import io.kerat.execution.Status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Judge0 onto Kerat and back: a {@link Judge0Submission} becomes a native run request (the source under Judge0's
 * file name, the zip's files beside it, {@code number_of_runs} runs as that many identical cases of one compiled
 * program), and Kerat's result becomes Judge0's fields and status.
 */
public final class Judge0Translator {
    private Judge0Translator() {}

    /**
     * The native request for a submission; the zip is unpacked with {@code zip}'s bounds. Its compiler options are
     * not in it: they are {@link #daemonFiles}, which no request can send.
     */
    public static NativeDto.RunRequest toNative(Judge0Submission s, Judge0Language lang, ZipUnpacker zip)
            throws Judge0ValidationException {
        List<NativeDto.FileDto> files = new ArrayList<>();
        files.add(new NativeDto.FileDto(lang.sourceFile(), s.sourceCode(), "utf8"));
        if (s.additionalFiles() != null) {
            byte[] raw = Base64.getMimeDecoder().decode(s.additionalFiles());
            List<SourceFile> extra;
            try {
                extra = zip.unpack(raw);
            } catch (ZipUnpacker.UnsafeZipException e) {
                throw Judge0ValidationException.of("additional_files", e.getMessage());
            }
            for (SourceFile f : extra) {
                if (f.name().equals(lang.sourceFile()) || f.name().equals(ReservedFiles.COMPILER_OPTIONS)) {
                    throw Judge0ValidationException.of("additional_files",
                            "entry '" + f.name() + "' would replace the source file");
                }
                files.add(new NativeDto.FileDto(f.name(), Base64.getEncoder().encodeToString(f.content()), "base64"));
            }
        }
        List<String> args;
        try {
            args = CommandLineArguments.split(s.commandLineArguments());
        } catch (CommandLineArguments.UnbalancedQuotes e) {
            throw Judge0ValidationException.of("command_line_arguments", e.getMessage());
        }
        NativeDto.LimitsDto limits = new NativeDto.LimitsDto(Math.round(s.wallTimeLimit() * 1000),
                Math.round(s.cpuTimeLimit() * 1000), s.memoryLimit() * 1024, s.maxProcessesAndOrThreads(), null,
                s.maxFileSize() * 1024, null, null);
        String stdin = s.stdin() == null ? "" : s.stdin();
        List<NativeDto.CaseDto> cases = null;
        if (s.numberOfRuns() > 1) {
            cases = new ArrayList<>();
            for (int i = 0; i < s.numberOfRuns(); i++) {
                cases.add(new NativeDto.CaseDto(stdin, null));
            }
            stdin = null;
        }
        return new NativeDto.RunRequest(s.language(), files, lang.sourceFile(), stdin, args, limits, null, cases,
                null, s.version(), null);
    }

    /**
     * The files the daemon writes beside the submission's ({@link io.kerat.api.RequestValidator#toDomain(
     * NativeDto.RunRequest, List)}): its {@code compiler_options}, checked against the safe subset, one word a line,
     * in {@link ReservedFiles#COMPILER_OPTIONS}, a name no request may use.
     */
    public static List<SourceFile> daemonFiles(Judge0Submission s) throws Judge0ValidationException {
        if (s.compilerOptions() == null) {
            return List.of();
        }
        List<String> words = CompilerOptions.parse(s.language(), s.compilerOptions());
        return List.of(new SourceFile(ReservedFiles.COMPILER_OPTIONS, utf8(String.join("\n", words) + "\n")));
    }

    /** Judge0's result for Kerat's, judged with Judge0's comparison against the expected output. */
    public static Judge0Result fromResult(Judge0Submission s, ExecutionResult r, Instant finishedAt) {
        String at = timestamp(finishedAt);
        String compileOutput = r.compile() == null ? null
                : emptyToNull(nullToEmpty(r.compile().stdout()) + nullToEmpty(r.compile().stderr()));
        if (r.status() == Status.COMPILE_ERROR) {
            return new Judge0Result(Judge0Status.COMPILATION_ERROR.id(), null, null, compileOutput, null, null, null,
                    null, null, null, r.status().wire(), at);
        }
        List<StageResult> runs = new ArrayList<>();
        if (r.cases() != null && !r.cases().isEmpty()) {
            for (CaseResult c : r.cases()) {
                runs.add(c.run());
                if (c.run().status() != Status.OK) {
                    break; // Judge0 stops at the first run that is not accepted
                }
            }
        } else if (r.run() != null) {
            runs.add(r.run());
        }
        if (runs.isEmpty()) {
            return new Judge0Result(Judge0Status.INTERNAL_ERROR.id(), null, r.message(), compileOutput, r.message(),
                    null, null, null, null, null, r.status().wire(), at);
        }
        StageResult last = runs.get(runs.size() - 1);
        long cpu = 0;
        long wall = 0;
        long mem = 0;
        for (StageResult sr : runs) {
            cpu += sr.cpuTimeNs();
            wall += sr.wallTimeNs();
            mem += sr.memoryBytes();
        }
        int n = runs.size();
        String stdout = nullToEmpty(last.stdout());
        String stderr = nullToEmpty(last.stderr());
        if (s.redirectStderrToStdout()) {
            stdout = stdout + stderr;
            stderr = "";
        }
        Judge0Status status;
        String message = null;
        Integer exitCode = last.signal() == null ? last.exitCode() : null;
        Integer exitSignal = last.signal();
        switch (last.status()) {
            case OK -> status = Judge0Comparison.accepted(s.expectedOutput(), stdout)
                    ? Judge0Status.ACCEPTED : Judge0Status.WRONG_ANSWER;
            case TIME_LIMIT -> {
                status = Judge0Status.TIME_LIMIT_EXCEEDED;
                message = "Time limit exceeded";
            }
            case MEMORY_LIMIT -> {
                status = Judge0Status.OTHER;
                message = "Memory limit exceeded";
            }
            case OUTPUT_LIMIT -> {
                status = Judge0Status.SIGXFSZ;
                message = "Output limit exceeded";
            }
            case RUNTIME_ERROR -> {
                if (last.signal() != null) {
                    status = Judge0Status.ofSignal(last.signal());
                    message = "Caught fatal signal " + last.signal();
                } else {
                    status = Judge0Status.NZEC;
                    message = "Exited with error status " + last.exitCode();
                }
            }
            default -> {
                status = Judge0Status.INTERNAL_ERROR;
                message = last.message() != null ? last.message() : r.message();
            }
        }
        if (message == null && last.message() != null && status != Judge0Status.ACCEPTED
                && status != Judge0Status.WRONG_ANSWER) {
            message = last.message();
        }
        String verdict = last.status() == Status.OK && status == Judge0Status.WRONG_ANSWER
                ? Status.WRONG_ANSWER.wire() : last.status().wire();
        return new Judge0Result(status.id(), emptyToNull(stdout), emptyToNull(stderr), compileOutput, message,
                exitCode, exitSignal, seconds(cpu / n), seconds(wall / n), (mem / n) / 1024, verdict, at);
    }

    /** An internal error as a Judge0 result (what a failed run is stored as). */
    public static Judge0Result internalError(String why, Instant at) {
        return new Judge0Result(Judge0Status.INTERNAL_ERROR.id(), null, why, null, why, null, null, null, null, null,
                Status.INTERNAL_ERROR.wire(), timestamp(at));
    }

    /** Seconds with three decimals, as Judge0 writes times ("0.012"). */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static final java.time.format.DateTimeFormatter RAILS = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** Rails' JSON time: ISO-8601 in UTC with milliseconds ("2026-12-01T00:25:39.123Z"). */
    public static String timestamp(Instant t) {
        return t == null ? null : RAILS.format(t);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
