package io.kerat.execution;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the daemon reads back from a sandbox after a run, all of it written by the untrusted program: the harness's
 * {@code results.jsonl} ({@link HarnessReport#parse} never throws: a bad line is counted as garbage) and
 * the program's output compared with a case's expected output ({@link OutputComparator}).
 */
@Tag("fuzz")
@Timeout(10)
class HarnessReportFuzzTest {
    private static final List<String> STATUSES = List.of("passed", "failed", "errored", "skipped");

    @FuzzTest(maxDuration = "5m")
    void resultsJsonl(byte[] raw) {
        HarnessReport r = HarnessReport.parse(raw);
        long lines = new String(raw, StandardCharsets.UTF_8).split("\n").length;
        assertTrue(r.tests().size() + r.garbage() <= lines, "more results than lines");
        for (TestResult t : r.tests()) {
            assertNotNull(t.name());
            assertTrue(STATUSES.contains(t.status()), t.status());
            assertTrue(t.passed() == t.status().equals("passed"));
        }
    }

    /** The first line is the expected output, the rest the program's stdout. */
    @FuzzTest(maxDuration = "5m")
    void outputComparison(byte[] raw) {
        String s = new String(raw, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String expected = nl < 0 ? s : s.substring(0, nl).replace("\\n", "\n");
        String actual = nl < 0 ? "" : s.substring(nl + 1);
        boolean m = OutputComparator.matches(expected, actual);
        assertTrue(m == OutputComparator.matches(actual, expected), "not symmetric");
        assertTrue(OutputComparator.matches(actual, actual + "\n"), "a final newline counts");
        assertTrue(OutputComparator.matches(actual, actual.replace("\n", "\r\n")), "CRLF counts");
    }
}
