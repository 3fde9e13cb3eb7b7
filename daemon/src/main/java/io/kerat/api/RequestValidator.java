package io.kerat.api;

import io.kerat.config.Settings;
import io.kerat.config.StageLimits;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.Judging;
import io.kerat.execution.LimitsRequest;
import io.kerat.execution.LimitsResolver;
import io.kerat.execution.SourceFile;
import io.kerat.execution.TestCase;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a native request and translates it to the domain request. Every refusal says what to fix. */
public final class RequestValidator {
    static final int MAX_NAME = 255;
    static final int MAX_PATH = 1024;
    static final int MAX_ARGS = 256;
    static final int MAX_CASES = 256;

    private final Settings settings;
    private final RunnerCatalog runners;
    private final JudgingValidator judging;

    public RequestValidator(Settings settings, RunnerCatalog runners) {
        this.settings = settings;
        this.runners = runners;
        this.judging = new JudgingValidator(settings, runners, this);
    }

    public ExecutionRequest toDomain(NativeDto.RunRequest r) throws ApiException {
        return toDomain(r, List.of());
    }

    /**
     * As {@link #toDomain(NativeDto.RunRequest)}, with {@code daemonFiles} written beside the program's files: files
     * the daemon itself adds (Judge0's checked compiler options), which may carry {@link ReservedFiles reserved}
     * names that no request's file may. They come from Java, never from JSON.
     */
    public ExecutionRequest toDomain(NativeDto.RunRequest r, List<SourceFile> daemonFiles) throws ApiException {
        if (r == null) {
            throw ApiException.badRequest("invalid_request", "the body must be a JSON object");
        }
        if (r.language() == null || r.language().isBlank()) {
            throw ApiException.badRequest("invalid_request", "\"language\" is required; GET /api/v1/runtimes lists them");
        }
        RunnerDef runner = runners.find(r.language()).orElseThrow(() -> ApiException.badRequest("unknown_language",
                "unknown language '" + r.language() + "'; GET /api/v1/runtimes lists the languages and their aliases"));
        boolean onlyTests = (r.files() == null || r.files().isEmpty()) && r.tests() != null && !r.tests().isEmpty();
        if ((r.files() == null || r.files().isEmpty()) && !onlyTests) {
            throw ApiException.badRequest("invalid_request", "\"files\" must hold at least one file (or give "
                    + "\"tests\" that hold everything)");
        }
        Set<String> names = new HashSet<>();
        long[] total = {0};
        List<SourceFile> files = onlyTests ? List.of() : files(r.files(), "files", names, total);
        List<SourceFile> tests = r.tests() == null ? List.of() : files(r.tests(), "tests", names, total);
        if (!daemonFiles.isEmpty()) {
            files = new ArrayList<>(files);
            for (SourceFile d : daemonFiles) {
                claim(names, d.name());
                total[0] += d.content().length;
                files.add(d);
            }
        }
        if (files.size() + tests.size() > settings.maxFiles()) {
            throw new ApiException(413, "too_many_files", "at most " + settings.maxFiles() + " files per request");
        }
        checkNoFileIsADirectory(names);
        // a suite that holds everything (the original Kerat accepts an empty source.src): its first file stands first
        List<SourceFile> entries = onlyTests ? tests : files;
        String entry = r.entrypoint() == null ? entries.get(0).name() : r.entrypoint();
        if (entries.stream().noneMatch(f -> f.name().equals(entry))) {
            throw ApiException.badRequest("invalid_entrypoint",
                    "entrypoint '" + entry + "' is not one of the submitted files");
        }
        List<String> args = r.args() == null ? List.of() : r.args();
        if (args.size() > MAX_ARGS) {
            throw ApiException.badRequest("invalid_request", "at most " + MAX_ARGS + " args");
        }
        for (String a : args) {
            if (a == null || a.indexOf('\0') >= 0) {
                throw ApiException.badRequest("invalid_request", "args must be strings without NUL");
            }
        }
        List<TestCase> cases = List.of();
        if (r.cases() != null) {
            if (r.cases().size() > MAX_CASES) {
                throw ApiException.badRequest("invalid_request", "at most " + MAX_CASES + " cases per request");
            }
            cases = new ArrayList<>();
            for (NativeDto.CaseDto c : r.cases()) {
                if (c == null) {
                    throw ApiException.badRequest("invalid_request", "cases must be objects");
                }
                cases.add(judging.testCase(c, cases.size(), names, total));
            }
        }
        Judging judged = judging.judging(r, cases.size(), total);
        if (!tests.isEmpty() && !cases.isEmpty()) {
            throw ApiException.badRequest("invalid_request", "send either \"cases\" or \"tests\", not both");
        }
        LimitsRequest run = limits(r.limits());
        LimitsRequest compile = limits(r.compileLimits());
        try {
            // resolved again at execution time; here only to refuse nonsense with a 400
            StageLimits r1 = settings.limitsFor(runner.language(), "run");
            StageLimits c1 = settings.limitsFor(runner.language(), "compile");
            LimitsResolver.resolve(run, r1.defaults(), r1.maximum(), "");
            LimitsResolver.resolve(compile, c1.defaults(), c1.maximum(), "compile_");
        } catch (LimitsResolver.InvalidLimitException e) {
            throw ApiException.badRequest("invalid_limits", e.getMessage());
        }
        String framework = framework(runner, r.framework(), tests);
        String version = r.version();
        if (version != null && (version.isBlank() || version.length() > 64 || !version.matches("[A-Za-z0-9.*+~_-]+"))) {
            throw ApiException.badRequest("invalid_request",
                    "\"version\" must be a version such as \"3.11\", a prefix such as \"3\", or \"*\"");
        }
        return new ExecutionRequest(runner.language(), files, entry, bytes(r.stdin()), args, run, compile, cases, tests,
                version, framework, judged);
    }

