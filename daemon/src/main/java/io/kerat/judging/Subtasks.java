package io.kerat.judging;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs cases group by group and scores the groups (subtasks). Pure: the cases are judged through a callback.
 *
 * <p>The rule (DMOJ's batches): a case's share is 1 when accepted, the checker's points (0..1) for testlib partial
 * points, 0 otherwise. A group's share is the <em>smallest</em> share among its cases and the groups it depends on
 * (transitively), so partial points do not add up within a group: the weakest case decides. Its score is
 * {@code points * share}. A case is run at most once even when several groups hold it. After a case with share 0,
 * the group's remaining cases are not run ({@code skipped}) unless the group says {@code run_all}; a group one of
 * whose dependencies has share 0 runs none of its cases (unless {@code run_all}) and scores 0. Groups are taken in
 * the order given; a group may only depend on groups before it.
 */
public final class Subtasks {
    private Subtasks() {}

    /** One group as the request gives it: {@code cases} and {@code dependsOn} are 0-based indexes. */
    public record Group(String name, double points, List<Integer> cases, List<Integer> dependsOn, boolean runAll) {
    }

    /** A judged case: its verdict and its share of the points. */
    public record Judged(Verdict verdict, double share) {
    }

    /** One group's outcome on the wire. */
    public record GroupResult(String name, double points, double score, Verdict verdict, List<Integer> cases) {
    }

    public record Outcome(List<GroupResult> groups, double score, double maxScore) {
    }

    @FunctionalInterface
    public interface Judge<E extends Exception> {
        /** Judges case {@code index}; null when it could not be run (the request was cancelled). */
        Judged judge(int index) throws E;
    }

    public static <E extends Exception> Outcome run(List<Group> groups, Judged[] judged, Judge<E> judge) throws E {
        double[] share = new double[groups.size()];
        List<GroupResult> out = new ArrayList<>();
        double score = 0;
        double max = 0;
        for (int g = 0; g < groups.size(); g++) {
            Group grp = groups.get(g);
            double s = 1;
            for (int d : grp.dependsOn()) {
                s = Math.min(s, share[d]);
            }
            boolean depsFailed = s == 0;
            Verdict verdict = null;
            boolean stop = depsFailed && !grp.runAll();
            for (int c : grp.cases()) {
                if (judged[c] == null && !stop) {
                    judged[c] = judge.judge(c);
                }
                Judged j = judged[c];
                double cs = j == null ? 0 : j.share();
                Verdict cv = j == null ? Verdict.SKIPPED : j.verdict();
                s = Math.min(s, cs);
                if (verdict == null && (cv != Verdict.ACCEPTED || cs < 1)) {
                    verdict = cv;
                }
                if (cs == 0 && !grp.runAll()) {
                    stop = true;
                }
            }
            if (s >= 1) {
                verdict = Verdict.ACCEPTED;
            } else if (verdict == null) {
                verdict = depsFailed ? Verdict.SKIPPED : Verdict.ACCEPTED; // partial through a dependency
            }
            share[g] = s;
            double gs = grp.points() * s;
            score += gs;
            max += grp.points();
            out.add(new GroupResult(grp.name(), grp.points(), gs, verdict, grp.cases()));
        }
        return new Outcome(out, score, max);
    }
}
