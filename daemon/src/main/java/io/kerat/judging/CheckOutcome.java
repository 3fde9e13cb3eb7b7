package io.kerat.judging;

/**
 * What a checker decided about one case.
 *
 * @param verdict accepted, wrong_answer, presentation_error or checker_error
 * @param points  the case's share of its points, 0 to 1 (1 when accepted, less for testlib's partial points)
 * @param message the checker's explanation, or null
 */
public record CheckOutcome(Verdict verdict, double points, String message) {
    public static CheckOutcome accepted(String message) {
        return new CheckOutcome(Verdict.ACCEPTED, 1, message);
    }

    public static CheckOutcome wrong(String message) {
        return new CheckOutcome(Verdict.WRONG_ANSWER, 0, message);
    }

    public static CheckOutcome of(Verdict v, String message) {
        return new CheckOutcome(v, v == Verdict.ACCEPTED ? 1 : 0, message);
    }
}
