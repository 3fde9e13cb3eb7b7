package io.kerat.runner;

import java.util.List;
import java.util.Map;

/**
 * A language runner, read from {@code runners/<language>/runner.json}. Commands are argv arrays (never shell
 * strings) in which the executor replaces {@code {entrypoint}}, {@code {entrypoint_stem}} (without extension) and
 * {@code {entrypoint_class}} (stem with '/' as '.'). They run with cwd /workspace (the submitted files, writable),
 * the runner's own directory read-only at /kerat/runner, the compile output at /kerat/build and the test results
 * channel at /kerat/out.
 *
 * @param language   canonical id
 * @param aliases    other names accepted everywhere
 * @param image      image (oci-bundles/ recipe) the runner needs
 * @param extensions source file extensions, the first one being the usual one
 * @param env        environment added to the minimal base
 * @param compile    build step for run and cases modes, or null for interpreted languages
 * @param run        how to run the program (the request's args are appended)
 * @param test       how to run a test suite
 * @param requires   programs the runner needs on the image's PATH ({@code python3}; {@code javac}, {@code java}):
 *                   the smoke test that gates an image's install and {@code kerat doctor} check each of them
 * @param prestart   the init of a pooled sandbox of this language, or null (a shell waits): an interpreter started
 *                   ahead with the run command's environment, which waits for the hand-over line and runs the
 *                   program itself ({@code ["python3", "/kerat/runner/prestart/boot.py"]}; see {@code PoolInit}); for
 *                   a compiled language the run command's runtime ({@code java}'s JVM, started by a script)
 */
public record RunnerDef(String language, List<String> aliases, String image, List<String> extensions,
                        Map<String, String> env, Command compile, Command run, TestCommand test, List<String> requires,
                        List<String> prestart) {

    public RunnerDef {
        requires = requires == null ? List.of() : List.copyOf(requires);
        prestart = prestart == null || prestart.isEmpty() ? null : List.copyOf(prestart);
    }

    public RunnerDef(String language, List<String> aliases, String image, List<String> extensions,
                     Map<String, String> env, Command compile, Command run, TestCommand test, List<String> requires) {
        this(language, aliases, image, extensions, env, compile, run, test, requires, null);
    }

    public RunnerDef(String language, List<String> aliases, String image, List<String> extensions,
                     Map<String, String> env, Command compile, Command run, TestCommand test) {
        this(language, aliases, image, extensions, env, compile, run, test, List.of());
    }

    /**
     * One stage's command and the environment it adds. {@code defaultLimits} raise the language's defaults for this
     * stage (run: run and cases modes; compile: the build in every mode), never past the admin's maximum, as
     * {@link TestCommand#defaultLimits} does for tests mode: an interpreter whose start alone costs seconds of CPU
     * under gVisor (R) or a heavy compiler (GHC) still passes a hello world at the defaults.
     */
    public record Command(List<String> argv, Map<String, String> env, Map<String, Long> defaultLimits) {
        public Command {
            defaultLimits = defaultLimits == null ? Map.of() : Map.copyOf(defaultLimits);
        }

        public Command(List<String> argv, Map<String, String> env) {
            this(argv, env, Map.of());
        }
    }

    /**
     * Test mode: an optional compile (sources and tests together; a failure is compile_error) and the harness run,
     * which writes one JSON object per test to /kerat/out/results.jsonl. {@code frameworks} are the names a request's
     * {@code framework} may give (passed to both steps as KERAT_FRAMEWORK; without it the harness detects the
     * framework from the test files). {@code defaultLimits} raise the language's run defaults for the test run of
     * this runner (e.g. {@code {"cpu_time_ms": 15000}}: a whole suite under a heavy framework), never past the admin's
     * maximum; a request's own limits still win.
     */
    public record TestCommand(List<String> compile, List<String> run, Map<String, String> env, List<String> frameworks,
                              Map<String, Long> defaultLimits) {
        /** The limit names {@code default_limits} may hold. */
        public static final List<String> LIMIT_NAMES = List.of("wall_time_ms", "cpu_time_ms", "memory_bytes",
                "processes", "output_bytes", "file_size_bytes", "disk_bytes");

        public TestCommand {
            frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
            defaultLimits = defaultLimits == null ? Map.of() : Map.copyOf(defaultLimits);
        }

        public TestCommand(List<String> compile, List<String> run, Map<String, String> env) {
            this(compile, run, env, List.of(), Map.of());
        }

        public TestCommand(List<String> compile, List<String> run, Map<String, String> env, List<String> frameworks) {
            this(compile, run, env, frameworks, Map.of());
        }
    }
}
