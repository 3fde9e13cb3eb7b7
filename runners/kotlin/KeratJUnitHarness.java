package kerat_harness;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kerat's JUnit harness: runs the JUnit Platform launcher in this JVM on every class under the classpath root
 * (args[0]) with the Jupiter engine (JUnit 5) and the vintage engine (JUnit 4 and 3), or only the one that
 * KERAT_FRAMEWORK names (junit5, junit4), and writes one JSON line per test to args[1] ({"name":
 * "pkg.CalcTest.testAdd", "status": "passed|failed|errored|skipped", "message", "stack_trace", "duration_ms"}),
 * then {"event": "done"}. A failed assertion (any AssertionError) is "failed", any other exception "errored",
 * @Disabled, @Ignore and failed assumptions "skipped". The tests' own stdout/stderr go to the process's streams,
 * never to the results file.
 *
 * <p>With the system property kerat.harness.package (used once, when the image is built, to record the classes a
 * run loads into a class data sharing archive) the tests of that package are run instead of those under args[0].
 */
public final class KeratJUnitHarness implements TestExecutionListener {
    private static final String JUPITER = "junit-jupiter";
    private static final String VINTAGE = "junit-vintage";
    private final OutputStream out;
    private final Map<String, Long> started = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final StringBuilder written = new StringBuilder();
    private TestPlan plan;

