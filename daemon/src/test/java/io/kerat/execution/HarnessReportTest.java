package io.kerat.execution;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the daemon reads a harness's results.jsonl. */
class HarnessReportTest {

    private static HarnessReport parse(String... lines) {
        return HarnessReport.parse(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noFileIsNotFinished() {
        HarnessReport r = HarnessReport.parse(null);
        assertFalse(r.finished());
        assertTrue(r.tests().isEmpty());
        assertNull(r.compileError());
        assertEquals(0, r.garbage());
    }

    @Test
    void emptyFileIsNotFinished() {
        HarnessReport r = HarnessReport.parse(new byte[0]);
        assertFalse(r.finished());
        assertEquals(0, r.garbage());
    }

    @Test
    void testsAndDone() {
        HarnessReport r = parse(
                "{\"name\": \"TestCalc.test_add\", \"status\": \"passed\", \"duration_ms\": 3}",
                "{\"name\": \"TestCalc.test_sub\", \"status\": \"failed\", \"message\": \"AssertionError: 3 != 4\","
                        + " \"stack_trace\": \"line 1\\nline 2\", \"duration_ms\": 12}",
                "{\"name\": \"t3\", \"status\": \"errored\", \"message\": null}",
                "{\"name\": \"t4\", \"status\": \"skipped\", \"message\": \"later\"}",
                "{\"event\": \"done\"}",
                "");
        assertTrue(r.finished());
        assertEquals(0, r.garbage());
        assertNull(r.compileError());
        assertEquals(4, r.tests().size());
        TestResult add = r.tests().get(0);
        assertEquals(new TestResult("TestCalc.test_add", "passed", true, null, null, 3), add);
        TestResult sub = r.tests().get(1);
        assertEquals("failed", sub.status());
        assertFalse(sub.passed());
        assertEquals("AssertionError: 3 != 4", sub.message());
        assertEquals("line 1\nline 2", sub.stackTrace());
        assertEquals(12, sub.durationMs());
        assertNull(r.tests().get(2).message());
        assertFalse(r.tests().get(2).passed());
        assertFalse(r.tests().get(3).passed(), "skipped is not passed");
        assertEquals(0, r.tests().get(2).durationMs(), "missing duration is 0");
    }

    @Test
    void withoutDoneIsNotFinishedButKeepsTheTests() {
        HarnessReport r = parse("{\"name\": \"a\", \"status\": \"passed\"}");
        assertFalse(r.finished());
        assertEquals(1, r.tests().size());
    }

    @Test
    void compileErrorEvent() {
        HarnessReport r = parse("{\"event\": \"compile_error\", \"message\": \"x.go:3: undefined: y\"}",
                "{\"event\": \"done\"}");
        assertEquals("x.go:3: undefined: y", r.compileError());
        assertTrue(r.finished());
        assertTrue(r.tests().isEmpty());
    }

    @Test
    void compileErrorWithoutMessageIsEmptyNotNull() {
        assertEquals("", parse("{\"event\": \"compile_error\"}").compileError());
    }

    @Test
    void garbageIsCountedAndSkipped() {
        HarnessReport r = parse(
                "junk",
                "{\"name\": \"broken",
                "[1, 2]",
                "42",
                "\"a string\"",
                "{\"name\": \"no status\"}",
                "{\"status\": \"passed\"}",
                "{\"name\": \"x\", \"status\": \"exploded\"}",
                "{\"name\": null, \"status\": \"passed\"}",
                "{\"event\": \"something else\"}",
                "{\"name\": \"real\", \"status\": \"passed\"}",
                "   ",
                "{\"event\": \"done\"}");
        assertEquals(10, r.garbage());
        assertEquals(List.of("real"), r.tests().stream().map(TestResult::name).toList());
        assertTrue(r.finished());
    }

    @Test
    void crlfAndBlankLinesAreTolerated() {
        HarnessReport r = HarnessReport.parse(
                "\r\n{\"name\": \"a\", \"status\": \"passed\"}\r\n\r\n{\"event\": \"done\"}\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.tests().size());
        assertTrue(r.finished());
        assertEquals(0, r.garbage());
    }

    @Test
    void unicodeNamesAndMessagesSurvive() {
        HarnessReport r = parse("{\"name\": \"test_é_\u4e2d\", \"status\": \"failed\", \"message\": \"AssertionError: '\u00fc' != 'u'\"}");
        assertEquals("test_\u00e9_\u4e2d", r.tests().get(0).name());
        assertEquals("AssertionError: '\u00fc' != 'u'", r.tests().get(0).message());
    }

    @Test
    void nonStringFieldsAreTakenAsText() {
        HarnessReport r = parse("{\"name\": 7, \"status\": \"passed\", \"duration_ms\": \"x\"}");
        assertEquals("7", r.tests().get(0).name());
        assertEquals(0, r.tests().get(0).durationMs());
    }

    @Test
    void doneInTheMiddleStillCountsLaterTests() {
        HarnessReport r = parse("{\"event\": \"done\"}", "{\"name\": \"late\", \"status\": \"passed\"}");
        assertTrue(r.finished());
        assertEquals(1, r.tests().size());
    }
}
