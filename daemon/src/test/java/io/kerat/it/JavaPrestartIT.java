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
 * Issue 15: a pooled Java sandbox whose init is a JVM started ahead ({@code runners/java/prestart.sh},
 * {@code prestart/KeratBoot.java}) runs the compiled program as run.sh's cold {@code java} would: each probe runs
 * cold, then warm; the answers must be identical, and each warm run must have been run by the started JVM itself
 * ({@link PrestartProbes}).
 */
class JavaPrestartIT {
    private static final String INFO = """
            import java.nio.file.*;
            import java.util.*;
            public class Main {
                public static void main(String[] args) throws Exception {
                    System.out.println(Arrays.toString(args) + " " + args.length);
                    System.out.println(new TreeMap<>(System.getenv()));
                    for (String p : List.of("user.dir", "java.class.path", "sun.java.command", "file.encoding",
                            "stdout.encoding", "user.home", "java.io.tmpdir", "user.name")) {
                        System.out.println(p + "=" + System.getProperty(p));
                    }
                    System.out.println(Main.class.getClassLoader() == ClassLoader.getSystemClassLoader());
                    System.out.println(Thread.currentThread().getName() + " " + Thread.currentThread().getPriority()
                            + " " + Runtime.getRuntime().availableProcessors() + " " + Runtime.getRuntime().maxMemory());
                    System.out.println(new TreeSet<>(Thread.getAllStackTraces().keySet().stream()
                            .map(Thread::getName).toList()));
                    for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
                        if (l.startsWith("Max processes") || l.startsWith("Max open files")
                                || l.startsWith("Max file size")) {
                            System.out.println(l.replaceAll(" +", " "));
                        }
                    }
                    System.out.println(new String(System.in.readAllBytes(), "UTF-8"));
                    System.out.println(new TreeSet<>(Arrays.asList(new java.io.File(".").list())));
                    System.out.println(Locale.getDefault() + " " + TimeZone.getDefault().getID());
                    System.out.flush();
                    int rc = new ProcessBuilder("/bin/sh", "-c", "echo child $KERAT_ENTRYPOINT; pwd")
                            .inheritIO().start().waitFor();
                    System.out.println(rc);
                }
            }
            """;

    private static final PrestartProbes PROBES = new PrestartProbes("java");

