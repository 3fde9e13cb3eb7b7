package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kerat.it.ItSupport.get;
import static io.kerat.it.ItSupport.ok;
import static io.kerat.it.ItSupport.post;
import static io.kerat.it.ItSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two versions of one language side by side, with real runsc: Python 3.13 (Debian 13, the default recipe) and
 * Python 3.11 (Debian 12, {@code oci-bundles/python@3.11}), both installed in the test data dir; requests pin an
 * exact version, a prefix, "*", or nothing (the default), and an unknown version is a 400 listing what is there.
 */
class VersionsIT {
    private static final String PRINT_VERSION = "import sys\nprint('%d.%d' % sys.version_info[:2])";

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python", "python@3.11");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        ItSupport.assertNothingLeft();
    }

    private static List<JsonNode> pythonRuntimes() throws Exception {
        ItSupport.Reply r = get("/api/v1/runtimes");
        assertEquals(200, r.status());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : r.body()) {
            if (n.path("language").asText().equals("python")) {
                out.add(n);
            }
        }
        return out;
    }

    private static JsonNode runWith(String version) throws Exception {
        Map<String, Object> req = run("python", "main.py", "main.py", PRINT_VERSION);
        if (version != null) {
            req.put("version", version);
        }
        return ok(req);
    }

    @Test
    void runtimesListBothVersionsAndTheDefault() throws Exception {
        List<JsonNode> py = pythonRuntimes();
        assertEquals(2, py.size(), py::toString);
        assertTrue(py.get(0).path("version").asText().startsWith("3.13."), py::toString);
        assertTrue(py.get(0).path("default").asBoolean(), py::toString);
        assertTrue(py.get(1).path("version").asText().startsWith("3.11."), py::toString);
        assertEquals(false, py.get(1).path("default").asBoolean(), py::toString);
        assertTrue(py.get(1).path("installed").asBoolean());
        assertTrue(py.get(1).path("aliases").toString().contains("py"));
    }

    @Test
    void noVersionOrStarRunsTheDefault() throws Exception {
        for (String v : new String[] {null, "*"}) {
            JsonNode b = runWith(v);
            assertEquals("3.13\n", b.path("run").path("stdout").asText(), b::toString);
            assertTrue(b.path("version").asText().startsWith("3.13."), b::toString);
        }
    }

    @Test
    void pinnedByExactVersionAndByPrefix() throws Exception {
        String exact = pythonRuntimes().get(1).path("version").asText();
        for (String v : new String[] {exact, "3.11"}) {
            JsonNode b = runWith(v);
            assertEquals("3.11\n", b.path("run").path("stdout").asText(), b::toString);
            assertEquals(exact, b.path("version").asText(), b::toString);
        }
        // "3" matches both: the default wins
        assertEquals("3.13\n", runWith("3").path("run").path("stdout").asText());
    }

    @Test
    void unknownVersionIsA400ListingWhatIsInstalled() throws Exception {
        Map<String, Object> req = run("python", "main.py", "main.py", PRINT_VERSION);
        req.put("version", "2.7");
        ItSupport.Reply r = post("/api/v1/runs", req);
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        assertEquals("unknown_version", r.body().path("error").path("code").asText(), r.body()::toString);
        String msg = r.body().path("error").path("message").asText();
        assertTrue(msg.contains("2.7") && msg.contains("3.13.") && msg.contains("(default)") && msg.contains("3.11."), msg);
        // "3.1" is not a prefix of 3.11.x or 3.13.x (component boundary)
        req.put("version", "3.1");
        assertEquals(400, post("/api/v1/runs", req).status());
    }

    @Test
    void testsModeRunsOnThePinnedVersion() throws Exception {
        Map<String, Object> req = run("python", "calc.py", "calc.py", "def add(a, b):\n    return a + b\n");
        req.put("tests", ItSupport.files("test_calc.py",
                "import sys\nfrom calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n\n"
                        + "def test_version():\n    assert sys.version_info[:2] == (3, 11)\n"));
        req.put("version", "3.11");
        JsonNode b = ok(req);
        assertEquals("ok", b.path("status").asText(), b::toString);
        assertEquals(2, b.path("tests").size(), b::toString);
    }
}
