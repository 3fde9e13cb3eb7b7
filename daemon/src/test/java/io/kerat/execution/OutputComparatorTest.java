package io.kerat.execution;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputComparatorTest {

    @Test
    void identical() {
        assertTrue(OutputComparator.matches("1 2\n3\n", "1 2\n3\n"));
    }

    @Test
    void missingFinalNewline() {
        assertTrue(OutputComparator.matches("3", "3\n"));
        assertTrue(OutputComparator.matches("3\n", "3"));
    }

    @Test
    void trailingWhitespacePerLineIsIgnored() {
        assertTrue(OutputComparator.matches("1 2\n3\n", "1 2   \n3\t\n"));
        assertTrue(OutputComparator.matches("1 2 \t\n", "1 2\n"));
    }

    @Test
    void trailingBlankLinesAreIgnored() {
        assertTrue(OutputComparator.matches("a\nb\n", "a\nb\n\n\n"));
        assertTrue(OutputComparator.matches("a\nb\n\n  \n\t\n", "a\nb"));
    }

    @Test
    void crlfCountsAsLf() {
        assertTrue(OutputComparator.matches("a\nb\n", "a\r\nb\r\n"));
    }

    @Test
    void emptyOutputs() {
        assertTrue(OutputComparator.matches("", ""));
        assertTrue(OutputComparator.matches("", "\n\n  \n"));
        assertFalse(OutputComparator.matches("", "x"));
        assertFalse(OutputComparator.matches("x", ""));
    }

    @Test
    void leadingWhitespaceCounts() {
        assertFalse(OutputComparator.matches("1 2\n", " 1 2\n"));
        assertFalse(OutputComparator.matches("1 2\n", "\t1 2\n"));
    }

    @Test
    void innerWhitespaceCounts() {
        assertFalse(OutputComparator.matches("1 2\n", "1  2\n"));
        assertFalse(OutputComparator.matches("1 2\n", "1\t2\n"));
    }

    @Test
    void blankLinesInTheMiddleCount() {
        assertFalse(OutputComparator.matches("a\nb\n", "a\n\nb\n"));
    }

    @Test
    void leadingBlankLinesCount() {
        assertFalse(OutputComparator.matches("a\n", "\na\n"));
    }

    @Test
    void differentContent() {
        assertFalse(OutputComparator.matches("3\n", "4\n"));
        assertFalse(OutputComparator.matches("a\nb\n", "a\n"));
        assertFalse(OutputComparator.matches("Yes\n", "yes\n"), "case counts");
    }

    @Test
    void normalizeShape() {
        assertEquals("a\nb\n", OutputComparator.normalize("a  \r\nb\n\n \n"));
        assertEquals("", OutputComparator.normalize("\n \n"));
    }
}
