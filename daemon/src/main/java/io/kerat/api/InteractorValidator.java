package io.kerat.api;

import io.kerat.config.Settings;
import io.kerat.config.StageLimits;
import io.kerat.execution.CheckerProgram;
import io.kerat.execution.LimitsRequest;
import io.kerat.execution.LimitsResolver;
import io.kerat.execution.SourceFile;
import io.kerat.judging.CheckerProtocol;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks an interactive problem's {@code interactor}: a program in a known language, its files, its limits. */
final class InteractorValidator {
    private InteractorValidator() {}

    static CheckerProgram interactor(NativeDto.InteractorDto d, RunnerCatalog runners, Settings settings,
                                     RequestValidator files, long[] total) throws ApiException {
        if (d.language() == null) {
            throw ApiException.badRequest("invalid_interactor", "an interactor needs a \"language\"");
        }
        RunnerDef runner = runners.find(d.language()).orElseThrow(() -> ApiException.badRequest("invalid_interactor",
                "unknown interactor language '" + d.language() + "'; GET /api/v1/runtimes lists them"));
        if (d.files() == null || d.files().isEmpty()) {
            throw ApiException.badRequest("invalid_interactor", "an interactor needs \"files\"");
        }
        Set<String> names = new HashSet<>();
        List<SourceFile> fs = files.files(d.files(), "interactor.files", names, total);
        RequestValidator.checkNoFileIsADirectory(names);
        for (String n : CheckerProgram.CASE_FILES) {
            if (names.contains(n)) {
                throw ApiException.badRequest("invalid_interactor", "an interactor's file may not be called '" + n
                        + "': the interactor gets the case's input, its output file and the answer under those names");
            }
        }
        String entry = d.entrypoint() == null ? fs.get(0).name() : d.entrypoint();
        if (!names.contains(entry)) {
            throw ApiException.badRequest("invalid_interactor", "interactor entrypoint '" + entry
                    + "' is not one of the interactor's files");
        }
        LimitsRequest limits = RequestValidator.limits(d.limits());
        try {
            StageLimits sl = settings.limitsFor(runner.language(), "run");
            LimitsResolver.resolve(limits, sl.defaults(), sl.maximum(), "interactor_");
        } catch (LimitsResolver.InvalidLimitException e) {
            throw ApiException.badRequest("invalid_limits", "interactor: " + e.getMessage());
        }
        return new CheckerProgram(runner.language(), fs, entry, CheckerProtocol.TESTLIB, limits);
    }
}