    /** The runner's own spelling of the framework asked for, or null to let the harness detect it. */
    static String framework(RunnerDef runner, String asked, List<SourceFile> tests) throws ApiException {
        if (asked == null) {
            return null;
        }
        if (tests.isEmpty()) {
            throw ApiException.badRequest("invalid_request", "\"framework\" applies to \"tests\" only");
        }
        List<String> known = runner.test() == null ? List.of() : runner.test().frameworks();
        for (String f : known) {
            if (f.equalsIgnoreCase(asked.trim())) {
                return f;
            }
        }
        throw ApiException.badRequest("unknown_framework", "unknown test framework '" + asked + "' for "
                + runner.language() + "; supported: " + (known.isEmpty() ? "none" : String.join(", ", known))
                + " (or leave \"framework\" out to detect it from the test files)");
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    static LimitsRequest limits(NativeDto.LimitsDto l) {
        if (l == null) {
            return LimitsRequest.NONE;
        }
        return new LimitsRequest(l.wallTimeMs(), l.cpuTimeMs(), l.memoryBytes(), l.processes(), l.outputBytes(),
                l.fileSizeBytes(), l.diskBytes(), l.cpus());
    }

    List<SourceFile> files(List<NativeDto.FileDto> in, String field, Set<String> names, long[] total)
            throws ApiException {
        if (in.size() > settings.maxFiles()) {
            throw new ApiException(413, "too_many_files", "at most " + settings.maxFiles() + " files per request");
        }
        List<SourceFile> out = new ArrayList<>();
        for (NativeDto.FileDto f : in) {
            if (f == null) {
                throw ApiException.badRequest("invalid_request", field + " must be objects with name and content");
            }
            String name = checkName(f.name());
            ReservedFiles.check(name);
            claim(names, name);
            if (f.content() == null) {
                throw ApiException.badRequest("invalid_request", "file '" + name + "' has no \"content\"");
            }
            byte[] data;
            String enc = f.encoding() == null ? "utf8" : f.encoding();
            switch (enc) {
                case "utf8", "utf-8" -> data = f.content().getBytes(StandardCharsets.UTF_8);
                case "base64" -> {
                    try {
                        data = Base64.getMimeDecoder().decode(f.content());
                        if (!f.content().matches("[A-Za-z0-9+/=\\s]*")) {
                            throw new IllegalArgumentException("bad character");
                        }
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest("invalid_encoding", "file '" + name + "' is not valid base64");
                    }
                }
                default -> throw ApiException.badRequest("invalid_encoding",
                        "file '" + name + "': encoding must be \"utf8\" or \"base64\", not '" + enc + "'");
            }
            if (data.length > settings.maxFileBytes()) {
                throw new ApiException(413, "file_too_large",
                        "file '" + name + "' is over " + settings.maxFileBytes() + " bytes");
            }
            total[0] += data.length;
            if (total[0] > settings.maxTotalFileBytes()) {
                throw new ApiException(413, "files_too_large",
                        "the files together are over " + settings.maxTotalFileBytes() + " bytes");
            }
            out.add(new SourceFile(name, data));
        }
        return out;
    }

    /** Refuses "a" next to "a/b.py": the workspace cannot hold both (it used to fail later as an internal error). */
    /** Adds {@code name} to the request's names, refusing a name used twice (request files and daemon files alike). */
    private static void claim(Set<String> names, String name) throws ApiException {
        if (!names.add(name)) {
            throw ApiException.badRequest("invalid_file_name", "file name '" + name + "' is used twice");
        }
    }

    static void checkNoFileIsADirectory(Set<String> names) throws ApiException {
        for (String n : names) {
            for (int i = n.indexOf('/'); i > 0; i = n.indexOf('/', i + 1)) {
                String dir = n.substring(0, i);
                if (names.contains(dir)) {
                    throw ApiException.badRequest("invalid_file_name",
                            "'" + dir + "' is both a file and the directory of '" + n + "'");
                }
            }
        }
    }

    /** A relative path of plain components: no '..', '.', empty parts, NUL, backslash, control characters. */
    public static String checkName(String name) throws ApiException {
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("invalid_file_name", "every file needs a \"name\"");
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        shown = shown.replace("\0", "\\0");
        if (name.length() > MAX_PATH) {
            throw ApiException.badRequest("invalid_file_name", "file name is longer than " + MAX_PATH + " characters");
        }
        if (name.startsWith("/")) {
            throw ApiException.badRequest("invalid_file_name", "file name '" + shown + "' is absolute; use a relative name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\0' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw ApiException.badRequest("invalid_file_name",
                        "file name '" + shown + "' contains NUL, a backslash or a control character");
            }
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw ApiException.badRequest("invalid_file_name",
                        "file name '" + shown + "' must be a relative path without '.', '..' or empty parts");
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
                throw ApiException.badRequest("invalid_file_name", "a part of file name '" + shown + "' is over "
                        + MAX_NAME + " bytes");
            }
        }
        return name;
    }
}
