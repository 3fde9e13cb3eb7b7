package io.kerat.api.judge0;

import io.kerat.api.NativeDto;
import io.kerat.execution.CaseResult;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.SourceFile;
import io.kerat.execution.StageResult;
import io.kerat.execution.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Judge0TranslatorTest {
    static final Judge0Language PY = new Judge0Language(71, "Python (3.13.5)", "script.py", null, "python3 script.py",
            "python", "3.13.5");
    static final Judge0Language C = new Judge0Language(50, "C (GCC 12.2.0)", "main.c", "gcc main.c", "./main", "c", "12.2.0");
    static final Instant AT = Instant.parse("2026-12-01T00:00:01.5Z");

    static Judge0Submission sub(String expected, int runs, boolean redirect, String options, String args) {
        return new Judge0Submission("print(1)", 71, "in", expected, 2.5, 0, 5, 131072, 64000, 30, false, false, 1024,
                runs, redirect, options, args, null, null, false, "python", "3.13.5");
    }

    static StageResult stage(Status s, Integer exit, Integer signal, String out, String err, long cpuMs, long mem) {
        return new StageResult(s, exit, signal, out, err, false, false, cpuMs * 2_000_000, cpuMs * 1_000_000, mem, null);
    }

    static ExecutionResult run(StageResult run) {
        return new ExecutionResult("id", "python", "3.13.5", run.status(), null, null, run, null, null, null, null, null, 0);
    }

    @Test
    void theNativeRequestCarriesLimitsInKeratsUnits() throws Exception {
        NativeDto.RunRequest r = Judge0Translator.toNative(sub(null, 1, false, null, "a 'b c'"), PY,
                new ZipUnpacker(10, 100, 100));
        assertEquals("script.py", r.entrypoint());
        assertEquals("python", r.language());
        assertEquals("3.13.5", r.version());
        assertEquals("in", r.stdin());
        assertEquals(List.of("a", "b c"), r.args());
        assertEquals(2500L, r.limits().cpuTimeMs());
        assertEquals(5000L, r.limits().wallTimeMs());
        assertEquals(131072L * 1024, r.limits().memoryBytes());
        assertEquals(1024L * 1024, r.limits().fileSizeBytes());
        assertEquals(30L, r.limits().processes());
        assertNull(r.cases());
        NativeDto.RunRequest three = Judge0Translator.toNative(sub(null, 3, false, null, null), PY, new ZipUnpacker(10, 100, 100));
        assertEquals(3, three.cases().size());
        assertNull(three.stdin());
        assertEquals("in", three.cases().get(2).stdin());
        Judge0Submission c = new Judge0Submission("int main(){}", 50, null, null, 1, 0, 2, 65536, 0, 1, false, false, 1,
                1, false, "-O0 -DX=1", null, null, null, false, "c", "12.2.0");
        NativeDto.RunRequest withOptions = Judge0Translator.toNative(c, C, new ZipUnpacker(10, 100, 100));
        assertEquals(1, withOptions.files().size(), "the options are no request file: they are the daemon's");
        List<SourceFile> daemon = Judge0Translator.daemonFiles(c);
        assertEquals(io.kerat.api.ReservedFiles.COMPILER_OPTIONS, daemon.get(0).name());
        assertEquals("-O0\n-DX=1\n", new String(daemon.get(0).content(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(), Judge0Translator.daemonFiles(sub(null, 1, false, null, null)));
    }

    @Test
    void verdictsMapOntoJudge0Statuses() {
        Judge0Submission s = sub("1", 1, false, null, null);
        Judge0Result ok = Judge0Translator.fromResult(s, run(stage(Status.OK, 0, null, "1\n", "", 12, 4 << 20)), AT);
        assertEquals(3, ok.statusId());
        assertEquals("0.012", ok.time());
        assertEquals("0.024", ok.wallTime());
        assertEquals(4096L, ok.memory());
        assertEquals(0, ok.exitCode());
        assertNull(ok.stderr(), "empty output is null, as Judge0");
        assertEquals("2026-12-01T00:00:01.500Z", ok.finishedAt());
        assertEquals(4, Judge0Translator.fromResult(s, run(stage(Status.OK, 0, null, "2\n", "", 1, 1)), AT).statusId());
        assertEquals("wrong_answer", Judge0Translator.fromResult(s, run(stage(Status.OK, 0, null, "2", "", 1, 1)), AT).keratVerdict());
        assertEquals(5, Judge0Translator.fromResult(s, run(stage(Status.TIME_LIMIT, 137, 9, "", "", 1, 1)), AT).statusId());
        Judge0Result segv = Judge0Translator.fromResult(s, run(stage(Status.RUNTIME_ERROR, 139, 11, "", "", 1, 1)), AT);
        assertEquals(7, segv.statusId());
        assertNull(segv.exitCode());
        assertEquals(11, segv.exitSignal());
        assertEquals(8, Judge0Translator.fromResult(s, run(stage(Status.RUNTIME_ERROR, 153, 25, "", "", 1, 1)), AT).statusId());
        assertEquals(9, Judge0Translator.fromResult(s, run(stage(Status.RUNTIME_ERROR, 136, 8, "", "", 1, 1)), AT).statusId());
        assertEquals(10, Judge0Translator.fromResult(s, run(stage(Status.RUNTIME_ERROR, 134, 6, "", "", 1, 1)), AT).statusId());
        assertEquals(12, Judge0Translator.fromResult(s, run(stage(Status.RUNTIME_ERROR, 143, 15, "", "", 1, 1)), AT).statusId());
        Judge0Result nzec = Judge0Translator.fromResult(s, run(stage(Status.RUNTIME_ERROR, 3, null, "", "", 1, 1)), AT);
        assertEquals(11, nzec.statusId());
        assertEquals("Exited with error status 3", nzec.message());
        Judge0Result mle = Judge0Translator.fromResult(s, run(stage(Status.MEMORY_LIMIT, 137, 9, "", "", 1, 1)), AT);
        assertEquals(12, mle.statusId());
        assertEquals("memory_limit", mle.keratVerdict());
        assertEquals(8, Judge0Translator.fromResult(s, run(stage(Status.OUTPUT_LIMIT, 0, null, "", "", 1, 1)), AT).statusId());
        assertEquals(13, Judge0Translator.fromResult(s, run(stage(Status.INTERNAL_ERROR, null, null, "", "", 1, 1)), AT).statusId());
    }

    @Test
    void compileErrorsRedirectionAndAveragesOfRuns() {
        Judge0Submission s = sub(null, 3, true, null, null);
        StageResult compile = stage(Status.COMPILE_ERROR, 1, null, "", "main.c:1: error\n", 1, 1);
        ExecutionResult ce = new ExecutionResult("id", "c", "12", Status.COMPILE_ERROR, null, compile, null, null,
                null, null, null, null, 0);
        Judge0Result r = Judge0Translator.fromResult(s, ce, AT);
        assertEquals(6, r.statusId());
        assertEquals("main.c:1: error\n", r.compileOutput());
        assertNull(r.time());
        List<CaseResult> cases = List.of(new CaseResult(stage(Status.OK, 0, null, "o\n", "e\n", 10, 1024), true, null),
                new CaseResult(stage(Status.OK, 0, null, "o\n", "e\n", 20, 3072), true, null),
                new CaseResult(stage(Status.OK, 0, null, "o\n", "e\n", 30, 2048), true, null));
        ExecutionResult three = new ExecutionResult("id", "python", "3", Status.OK, null, null, null, cases, null, null,
                null, null, 0);
        Judge0Result avg = Judge0Translator.fromResult(s, three, AT);
        assertEquals(3, avg.statusId());
        assertEquals("0.020", avg.time());
        assertEquals(2L, avg.memory());
        assertEquals("o\ne\n", avg.stdout());
        assertNull(avg.stderr());
    }

    @Test
    void theStoredFormsRoundTripThroughTheDaemonsMapper() throws Exception {
        var mapper = io.kerat.util.Json.mapper();
        Judge0Submission s = sub("x\n", 3, true, null, "a 'b c'");
        assertEquals(s, mapper.readValue(mapper.writeValueAsBytes(s), Judge0Submission.class));
        Judge0Result r = Judge0Translator.fromResult(s, run(stage(Status.RUNTIME_ERROR, 139, 11, "o", "e", 5, 2048)), AT);
        byte[] stored = mapper.writeValueAsBytes(r);
        assertEquals(r, mapper.readValue(stored, Judge0Result.class));
        String text = new String(stored, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("\"status_id\":7") && text.contains("\"kerat_verdict\":\"runtime_error\""), text);
    }

    @Test
    void zipEntriesMayNotReplaceTheSource() throws Exception {
        byte[] zip = ZipUnpackerTest.zip("script.py", "evil", 0);
        Judge0Submission s = new Judge0Submission("print(1)", 71, null, null, 1, 0, 2, 65536, 0, 1, false, false, 1,
                1, false, null, null, null, java.util.Base64.getEncoder().encodeToString(zip), false, "python", "3");
        var e = assertThrows(Judge0ValidationException.class,
                () -> Judge0Translator.toNative(s, PY, new ZipUnpacker(10, 1000, 1000)));
        assertEquals(List.of("additional_files"), List.copyOf(e.errors().keySet()));
    }
}