    static {
        PrestartProbes p = PROBES;
        p.probe("info", "Main.java", "in put\nü€😀", List.of("a", "b c", "ü", "--flag", ""), "Main.java", INFO);
        p.probe("a class in a package", "app/Main.java", null, List.of("x"), "app/Main.java",
                "package app;\npublic class Main {\n  public static void main(String[] a) {\n"
                        + "    System.out.println(Main.class.getName() + \" \" + a[0]);\n  }\n}\n",
                "app/Util.java", "package app;\nclass Util {}\n");
        p.probe("stdin line by line", "Main.java", "3\n1 2 3\nrest\n", List.of(), "Main.java", """
                import java.util.Scanner;
                public class Main {
                    public static void main(String[] a) {
                        Scanner s = new Scanner(System.in);
                        int n = s.nextInt(), sum = 0;
                        for (int i = 0; i < n; i++) sum += s.nextInt();
                        s.nextLine();
                        System.out.println(sum + " [" + s.nextLine() + "] " + s.hasNextLine());
                    }
                }
                """);
        p.probe("System.exit(3) with a shutdown hook", "Main.java", null, List.of(), "Main.java", """
                public class Main {
                    public static void main(String[] a) {
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook")));
                        System.out.print("before ");
                        System.exit(3);
                    }
                }
                """);
        p.probe("uncaught exception, chained", "Main.java", null, List.of(), "Main.java", """
                public class Main {
                    static void inner() { throw new IllegalStateException("inner"); }
                    static void outer() {
                        try { inner(); } catch (IllegalStateException e) { throw new RuntimeException("outer", e); }
                    }
                    public static void main(String[] a) {
                        System.out.println("start");
                        outer();
                    }
                }
                """);
        p.probe("static initializer fails", "Main.java", null, List.of(), "Main.java", """
                public class Main {
                    static int x = Integer.parseInt("nope");
                    public static void main(String[] a) { System.out.println(x); }
                }
                """);
        p.probe("no main method", "Main.java", null, List.of(), "Main.java", "public class Main {\n  void run() {}\n}\n");
        p.probe("a thread outlives main", "Main.java", null, List.of(), "Main.java", """
                public class Main {
                    public static void main(String[] a) throws Exception {
                        Thread t = new Thread(() -> {
                            try { Thread.sleep(300); } catch (InterruptedException e) { }
                            System.out.println("thread ends");
                            System.exit(4);
                        });
                        t.start();
                        System.out.println("main ends");
                    }
                }
                """);
        p.probe("OutOfMemoryError caught", "Main.java", null, List.of(), "Main.java", """
                import java.util.*;
                public class Main {
                    public static void main(String[] a) {
                        try {
                            long[] big = new long[Integer.MAX_VALUE - 8];
                            System.out.println(big.length);
                        } catch (OutOfMemoryError e) {
                            System.out.println("oome " + e.getMessage());
                        }
                    }
                }
                """);
        p.probe("the request's own rlimits", "Main.java", null, List.of(), "Main.java", """
                import java.nio.file.*;
                public class Main {
                    public static void main(String[] a) throws Exception {
                        try {
                            Files.write(Path.of("/tmp/big"), new byte[2 << 20]);
                        } catch (java.io.IOException e) {
                            System.out.println(e.getClass().getName());
                        }
                        System.out.println(Files.size(Path.of("/tmp/big")));
                        for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
                            if (l.startsWith("Max processes") || l.startsWith("Max file size")) {
                                System.out.println(l.replaceAll(" +", " "));
                            }
                        }
                    }
                }
                """).put("limits", Map.of("processes", 40L, "file_size_bytes", 1L << 20, "wall_time_ms", 30000L,
                "cpu_time_ms", 20000L));
        p.probe("large output", "Main.java", null, List.of(), "Main.java", """
                public class Main {
                    public static void main(String[] a) {
                        for (int i = 0; i < 20000; i++) System.out.println("line " + i);
                        System.err.println("err end");
                    }
                }
                """);
    }

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("java");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        Kerat k = ItSupport.daemon();
        k.executor().configurePool(Map.of("java", 0), 1L << 30);
        ItSupport.assertNothingLeft();
    }

    @Test
    void warmRunsAreIdenticalToColdOnes() throws Exception {
        Map<String, JsonNode> cold = PROBES.compare(ItSupport.daemon("java"));
        // the probes did exercise what they name
        String info = cold.get("info").path("run").path("stdout").asText();
        assertTrue(info.startsWith("[a, b c, ü, --flag, ] 5\n") && info.contains("KERAT_ENTRYPOINT=Main.java")
                && info.contains("in put\nü€😀") && info.contains("child Main.java\n/workspace\n"), info);
        assertEquals(3, cold.get("System.exit(3) with a shutdown hook").path("run").path("exit_code").asInt());
        assertEquals("before hook\n", cold.get("System.exit(3) with a shutdown hook").path("run").path("stdout").asText());
        String chained = cold.get("uncaught exception, chained").path("run").path("stderr").asText();
        assertTrue(chained.startsWith("Exception in thread \"main\" java.lang.RuntimeException: outer")
                && chained.contains("Caused by: java.lang.IllegalStateException: inner") && !chained.contains("kerat"),
                chained);
        assertEquals(4, cold.get("a thread outlives main").path("run").path("exit_code").asInt());
        assertEquals("6 [rest] false\n", cold.get("stdin line by line").path("run").path("stdout").asText());
        assertTrue(cold.get("the request's own rlimits").path("run").path("stdout").asText().contains("1048576"),
                cold.get("the request's own rlimits")::toString);
    }

    /** What tells the started JVM from a cold one: its command line names the boot; other stages are exec'd. */
    @Test
    void theStartedJvmRunsTheProgramItselfAndHandsEverythingElseOn() throws Exception {
        Kerat k = ItSupport.daemon("java");
        ItSupport.enablePool("java", 1);
        Map<String, Object> req = ItSupport.run("java", "Main.java", "Main.java", """
                public class Main {
                    public static void main(String[] a) {
                        System.out.println(ProcessHandle.current().info().commandLine().orElse("?").contains("KeratBoot"));
                    }
                }
                """);
        long before = k.executor().poolInterpreterRuns();
        JsonNode warm = PrestartProbes.servedWarm(k, req);
        assertEquals("true\n", warm.path("run").path("stdout").asText(), warm::toString);
        assertEquals(before + 1, k.executor().poolInterpreterRuns());

        // tests mode runs another command (test-run.sh): the started JVM execs it
        Map<String, Object> tests = ItSupport.run("java", "Calc.java", "Calc.java",
                "public class Calc {\n  static int add(int a, int b) { return a + b; }\n}\n");
        tests.put("tests", ItSupport.files("CalcTest.java", "import org.junit.jupiter.api.Test;\n"
                + "import static org.junit.jupiter.api.Assertions.assertEquals;\n"
                + "class CalcTest {\n  @Test void add() { assertEquals(3, Calc.add(1, 2)); }\n}\n"));
        JsonNode t = PrestartProbes.testsServedWarm(k, tests);
        assertEquals("ok", t.path("status").asText(), t::toString);
        assertEquals("passed", ItSupport.testNamed(t, "CalcTest.add").path("status").asText(), t::toString);
    }
}
