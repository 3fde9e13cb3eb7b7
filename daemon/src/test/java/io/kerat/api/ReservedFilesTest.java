package io.kerat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.api.judge0.Judge0Language;
import io.kerat.api.judge0.Judge0Submission;
import io.kerat.api.judge0.Judge0Translator;
import io.kerat.api.judge0.ZipUnpacker;
import io.kerat.api.piston.PistonDto;
import io.kerat.api.piston.PistonRequests;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.SourceFile;
import io.kerat.runner.RunnerCatalog;
import io.kerat.runner.RunnerDef;
import io.kerat.util.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workspace file that carries Judge0's checked compiler_options: no dialect's request may send it (it would
 * bypass the safe subset), while the Judge0 dialect's own options still reach the compile scripts.
 */
class ReservedFilesTest {
    private static final String OPTS = ReservedFiles.COMPILER_OPTIONS;
    private static final RunnerCatalog RUNNERS = new RunnerCatalog(List.of(
            runner("python", ".py", List.of("python3", "{entrypoint}")),
            runner("c", ".c", List.of("/kerat/build/main"))));
    private static final RequestValidator V = new RequestValidator(
            Settings.fromEnvironment(Map.of("KERAT_HOME", "/nonexistent-kerat-home")), RUNNERS);

    private static RunnerDef runner(String language, String ext, List<String> run) {
        return new RunnerDef(language, List.of(), language, List.of(ext), Map.of(), null,
                new RunnerDef.Command(run, Map.of()), null);
    }

    private static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s.replace('\'', '"'));
    }

    /** The request, as a dialect's route translates it, is refused by the validator with a 400 that says why. */
    private static void refused(ThrowingSupplier<NativeDto.RunRequest> translation) {
        ApiException e = assertThrows(ApiException.class, () -> V.toDomain(translation.get()));
        assertEquals(400, e.httpStatus());
        assertEquals("invalid_file_name", e.code());
        assertTrue(e.getMessage().contains("reserved") && e.getMessage().contains("compiler_options"), e.getMessage());
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static NativeDto.RunRequest nativeRun(String body) throws Exception {
        return Json.mapper().treeToValue(json(body), NativeDto.RunRequest.class);
    }

    @Test
    void nativeFilesAndTestsMayNotCarryTheName() {
        refused(() -> nativeRun("{'language':'c','files':[{'name':'main.c','content':'int main(){}'},"
                + "{'name':'" + OPTS + "','content':'-fplugin=/tmp/x.so'}]}"));
        refused(() -> nativeRun("{'language':'c','files':[{'name':'main.c','content':''}],"
                + "'tests':[{'name':'" + OPTS + "','content':'-fplugin=/tmp/x.so'}]}"));
        refused(() -> nativeRun("{'language':'c','tests':[{'name':'" + OPTS + "','content':''}]}"));
        refused(() -> nativeRun("{'language':'c','files':[{'name':'main.c','content':''},"
                + "{'name':'" + OPTS + "','content':'LWZwbHVnaW4=','encoding':'base64'}]}"));
    }

    @Test
    void noDirectoryMayHoldIt() {
        refused(() -> nativeRun("{'language':'c','files':[{'name':'main.c','content':''},"
                + "{'name':'sub/" + OPTS + "','content':''}]}"));
        refused(() -> nativeRun("{'language':'c','files':[{'name':'main.c','content':''},"
                + "{'name':'" + OPTS + "/x','content':''}]}"));
    }

    @Test
    void caseCheckerAndInteractorFilesMayNotCarryItEither() {
        refused(() -> nativeRun("{'language':'c','files':[{'name':'main.c','content':''}],"
                + "'cases':[{'stdin':'','files':[{'name':'" + OPTS + "','content':''}]}]}"));
        refused(() -> nativeRun("{'language':'c','files':[{'name':'main.c','content':''}],'cases':[{'stdin':''}],"
                + "'checker':{'language':'c','files':[{'name':'check.c','content':''},{'name':'" + OPTS
                + "','content':'-fplugin=/tmp/x.so'}]}}"));
        refused(() -> nativeRun("{'language':'c','files':[{'name':'main.c','content':''}],'cases':[{'stdin':''}],"
                + "'interactor':{'language':'c','files':[{'name':'i.c','content':''},{'name':'" + OPTS
                + "','content':''}]}}"));
    }

    @Test
    void similarNamesAreFine() throws Exception {
        ExecutionRequest r = V.toDomain(nativeRun("{'language':'c','files':[{'name':'main.c','content':''},"
                + "{'name':'" + OPTS + ".txt','content':''},{'name':'x" + OPTS + "','content':''}]}"));
        assertEquals(3, r.files().size());
    }

    @Test
    void theKeratDialectMayNotSendIt() {
        refused(() -> KeratDialect.toNative(Json.mapper().treeToValue(json("{'type':'c','source':{'src':["
                + "{'filename':'main.c','src':''},{'filename':'" + OPTS + "','src':'-fplugin=/tmp/x.so'}]}}"),
                KeratDialect.SubmitRequest.class)));
        refused(() -> KeratDialect.toNative(Json.mapper().treeToValue(json("{'type':'c','source':{'src':["
                + "{'filename':'main.c','src':''}],'src_test':[{'filename':'" + OPTS + "','src':''}]}}"),
                KeratDialect.SubmitRequest.class)));
    }

    @Test
    void theCodeRacerDialectMayNotSendIt() {
        refused(() -> CodeRacerDialect.toNative(Json.mapper().treeToValue(json("{'language':'c','entrypoint':'main.c',"
                + "'files':[{'name':'main.c','content':''},{'name':'" + OPTS + "','content':'-fplugin=/tmp/x.so'}]}"),
                CodeRacerDialect.ExecuteRequest.class)));
    }

    @Test
    void thePistonDialectMayNotSendIt() {
        List<PistonRequests.Installed> runtimes = List.of(new PistonRequests.Installed("c",
                new PistonDto.Runtime("c", "12.2.0", List.of("gcc"), "gcc"), ".c"));
        Limits max = new Limits(20_000, 15_000, 1L << 30, 64, 1 << 20, 1 << 20, 1 << 26, 256, 1.0);
        refused(() -> PistonRequests.parse(json("{'language':'c','version':'*','files':[{'name':'main.c','content':''},"
                + "{'name':'" + OPTS + "','content':'-fplugin=/tmp/x.so'}]}"), runtimes, (l, s) -> max, false).request());
    }

    @Test
    void judge0sOwnOptionsStillReachTheCompileScripts() throws Exception {
        Judge0Language c = new Judge0Language(50, "C (GCC 12.2.0)", "main.c", "gcc main.c", "./main", "c", "12.2.0");
        Judge0Submission s = new Judge0Submission("int main(){}", 50, null, null, 1, 0, 2, 65536, 0, 1, false, false, 1,
                1, false, "-O0 -DX=1", null, null, null, false, "c", "12.2.0");
        NativeDto.RunRequest n = Judge0Translator.toNative(s, c, new ZipUnpacker(10, 1000, 1000));
        assertTrue(n.files().stream().noneMatch(f -> f.name().equals(OPTS)), "the options travel out of band");
        ExecutionRequest r = V.toDomain(n, Judge0Translator.daemonFiles(s));
        assertEquals("main.c", r.entrypoint());
        assertEquals(List.of("main.c", OPTS), r.files().stream().map(SourceFile::name).toList());
        assertEquals("-O0\n-DX=1\n", new String(r.files().get(1).content(), StandardCharsets.UTF_8));
    }
}
