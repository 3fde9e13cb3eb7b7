package io.kerat.execution;

import io.kerat.judging.BuiltinChecker;
import io.kerat.judging.Subtasks;

import java.util.List;

/**
 * How a cases-mode request is judged: a built-in checker or a checker program (exactly one), and optional groups.
 *
 * @param builtin the built-in checker (the default is {@link BuiltinChecker#LINES}), null when {@code program} is set
 * @param program a checker program, or null
 * @param groups     subtasks with points, or empty
 * @param interactor an interactive problem's interactor (its protocol is testlib's), or null; never with a checker
 *                   program
 * @param isolation  the request's case isolation ({@code sandbox} or {@code process}), or null for the admin's default
 */
public record Judging(BuiltinChecker builtin, CheckerProgram program, List<Subtasks.Group> groups,
                      CheckerProgram interactor, String isolation) {
    public static final Judging DEFAULT = new Judging(BuiltinChecker.LINES, null, List.of());

    public Judging {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public Judging(BuiltinChecker builtin, CheckerProgram program, List<Subtasks.Group> groups) {
        this(builtin, program, groups, null, null);
    }

    public Judging(BuiltinChecker builtin, CheckerProgram program, List<Subtasks.Group> groups,
                   CheckerProgram interactor) {
        this(builtin, program, groups, interactor, null);
    }
}