    private KeratJUnitHarness(OutputStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "/kerat/build");
        Path results = Path.of(args.length > 1 ? args[1] : "/kerat/out/results.jsonl");
        KeratJUnitHarness h;
        try (OutputStream out = new FileOutputStream(results.toFile())) {
            h = new KeratJUnitHarness(out);
            String pkg = System.getProperty("kerat.harness.package");
            String framework = System.getenv("KERAT_FRAMEWORK");
            List<? extends DiscoverySelector> selectors = pkg != null ? List.of(DiscoverySelectors.selectPackage(pkg))
                    : DiscoverySelectors.selectClasspathRoots(Set.of(root));
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request(selectors, engines(framework)), h);
            if (h.reported.isEmpty() && framework != null && !framework.isEmpty()) {
                // nothing ran with the framework asked for: tell if the tests are written for the other one
                String other = framework.equals("junit5") ? "junit4" : "junit5";
                if (launcher.discover(request(selectors, engines(other))).containsTests()) {
                    System.out.flush();
                    System.err.println("framework '" + framework + "' was requested, but the test files hold "
                            + (other.equals("junit5") ? "JUnit 5 (Jupiter, org.junit.jupiter)" : "JUnit 4 (org.junit)")
                            + " tests and no " + (framework.equals("junit5") ? "JUnit 5" : "JUnit 4")
                            + " tests; send framework '" + other + "' or none (both are detected)");
                    System.err.flush();
                    Runtime.getRuntime().halt(1);
                }
            }
            h.line("{\"event\":\"done\"}");
        }
        // Lines were appended as tests finished (a killed run still shows what finished); now rewrite the file
        // from memory, which drops anything the tested code wrote there, whatever it did to the file.
        Path dir = results.toAbsolutePath().getParent();
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // not ours to change: the rewrite below may still work
        }
        Path tmp = dir.resolve(".results-" + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.write(tmp, h.written.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, results, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.flush();
        System.err.flush();
        // user code may have left threads or shutdown hooks behind: the results are complete, end here
        Runtime.getRuntime().halt(0);
    }

    private static LauncherDiscoveryRequest request(List<? extends DiscoverySelector> selectors, String[] engines) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(EngineFilter.includeEngines(engines))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .build();
    }

    /** The JUnit Platform engines for a framework name (none given: JUnit 5 and JUnit 4 alike). */
    static String[] engines(String framework) {
        if (framework == null || framework.isEmpty()) {
            return new String[]{JUPITER, VINTAGE};
        }
        return switch (framework) {
            case "junit5" -> new String[]{JUPITER};
            case "junit4" -> new String[]{VINTAGE};
            default -> throw new IllegalArgumentException("unknown framework " + framework);
        };
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            report(id, "skipped", reason, null);
        } else {
            for (TestIdentifier d : plan.getDescendants(id)) {
                if (d.isTest()) {
                    report(d, "skipped", reason, null);
                }
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Throwable t = result.getThrowable().orElse(null);
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (id.isTest()) {
                    report(id, "passed", null, null);
                }
            }
            case ABORTED -> {
                String why = t == null ? "aborted" : t.getMessage() != null ? t.getMessage() : t.toString();
                if (id.isTest()) {
                    report(id, "skipped", why, null);
                } else {
                    for (TestIdentifier d : plan.getDescendants(id)) {
                        if (d.isTest()) {
                            report(d, "skipped", why, null);
                        }
                    }
                }
            }
            case FAILED -> {
                String status = t instanceof AssertionError ? "failed" : "errored";
                String msg = t == null ? "failed" : message(t);
                String trace = t == null ? null : trace(t);
                if (id.isTest()) {
                    report(id, status, msg, trace);
                } else {
                    // a class-level failure (@BeforeAll, constructor, static init...): its tests never ran
                    boolean any = false;
                    for (TestIdentifier d : plan.getDescendants(id)) {
                        if (d.isTest() && !reported.contains(d.getUniqueId())) {
                            report(d, "errored", msg, trace);
                            any = true;
                        }
                    }
                    if (!any && !reported.contains(id.getUniqueId())) {
                        report(id, "errored", msg, trace);
                    }
                }
            }
        }
    }

    private void report(TestIdentifier id, String status, String message, String trace) {
        if (!reported.add(id.getUniqueId())) {
            return;
        }
        Long t0 = started.get(id.getUniqueId());
        long ms = t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000;
        StringBuilder b = new StringBuilder("{\"name\":").append(json(name(id)))
                .append(",\"status\":").append(json(status));
        if (message != null) {
            b.append(",\"message\":").append(json(message));
        }
        if (trace != null) {
            b.append(",\"stack_trace\":").append(json(trace));
        }
        b.append(",\"duration_ms\":").append(ms).append('}');
        line(b.toString());
    }

    /**
     * pkg.Class.method; invocations of parameterized/repeated tests get their index and display name appended
     * ("add[1] 1, 2, 3", or "add[1] one plus two" for {@code @ParameterizedTest(name = "one plus two")}). JUnit 4 tests
     * (vintage engine) are the class and the test's own name, which is the method name, or "method[0]" for the
     * Parameterized runner.
     */
    private String name(TestIdentifier id) {
        Optional<TestSource> src = id.getSource();
        if (id.getUniqueId().startsWith("[engine:" + VINTAGE + "]")) {
            if (src.isPresent() && src.get() instanceof MethodSource m) {
                return className(m.getClassName()) + "." + id.getDisplayName();
            }
            return id.getLegacyReportingName();
        }
        if (src.isPresent() && src.get() instanceof MethodSource m) {
            String base = className(m.getClassName()) + "." + m.getMethodName();
            Optional<TestIdentifier> parent = plan == null ? Optional.empty() : plan.getParent(id);
            if (parent.isPresent() && parent.get().getSource().orElse(null) instanceof MethodSource) {
                // an invocation: "[index] display name", also when the test names its invocations itself
                String dn = id.getDisplayName();
                String uid = id.getUniqueId();
                int hash = uid.lastIndexOf('#');
                String index = hash < 0 ? "" : "[" + uid.substring(hash + 1, uid.length() - 1) + "]";
                if (index.isEmpty() || dn.startsWith(index)) {
                    return dn.startsWith("[") ? base + dn : base + " " + dn;
                }
                return base + index + " " + dn;
            }
            return base;
        }
        if (src.isPresent() && src.get() instanceof ClassSource c) {
            return className(c.getClassName());
        }
        // dynamic tests and the like: the parent's name and this display name
        Optional<TestIdentifier> parent = plan == null ? Optional.empty() : plan.getParent(id);
        if (parent.isPresent() && parent.get().getParentId().isPresent()) {
            return name(parent.get()) + "/" + id.getDisplayName();
        }
        return id.getDisplayName();
    }

    private static String className(String binary) {
        return binary.replace('$', '.');
    }

    /**
     * An assertion's own message (AssertJ, Hamcrest and Mockito start theirs with a line break: stripped), else the
     * exception's class and message.
     */
    private static String message(Throwable t) {
        String m = t.getMessage();
        if (t instanceof AssertionError) {
            return m != null && !m.isBlank() ? m.strip() : t.getClass().getName();
        }
        return t.toString();
    }

    /** The stack trace without the frames of JUnit and reflection that follow the user's frames. */
    private static String trace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        StringBuilder b = new StringBuilder();
        for (String l : sw.toString().split("\n")) {
            String s = l.strip();
            if (s.startsWith("at org.junit.") || s.startsWith("at java.base/jdk.internal.reflect.")
                    || s.startsWith("at java.base/java.lang.reflect.") || s.startsWith("at kerat_harness.")
                    || s.startsWith("at java.base/java.util.") || s.startsWith("at org.opentest4j.")
                    || s.startsWith("at org.hamcrest.MatcherAssert.")) {
                continue;
            }
            b.append(l).append('\n');
            if (b.length() > 16_000) {
                b.append("\t...\n");
                break;
            }
        }
        return b.toString();
    }

    private void line(String s) {
        written.append(s).append('\n');
        try {
            out.write((s + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the tested code closed or broke our stream: the final rewrite still has every line
        }
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
