package io.kerat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.config.Settings;
import io.kerat.config.StageLimits;
import io.kerat.execution.CheckerProgram;
import io.kerat.execution.Judging;
import io.kerat.execution.LimitsRequest;
import io.kerat.execution.LimitsResolver;
import io.kerat.execution.SourceFile;
import io.kerat.execution.TestCase;
import io.kerat.judging.BuiltinChecker;
import io.kerat.judging.CheckerProtocol;
import io.kerat.judging.Subtasks;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;
import io.kerat.util.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the judging parts of a cases request (case files, output files, the checker, the groups). */
final class JudgingValidator {
    static final int MAX_GROUPS = 64;
    static final double MAX_POINTS = 1e6;

    private final Settings settings;
    private final RunnerCatalog runners;
    private final RequestValidator files;

    JudgingValidator(Settings settings, RunnerCatalog runners, RequestValidator files) {
        this.settings = settings;
        this.runners = runners;
        this.files = files;
    }

    /** A case with its files (which may not shadow the program's) and its output file. */
    TestCase testCase(NativeDto.CaseDto c, int index, Set<String> programNames, long[] total) throws ApiException {
        List<SourceFile> caseFiles = List.of();
        if (c.files() != null) {
            Set<String> names = new HashSet<>(programNames);
            caseFiles = files.files(c.files(), "cases[" + index + "].files", names, total);
            RequestValidator.checkNoFileIsADirectory(names);
        }
        String out = c.outputFile();
        if (out != null) {
            out = RequestValidator.checkName(out);
            if (programNames.contains(out)) {
                throw ApiException.badRequest("invalid_request", "cases[" + index + "].output_file '" + out
                        + "' is one of the program's files");
            }
        }
        byte[] stdin = c.stdin() == null ? new byte[0] : c.stdin().getBytes(StandardCharsets.UTF_8);
        return new TestCase(stdin, c.expectedOutput(), caseFiles, out);
    }

    Judging judging(NativeDto.RunRequest r, int caseCount, long[] total) throws ApiException {
        boolean hasChecker = r.checker() != null && !r.checker().isNull();
        boolean any = hasChecker || r.groups() != null || r.interactor() != null || r.isolation() != null;
        if (any && caseCount == 0) {
            throw ApiException.badRequest("invalid_request",
                    "\"checker\", \"interactor\", \"groups\" and \"isolation\" apply to \"cases\" only");
        }
        if (r.interactor() != null && r.cases().stream().anyMatch(c -> c != null && c.outputFile() != null)) {
            throw ApiException.badRequest("invalid_interactor", "an interactive problem's cases take no "
                    + "\"output_file\": the interactor judges the conversation");
        }
        if (hasChecker && r.interactor() != null) {
            throw ApiException.badRequest("invalid_interactor", "an interactive problem's verdict comes from its "
                    + "\"interactor\": give no \"checker\" with it");
        }
        BuiltinChecker builtin = BuiltinChecker.LINES;
        CheckerProgram program = null;
        JsonNode node = r.checker();
        if (node != null && !node.isNull()) {
            NativeDto.CheckerDto dto;
            if (node.isTextual()) {
                dto = new NativeDto.CheckerDto(node.asText(), null, null, null, null, null, null, null, null);
            } else if (node.isObject()) {
                try {
                    dto = Json.mapper().treeToValue(node, NativeDto.CheckerDto.class);
                } catch (Exception e) {
                    throw JsonErrors.toApi(e);
                }
            } else {
                throw ApiException.badRequest("invalid_checker",
                        "\"checker\" must be a built-in checker's name or an object");
            }
            if (dto.language() != null || dto.files() != null) {
                program = program(dto, total);
                builtin = null;
            } else {
                builtin = builtin(dto);
            }
        }
        CheckerProgram interactor = r.interactor() == null ? null : InteractorValidator.interactor(r.interactor(),
                runners, settings, files, total);
        String isolation = r.isolation();
        if (isolation != null && !isolation.equals("sandbox") && !isolation.equals("process")) {
            throw ApiException.badRequest("invalid_isolation", "\"isolation\" must be \"sandbox\" or \"process\"");
        }
        if (isolation != null && !settings.cases().allows(isolation)) {
            throw ApiException.badRequest("invalid_isolation", "\"isolation\": \"process\" is not enabled here (the admin "
                    + "sets cases.isolation: process, or cases.allow_process: true); leave it out or ask for \"sandbox\"");
        }
        return new Judging(builtin, program, groups(r.groups(), caseCount), interactor, isolation);
    }

    static BuiltinChecker builtin(NativeDto.CheckerDto d) throws ApiException {
        String names = "exact, lines, tokens, floats, unordered_lines";
        if (d.name() == null) {
            throw ApiException.badRequest("invalid_checker", "a checker needs a \"name\" (" + names
                    + ") or a \"language\" and \"files\" (a checker program)");
        }
        BuiltinChecker.Kind k = BuiltinChecker.Kind.parse(d.name());
        if (k == null) {
            throw ApiException.badRequest("invalid_checker", "unknown checker '" + d.name() + "'; built in: " + names);
        }
        if (d.protocol() != null || d.entrypoint() != null || d.limits() != null) {
            throw ApiException.badRequest("invalid_checker", "\"protocol\", \"entrypoint\" and \"limits\" apply to "
                    + "checker programs only");
        }
        boolean tolerances = d.absTolerance() != null || d.relTolerance() != null;
        if (tolerances && k != BuiltinChecker.Kind.FLOATS) {
            throw ApiException.badRequest("invalid_checker", "\"abs_tolerance\" and \"rel_tolerance\" apply to "
                    + "the floats checker only");
        }
        double abs = d.absTolerance() != null ? d.absTolerance() : tolerances ? 0 : BuiltinChecker.DEFAULT_TOLERANCE;
        double rel = d.relTolerance() != null ? d.relTolerance() : tolerances ? 0 : BuiltinChecker.DEFAULT_TOLERANCE;
        if (!(abs >= 0 && abs <= 1e9) || !(rel >= 0 && rel <= 1e9)) {
            throw ApiException.badRequest("invalid_checker", "tolerances must be numbers from 0 to 1e9");
        }
        return new BuiltinChecker(k, Boolean.TRUE.equals(d.caseInsensitive()), abs, rel);
    }

