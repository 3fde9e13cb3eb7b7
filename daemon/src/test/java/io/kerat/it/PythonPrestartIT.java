package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a pooled Python sandbox whose init is the interpreter itself, started ahead, runs the program as a cold
 * {@code python3 main.py} would. Each probe runs cold (no pool), then warm in a pooled sandbox with the interpreter
 * started; stdout, stderr, exit code, signal and status must be identical, and each warm run must have been run by
 * the started interpreter itself (its counter, and {@code /proc/self/cmdline} naming the bootstrap).
 */
class PythonPrestartIT {
    private static final String INFO = """
            import sys, os
            print(sys.argv)
            print(__file__, __name__, __spec__, __package__, __cached__, __doc__)
            print(type(__loader__).__name__, __loader__.name, __loader__.path)
            print(sys.path)
            print(os.getcwd(), os.listdir('/kerat/out'), sorted(os.listdir('/workspace')))
            print(sorted(os.environ.items()))  # (runsc passes a cold start's environment in no fixed order)
            print(sorted(sys.modules))
            print(list(globals()))
            print(sys.flags)
            print(sys.orig_argv, sys.executable)
            print(sys.stdin.encoding, sys.stdout.encoding, sys.stdout.line_buffering, sys.stdout.write_through)
            print([(k, v) for k, v in sys.path_importer_cache.items() if not k.startswith('/usr/lib')])
            import __main__
            print(__main__.__dict__ is globals(), sys.modules['__main__'] is __main__)
            import helper
            print(helper.where())
            """;
    private static final String HELPER = "import os\ndef where():\n    return os.path.dirname(__file__)\n";

    /** The named probes (see {@link PrestartProbes}). */
    private static final PrestartProbes PROBES = new PrestartProbes("python");

