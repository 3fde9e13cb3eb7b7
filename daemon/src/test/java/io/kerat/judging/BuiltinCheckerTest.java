package io.kerat.judging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuiltinCheckerTest {
    private static Verdict v(BuiltinChecker c, String expected, String actual) {
        return c.check(expected, actual).verdict();
    }

    private static BuiltinChecker of(BuiltinChecker.Kind k, boolean ci) {
        return new BuiltinChecker(k, ci, BuiltinChecker.DEFAULT_TOLERANCE, BuiltinChecker.DEFAULT_TOLERANCE);
    }

    @Test
    void exactIsByteForByte() {
        BuiltinChecker c = of(BuiltinChecker.Kind.EXACT, false);
        assertEquals(Verdict.ACCEPTED, v(c, "a b\n", "a b\n"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "a b\n", "a b"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "a b\n", "a b\r\n"));
        assertEquals(Verdict.ACCEPTED, v(of(BuiltinChecker.Kind.EXACT, true), "Yes\n", "YES\n"));
    }

    @Test
    void linesIgnoresTrailingSpaceAndBlankLinesOnly() {
        BuiltinChecker c = BuiltinChecker.LINES;
        assertEquals(Verdict.ACCEPTED, v(c, "x\ny", "x  \r\ny\n\n\n"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "x y", "x  y"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "x\ny", " x\ny"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "x\ny", "x\n\ny"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "Yes", "yes"));
        assertEquals(Verdict.ACCEPTED, v(of(BuiltinChecker.Kind.LINES, true), "Yes", "yes"));
    }

    @Test
    void tokensIgnoreAllWhitespace() {
        BuiltinChecker c = of(BuiltinChecker.Kind.TOKENS, false);
        assertEquals(Verdict.ACCEPTED, v(c, "1 2 3", "1\n\n2\t 3\n"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "1 2 3", "1 2"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "1 2 3", "1 3 2"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "1.0", "1"));
        assertEquals(Verdict.ACCEPTED, v(c, "", "  \n"));
    }

    @Test
    void floatsAtTheToleranceEdge() {
        BuiltinChecker abs = new BuiltinChecker(BuiltinChecker.Kind.FLOATS, false, 0.001, 0);
        assertEquals(Verdict.ACCEPTED, v(abs, "1.000", "1.001"));
        assertEquals(Verdict.ACCEPTED, v(abs, "1.000", "0.999"));
        assertEquals(Verdict.WRONG_ANSWER, v(abs, "1.000", "1.0010000001"));
        assertEquals(Verdict.WRONG_ANSWER, v(abs, "1.000", "0.9989999"));
        BuiltinChecker rel = new BuiltinChecker(BuiltinChecker.Kind.FLOATS, false, 0, 1e-6);
        assertEquals(Verdict.ACCEPTED, v(rel, "1000000", "1000001"));
        assertEquals(Verdict.WRONG_ANSWER, v(rel, "1000000", "1000001.000001"));
        assertEquals(Verdict.ACCEPTED, v(rel, "1e6", "1000000.5"));
        BuiltinChecker dflt = of(BuiltinChecker.Kind.FLOATS, false);
        assertEquals(Verdict.ACCEPTED, v(dflt, "0.5 abc 3", "0.5000001 abc 3"));
        assertEquals(Verdict.WRONG_ANSWER, v(dflt, "0.5 abc", "0.5 ABC"));
        assertEquals(Verdict.ACCEPTED, v(of(BuiltinChecker.Kind.FLOATS, true), "0.5 abc", "0.5 ABC"));
        assertEquals(Verdict.WRONG_ANSWER, v(dflt, "1", "nan"));
        assertEquals(Verdict.WRONG_ANSWER, v(dflt, "1", "inf"));
        assertEquals(Verdict.WRONG_ANSWER, v(dflt, "1", "0x1"));
        assertEquals(Verdict.WRONG_ANSWER, v(dflt, "1 2", "1"));
    }

    @Test
    void unorderedLinesCountEachLine() {
        BuiltinChecker c = of(BuiltinChecker.Kind.UNORDERED_LINES, false);
        assertEquals(Verdict.ACCEPTED, v(c, "a\nb\nc", "c\na  \nb\n"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "a\nb", "a\na"));
        assertEquals(Verdict.WRONG_ANSWER, v(c, "a\nb", "a\nb\nb"));
        assertEquals(Verdict.ACCEPTED, v(of(BuiltinChecker.Kind.UNORDERED_LINES, true), "A\nb", "B\na"));
    }

    @Test
    void hugeExponentsAreNotNumbersToTheChecker() {
        assertEquals(null, BuiltinChecker.number("1e99999"));
        assertEquals(Verdict.WRONG_ANSWER, v(of(BuiltinChecker.Kind.FLOATS, false), "1", "1e99999"));
    }
}
