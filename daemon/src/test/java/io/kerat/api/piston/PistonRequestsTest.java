package io.kerat.api.piston;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerat.api.ApiException;
import io.kerat.api.NativeDto;
import io.kerat.config.Limits;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PistonRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Limits MAX = new Limits(20_000, 15_000, 1L << 30, 64, 1 << 20, 1 << 20, 1 << 26, 256, 1.0);
    private static final List<PistonRequests.Installed> RUNTIMES = List.of(
            installed("python", "3.11.2", ".py"), installed("python", "3.13.5", ".py"), installed("c", "12.2.0", ".c"),
            installed("node", "18.19.0", ".js"));

    private static PistonRequests.Installed installed(String kerat, String version, String ext) {
        PistonNames.Name n = PistonNames.of(kerat, List.of());
        return new PistonRequests.Installed(kerat, new PistonDto.Runtime(n.language(), version, n.aliases(), n.runtime()), ext);
    }

    private static PistonRequests.Parsed parse(String json) throws Exception {
        JsonNode body = JSON.readTree(json.replace('\'', '"'));
        return PistonRequests.parse(body, RUNTIMES, (l, s) -> MAX, false);
    }

    private static String refusal(String json) {
        return assertThrows(ApiException.class, () -> parse(json)).getMessage();
    }

    @Test
    void versionsPickTheNewestMatchAndNamesIncludePistons() throws Exception {
        assertEquals("3.13.5", parse("{'language':'python','version':'*','files':[{'content':'x'}]}").runtime().piston().version());
        assertEquals("3.11.2", parse("{'language':'py3','version':'3.11','files':[{'content':'x'}]}").runtime().piston().version());
        assertEquals("3.11.2", parse("{'language':'python','version':'<3.12','files':[{'content':'x'}]}").runtime().piston().version());
        assertEquals("node", parse("{'language':'javascript','version':'18','files':[{'content':'x'}]}").runtime().keratLanguage());
        assertEquals("node", parse("{'language':'node-js','version':'*','files':[{'content':'x'}]}").runtime().keratLanguage());
        assertEquals("python-2.x runtime is unknown", refusal("{'language':'python','version':'2.x','files':[]}"));
        assertEquals("python-nonsense runtime is unknown", refusal("{'language':'python','version':'nonsense','files':[]}"));
    }

    @Test
    void filesEncodingsNamesAndStdin() throws Exception {
        NativeDto.RunRequest r = parse("{'language':'c','version':'*','files':[{'content':'AQI=','encoding':'base64'},"
                + "{'content':'int main(){}'},{'name':'d.bin','content':'00ff','encoding':'hex'},"
                + "{'name':'n.txt','content':'t','encoding':'latin1'}],'stdin':'in','args':['a',2]}").request();
        assertEquals("file1.c", r.entrypoint(), "the first utf8 file is the main one");
        assertEquals("file0.c", r.files().get(0).name());
        assertEquals("base64", r.files().get(0).encoding());
        assertEquals(Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff}), r.files().get(2).content());
        assertEquals("utf8", r.files().get(3).encoding(), "an unknown encoding counts as utf8, as in Piston");
        assertEquals("in\n", r.stdin(), "Piston ends stdin with a newline");
        assertEquals(List.of("a", "2"), r.args());
        assertEquals("12.2.0", r.version());
        assertEquals("files[0].content is not valid hex",
                refusal("{'language':'c','version':'*','files':[{'content':'zz','encoding':'hex'},{'content':'x'}]}"));
        assertEquals("files must include at least one utf8 encoded file",
                refusal("{'language':'c','version':'*','files':[{'content':'AA==','encoding':'base64'}]}"));
    }

    @Test
    void limitsMapPerStageWithMinusOneAsTheMaximum() throws Exception {
        NativeDto.RunRequest r = parse("{'language':'python','version':'*','files':[{'content':'x'}],"
                + "'run_timeout':3000,'compile_timeout':10000,'run_memory_limit':-1,'compile_memory_limit':-1,"
                + "'run_cpu_time':1500.5,'compile_cpu_time':0}").request();
        assertEquals(3000L, r.limits().wallTimeMs());
        assertEquals(1501L, r.limits().cpuTimeMs());
        assertEquals(1L << 30, r.limits().memoryBytes());
        assertEquals(10_000L, r.compileLimits().wallTimeMs());
        assertNull(r.compileLimits().cpuTimeMs(), "0 is Piston's 'not given'");
        assertEquals(1L << 30, r.compileLimits().memoryBytes());
        assertNull(parse("{'language':'python','version':'*','files':[{'content':'x'}]}").request().limits());
        assertEquals("run_timeout cannot exceed the configured limit of 20000",
                refusal("{'language':'python','version':'*','files':[{'content':'x'}],'run_timeout':20001}"));
        assertEquals("compile_memory_limit must be non-negative",
                refusal("{'language':'python','version':'*','files':[{'content':'x'}],'compile_memory_limit':-2}"));
        assertEquals("If specified, run_cpu_time must be a number",
                refusal("{'language':'python','version':'*','files':[{'content':'x'}],'run_cpu_time':'1s'}"));
    }

    @Test
    void pistonsOrderOfChecks() {
        assertEquals("language is required as a string", refusal("{'version':'*'}"));
        assertEquals("language is required as a string", refusal("{'language':3,'version':'*'}"));
        assertEquals("version is required as a string", refusal("{'language':'python','version':''}"));
        assertEquals("files is required as an array", refusal("{'language':'python','version':'*','files':{}}"));
        assertEquals("files[1].content is required as a string",
                refusal("{'language':'python','version':'*','files':[{'content':''},{'content':1}]}"));
        assertEquals("the body must be a JSON object", refusal("[]"));
    }
}