    static {
        PROBES.probe("info", "main.py", null, List.of("a", "b c", "ü", "--flag"), "main.py", INFO, "helper.py", HELPER);
        PROBES.probe("info in a subdirectory", "app/main.py", null, List.of(), "app/main.py", INFO, "app/helper.py", HELPER);
        PROBES.probe("stdin echo, binary", "main.py", "GO\n\u0000\r\n\u00e9\u20ac\ud83d\ude00\nx", List.of(),
                "main.py", "import sys\nfirst = sys.stdin.buffer.readline()\nrest = sys.stdin.buffer.read()\n"
                        + "sys.stdout.buffer.write(first + b'|' + rest)\nprint(repr(first), repr(rest))");
        PROBES.probe("input() then read()", "main.py", "line one\nline two\n", List.of(),
                "main.py", "a = input()\nimport sys\nprint(repr(a), repr(sys.stdin.read()))");
        PROBES.probe("sys.exit(3)", "main.py", null, List.of(), "main.py", "print('before')\nimport sys\nsys.exit(3)");
        PROBES.probe("sys.exit('msg')", "main.py", null, List.of(), "main.py", "import sys\nsys.exit('a message')");
        PROBES.probe("sys.exit()", "main.py", null, List.of(), "main.py", "import sys\nprint('x')\nsys.exit()");
        PROBES.probe("os._exit(5)", "main.py", null, List.of(), "main.py",
                "import os, atexit\natexit.register(print, 'never')\nprint('x', flush=True)\nos._exit(5)");
        PROBES.probe("uncaught exception, chained", "main.py", null, List.of(), "main.py", """
                def inner():
                    return {}['missing']
                def outer():
                    try:
                        inner()
                    except KeyError as e:
                        raise ValueError('wrapped') from e
                print('start')
                outer()
                """);
        PROBES.probe("uncaught exception in an imported module", "main.py", null, List.of(),
                "main.py", "import lib\nlib.boom()\n", "lib.py", "def boom():\n    1 / 0\n");
        PROBES.probe("KeyboardInterrupt", "main.py", null, List.of(), "main.py", "print('x')\nraise KeyboardInterrupt");
        PROBES.probe("own excepthook", "main.py", null, List.of(), "main.py", """
                import sys, traceback
                def hook(t, v, tb):
                    print('hook:', t.__name__, v, file=sys.stderr)
                    traceback.print_tb(tb)
                sys.excepthook = hook
                def f():
                    raise RuntimeError('mine')
                f()
                """);
        PROBES.probe("SIGTERM to itself", "main.py", null, List.of(), "main.py",
                "import os, signal, time\nprint('x', flush=True)\nos.kill(os.getpid(), signal.SIGTERM)\ntime.sleep(3)\nprint('not reached')");
        PROBES.probe("atexit and threads", "main.py", null, List.of(), "main.py", """
                import atexit, threading, sys
                atexit.register(lambda: print('atexit 1'))
                atexit.register(lambda: print('atexit 2'))
                done = threading.Event()
                first = threading.Event()
                def work(n):
                    (done if n == 0 else first).wait()
                    print('thread', n, 'ends')
                    first.set()
                ts = [threading.Thread(target=work, args=(i,)) for i in range(2)]
                for t in ts:
                    t.start()
                daemon = threading.Thread(target=lambda: threading.Event().wait(), daemon=True)
                daemon.start()
                print('main ends', threading.active_count())
                threading.Timer(0.2, done.set).start()
                sys.exit(4)
                """);
        PROBES.probe("syntax error (the cold command runs)", "main.py", null, List.of(), "main.py", "print('a')\nx = (\n");
        PROBES.probe("syntax warning", "main.py", null, List.of(), "main.py", "print('\\d')\n");
        PROBES.probe("coding cookie", "main.py", "h\u00e9llo", List.of(),
                "main.py", "# -*- coding: latin-1 -*-\nimport sys\nprint(sys.stdin.buffer.read().decode('latin-1'))\n");
        PROBES.probe("name guard and globals", "main.py", null, List.of(), "main.py", """
                x: int = 1
                print(__annotations__)
                def f():
                    pass
                print(f.__module__, f.__globals__ is globals())
                if __name__ == '__main__':
                    import pickle
                    class C:
                        pass
                    print(type(pickle.loads(pickle.dumps(C()))).__qualname__)
                """);
        PROBES.probe("large output", "main.py", null, List.of(), "main.py", "print('y' * 300000)\nprint('end')");
    }

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("python");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        Kerat k = ItSupport.daemon();
        k.executor().configurePool(Map.of("python", 0), 1L << 30);
        ItSupport.assertNothingLeft();
    }

    @Test
    void warmRunsAreIdenticalToColdOnes() throws Exception {
        Kerat k = ItSupport.daemon("python");
        Map<String, JsonNode> cold = PROBES.compare(k);
        // the probes did exercise what they name
        assertEquals(3, cold.get("sys.exit(3)").path("run").path("exit_code").asInt());
        assertEquals(5, cold.get("os._exit(5)").path("run").path("exit_code").asInt());
        assertEquals(4, cold.get("atexit and threads").path("run").path("exit_code").asInt());
        assertTrue(cold.get("atexit and threads").path("run").path("stdout").asText()
                .endsWith("thread 0 ends\nthread 1 ends\natexit 2\natexit 1\n"), cold.get("atexit and threads")::toString);
        assertTrue(cold.get("uncaught exception, chained").path("run").path("stderr").asText()
                .contains("The above exception was the direct cause"), cold.get("uncaught exception, chained")::toString);
        assertTrue(cold.get("info").path("run").path("stdout").asText().contains("KERAT_ENTRYPOINT"));
        assertTrue(cold.get("syntax warning").path("run").path("stderr").asText().contains("SyntaxWarning"));
    }

    /** What tells the started interpreter from a cold one: its command line names the bootstrap (README). */
    @Test
    void theStartedInterpreterRunsTheProgramItself() throws Exception {
        Kerat k = ItSupport.daemon("python");
        ItSupport.enablePool("python", 1);
        Map<String, Object> req = ItSupport.run("python", "main.py", "main.py",
                "print(open('/proc/self/cmdline', 'rb').read().split(b'\\0')[:-1])");
        long before = k.executor().poolInterpreterRuns();
        JsonNode warm = PrestartProbes.servedWarm(k, req);
        assertEquals("[b'python3', b'/kerat/runner/prestart/boot.py']\n", warm.path("run").path("stdout").asText(),
                warm::toString);
        assertEquals(before + 1, k.executor().poolInterpreterRuns());

        // tests mode runs another command: the started interpreter execs it, as the shell waiter does
        Map<String, Object> tests = ItSupport.run("python", "calc.py", "calc.py", "def add(a, b):\n    return a + b\n");
        tests.put("tests", ItSupport.files("test_calc.py",
                "import unittest\nfrom calc import add\nclass T(unittest.TestCase):\n    def test_add(self):\n"
                        + "        self.assertEqual(add(1, 2), 3)\n"));
        JsonNode t = PrestartProbes.testsServedWarm(k, tests);
        assertEquals("ok", t.path("status").asText(), t::toString);
        assertEquals("passed", ItSupport.testNamed(t, "T.test_add").path("status").asText(), t::toString);
        assertEquals(before + 1, k.executor().poolInterpreterRuns(), "a tests stage must not run in-process");
    }
}
