package io.kerat.judging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SubtasksTest {
    private static Subtasks.Judged ac() {
        return new Subtasks.Judged(Verdict.ACCEPTED, 1);
    }

    private static Subtasks.Judged wa() {
        return new Subtasks.Judged(Verdict.WRONG_ANSWER, 0);
    }

    private static Subtasks.Judged partial(double p) {
        return new Subtasks.Judged(Verdict.ACCEPTED, p);
    }

    private static Subtasks.Group g(String name, double points, List<Integer> cases, List<Integer> deps, boolean all) {
        return new Subtasks.Group(name, points, cases, deps, all);
    }

    @Test
    void skipsAfterAFailureAndThroughDependencies() {
        Map<Integer, Subtasks.Judged> outcome = Map.of(0, ac(), 1, ac(), 2, wa(), 3, ac(), 4, ac(), 5, ac());
        List<Integer> ran = new ArrayList<>();
        Subtasks.Judged[] judged = new Subtasks.Judged[6];
        Subtasks.Outcome o = Subtasks.run(List.of(
                g("a", 20, List.of(0, 1), List.of(), false),
                g("b", 30, List.of(2, 3), List.of(0), false),
                g("c", 50, List.of(4, 5), List.of(1), false)), judged, i -> {
                    ran.add(i);
                    return outcome.get(i);
                });
        assertEquals(List.of(0, 1, 2), ran);
        assertEquals(20, o.score());
        assertEquals(100, o.maxScore());
        assertEquals(Verdict.WRONG_ANSWER, o.groups().get(1).verdict());
        assertEquals(Verdict.SKIPPED, o.groups().get(2).verdict());
        assertNull(judged[3]);
    }

    @Test
    void runAllRunsEveryCaseButScoresTheSame() {
        List<Integer> ran = new ArrayList<>();
        Subtasks.Outcome o = Subtasks.run(List.of(g("a", 10, List.of(0, 1, 2), List.of(), true)),
                new Subtasks.Judged[3], i -> {
                    ran.add(i);
                    return i == 0 ? wa() : ac();
                });
        assertEquals(List.of(0, 1, 2), ran);
        assertEquals(0, o.score());
    }

    @Test
    void partialPointsTakeTheWeakestCaseOfAGroup() {
        Subtasks.Judged[] cases = {partial(0.5), partial(0.8), ac()};
        Subtasks.Outcome o = Subtasks.run(List.of(
                g("a", 40, List.of(0, 1), List.of(), false),
                g("b", 10, List.of(2), List.of(), false),
                g("c", 10, List.of(2), List.of(0), false)), new Subtasks.Judged[3], i -> cases[i]);
        assertEquals(20 + 10 + 5, o.score(), 1e-9);
        assertEquals(Verdict.ACCEPTED, o.groups().get(0).verdict());
    }

    @Test
    void aSharedCaseRunsOnce() {
        List<Integer> ran = new ArrayList<>();
        Subtasks.run(List.of(g("a", 1, List.of(0, 1), List.of(), false), g("b", 1, List.of(1, 0), List.of(), false)),
                new Subtasks.Judged[2], i -> {
                    ran.add(i);
                    return ac();
                });
        assertEquals(List.of(0, 1), ran);
    }
}
