package io.kerat.api.judge0;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Judge0ComparisonTest {
    @Test
    void trailingWhitespacePerLineAndAtTheEndIsIgnored() {
        assertTrue(Judge0Comparison.accepted("1 2\n3\n", "1 2   \n3"));
        assertTrue(Judge0Comparison.accepted("a\n", "a\n\n\n  \n"));
        assertTrue(Judge0Comparison.accepted("a\r\nb\r\n", "a\nb\n"));
        assertTrue(Judge0Comparison.accepted("a\t\n", "a"));
        assertTrue(Judge0Comparison.accepted("", ""));
        assertTrue(Judge0Comparison.accepted("\n\n", null));
    }

    @Test
    void leadingWhitespaceAndInnerBlankLinesCount() {
        assertFalse(Judge0Comparison.accepted("a", " a"));
        assertFalse(Judge0Comparison.accepted("a\nb", "a\n\nb"));
        assertFalse(Judge0Comparison.accepted("a b", "a  b"));
        assertFalse(Judge0Comparison.accepted("\na", "a"));
    }

    @Test
    void noExpectedOutputIsAccepted() {
        assertTrue(Judge0Comparison.accepted(null, "anything"));
        assertEquals("a\n b", Judge0Comparison.strip("a  \n b \n\n"));
    }
}