    private CheckerProgram program(NativeDto.CheckerDto d, long[] total) throws ApiException {
        if (d.name() != null || d.caseInsensitive() != null || d.absTolerance() != null || d.relTolerance() != null) {
            throw ApiException.badRequest("invalid_checker", "a checker program takes \"language\", \"files\", "
                    + "\"entrypoint\", \"protocol\" and \"limits\"; \"name\" and the tolerances are for built-in checkers");
        }
        if (d.language() == null) {
            throw ApiException.badRequest("invalid_checker", "a checker program needs a \"language\"");
        }
        RunnerDef runner = runners.find(d.language()).orElseThrow(() -> ApiException.badRequest("invalid_checker",
                "unknown checker language '" + d.language() + "'; GET /api/v1/runtimes lists them"));
        if (d.files() == null || d.files().isEmpty()) {
            throw ApiException.badRequest("invalid_checker", "a checker program needs \"files\"");
        }
        Set<String> names = new HashSet<>();
        List<SourceFile> fs = files.files(d.files(), "checker.files", names, total);
        RequestValidator.checkNoFileIsADirectory(names);
        for (String n : CheckerProgram.CASE_FILES) {
            if (names.contains(n)) {
                throw ApiException.badRequest("invalid_checker", "a checker's file may not be called '" + n
                        + "': the checker gets the case's input, output and answer under those names");
            }
        }
        String entry = d.entrypoint() == null ? fs.get(0).name() : d.entrypoint();
        if (!names.contains(entry)) {
            throw ApiException.badRequest("invalid_checker", "checker entrypoint '" + entry
                    + "' is not one of the checker's files");
        }
        CheckerProtocol protocol = d.protocol() == null ? CheckerProtocol.TESTLIB : CheckerProtocol.parse(d.protocol());
        if (protocol == null) {
            throw ApiException.badRequest("invalid_checker", "unknown checker protocol '" + d.protocol()
                    + "'; use \"testlib\" or \"exitcode\"");
        }
        LimitsRequest limits = RequestValidator.limits(d.limits());
        try {
            StageLimits sl = settings.limitsFor(runner.language(), "run");
            LimitsResolver.resolve(limits, sl.defaults(), sl.maximum(), "checker_");
        } catch (LimitsResolver.InvalidLimitException e) {
            throw ApiException.badRequest("invalid_limits", "checker: " + e.getMessage());
        }
        return new CheckerProgram(runner.language(), fs, entry, protocol, limits);
    }

    static List<Subtasks.Group> groups(List<NativeDto.GroupDto> in, int caseCount) throws ApiException {
        if (in == null) {
            return List.of();
        }
        if (in.isEmpty() || in.size() > MAX_GROUPS) {
            throw ApiException.badRequest("invalid_groups", "\"groups\" must hold 1 to " + MAX_GROUPS + " groups");
        }
        Map<String, Integer> byName = new HashMap<>();
        List<Subtasks.Group> out = new ArrayList<>();
        for (int g = 0; g < in.size(); g++) {
            NativeDto.GroupDto d = in.get(g);
            if (d == null) {
                throw ApiException.badRequest("invalid_groups", "groups must be objects");
            }
            String name = d.name() == null ? "group " + (g + 1) : d.name();
            if (name.isBlank() || name.length() > 100 || byName.put(name, g) != null) {
                throw ApiException.badRequest("invalid_groups", "group names must be unique, 1 to 100 characters: '"
                        + name + "'");
            }
            double points = d.points() == null ? 0 : d.points();
            if (!(points >= 0 && points <= MAX_POINTS)) {
                throw ApiException.badRequest("invalid_groups", "group '" + name + "': points must be from 0 to "
                        + (long) MAX_POINTS);
            }
            if (d.cases() == null || d.cases().isEmpty()) {
                throw ApiException.badRequest("invalid_groups", "group '" + name + "' needs \"cases\" (0-based indexes)");
            }
            Set<Integer> seen = new HashSet<>();
            for (Integer c : d.cases()) {
                if (c == null || c < 0 || c >= caseCount || !seen.add(c)) {
                    throw ApiException.badRequest("invalid_groups", "group '" + name + "': case " + c
                            + " is not a case index (0 to " + (caseCount - 1) + ") or is listed twice");
                }
            }
            List<Integer> deps = new ArrayList<>();
            if (d.dependsOn() != null) {
                for (String dep : d.dependsOn()) {
                    Integer i = dep == null ? null : byName.get(dep);
                    if (i == null || i == g) {
                        throw ApiException.badRequest("invalid_groups", "group '" + name + "' depends on '" + dep
                                + "', which is not a group listed before it");
                    }
                    deps.add(i);
                }
            }
            out.add(new Subtasks.Group(name, points, List.copyOf(d.cases()), deps, Boolean.TRUE.equals(d.runAll())));
        }
        return out;
    }
}
