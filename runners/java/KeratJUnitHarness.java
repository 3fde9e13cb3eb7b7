package kerat_harness;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kerat's JUnit 5 harness: runs the JUnit Platform launcher in this JVM on every class under the classpath root
 * (args[0]) and writes one JSON line per test to args[1] ({"name": "pkg.CalcTest.testAdd", "status":
 * "passed|failed|errored|skipped", "message", "stack_trace", "duration_ms"}), then {"event": "done"}.
 * A failed assertion (any AssertionError) is "failed", any other exception "errored", @Disabled and failed
 * assumptions "skipped". The tests' own stdout/stderr go to the process's streams, never to the results file.
 */
public final class KeratJUnitHarness implements TestExecutionListener {
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
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClasspathRoots(Set.of(root)))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                    .build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, h);
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

    /** pkg.Class.method; invocations of parameterized/repeated tests get their display name appended. */
    private String name(TestIdentifier id) {
        Optional<TestSource> src = id.getSource();
        if (src.isPresent() && src.get() instanceof MethodSource m) {
            String base = className(m.getClassName()) + "." + m.getMethodName();
            Optional<TestIdentifier> parent = plan == null ? Optional.empty() : plan.getParent(id);
            if (parent.isPresent() && parent.get().getSource().orElse(null) instanceof MethodSource) {
                String dn = id.getDisplayName();
                return dn.startsWith("[") ? base + dn : base + " " + dn;
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

    private static String message(Throwable t) {
        String m = t.getMessage();
        if (t instanceof AssertionError) {
            return m != null ? m : t.getClass().getName();
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
                    || s.startsWith("at java.base/java.util.") || s.startsWith("at org.opentest4j.")) {
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
