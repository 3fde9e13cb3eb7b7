package io.kerat.execution;

import io.kerat.oci.SpecBuilder;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.SandboxRunner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a pooled sandbox's init is, and what it is told at hand-over. Either a shell ({@link SandboxPool#WAITER}) that
 * sources {@code go.sh} ({@link HandOverScript}), or, for a runner with {@code prestart}, the language's interpreter
 * started ahead with the run command's environment (without the per-request {@code KERAT_*} variables), which reads
 * {@code /kerat/ctl/handover}, lowers its rlimits to the stage's and either runs the program itself ({@code run}) or execs the cold command
 * ({@code exec}) when the stage is anything else: tests mode, another command, another environment. Pure but for
 * the files it writes.
 */
final class PoolInit {
    /** The hand-over file an interpreter init reads (NUL-separated: mode, cwd, rlimits, argc, argv..., NAME=VALUE...). */
    static final String HANDOVER = "handover";
    /** What a started interpreter creates in out/ once it waits for the hand-over (and removes at the hand-over). */
    static final String READY = ".kerat-ready";
    /** How long a pre-started interpreter may take to come up before its sandbox is given up. */
    static final long READY_TIMEOUT_NANOS = 60_000_000_000L;

    private final RunnerDef runner;
    private final List<String> argv;
    private final Map<String, String> env;

    private PoolInit(RunnerDef runner, List<String> argv, Map<String, String> env) {
        this.runner = runner;
        this.argv = argv;
        this.env = env;
    }

    /** The init of the runner's pooled sandboxes: its interpreter if it has {@code prestart} and {@code interpreters}. */
    static PoolInit of(RunnerDef runner, boolean interpreters) {
        if (!interpreters || runner.prestart() == null || runner.run() == null) {
            return new PoolInit(runner, SandboxPool.WAITER, new TreeMap<>(SpecBuilder.baseEnv()));
        }
        Map<String, String> env = new TreeMap<>(SpecBuilder.baseEnv());
        env.putAll(runner.env());
        if (runner.run().env() != null) {
            env.putAll(runner.run().env());
        }
        env.keySet().removeIf(PoolInit::perRequest);
        return new PoolInit(runner, runner.prestart(), env);
    }

    /**
     * Waits (at hand-over, so the pool's refill never blocks on it) until the init is up and waiting (its
     * {@link #READY} file; looked for only: nothing inside the sandbox is opened or followed), so that the stage's
     * time and CPU never count the init's start-up, then removes that file so the program never sees it; false if
     * the sandbox died or did not come up in time (the caller runs the stage cold).
     */
    boolean awaitReady(StageDir sd, SandboxRunner.Started started) {
        java.nio.file.Path flag = sd.out().resolve(READY);
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        try {
            while (started.isAlive() && System.nanoTime() < deadline) {
                if (ready(sd)) {
                    try {
                        java.nio.file.Files.deleteIfExists(flag); // a link is removed, never followed
                    } catch (IOException e) {
                        return false;
                    }
                    return true;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the pool is closing
        }
        return false;
    }

    /** Whether a pooled sandbox's init said it is up and waiting. */
    static boolean ready(StageDir sd) {
        return java.nio.file.Files.exists(sd.out().resolve(READY), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the init is the language's interpreter (else a shell). */
    boolean interpreter() {
        return argv != SandboxPool.WAITER;
    }

    List<String> argv() {
        return argv;
    }

    /** The pooled sandbox's environment at its start. */
    Map<String, String> env() {
        return env;
    }

    /**
     * Writes the hand-over files for a stage with this {@code argvTemplate} (the runner's template, before expansion),
     * its {@code stageArgv} and {@code stageEnv}; returns whether the started interpreter runs the program itself.
     */
    boolean handOver(StageDir sd, List<String> argvTemplate, List<String> stageArgv, Map<String, String> stageEnv,
                     io.kerat.config.Limits limits) throws IOException {
        sd.writeControl(HandOverScript.rlimits(limits) + HandOverScript.of(stageArgv, stageEnv));
        if (!interpreter()) {
            return false;
        }
        boolean inProcess = inProcess(argvTemplate, stageArgv, stageEnv);
        sd.writeControl(HANDOVER, control(inProcess ? "run" : "exec", "/workspace", rlimits(limits), stageArgv,
                stageEnv));
        return inProcess;
    }

    /** The stage's rlimits as the interpreter init sets them (hard and soft): processes, open files, file bytes. */
    static String rlimits(io.kerat.config.Limits l) {
        return l.processes() + " " + l.openFiles() + " " + l.fileSizeBytes();
    }

    /**
     * Only what a cold start of the same interpreter would do identically: the runner's run command (interpreter,
     * then the entry point, not an option; for a compiled language its run script, which the init knows), and an
     * environment equal to the one the interpreter started with but for the per-request {@code KERAT_*} variables
     * (what an interpreter reads at start-up, {@code PYTHON*}, {@code LANG}, {@code LC_*}, {@code PATH},
     * {@code HOME}, cannot change afterwards).
     */
    boolean inProcess(List<String> argvTemplate, List<String> stageArgv, Map<String, String> stageEnv) {
        if (!interpreter() || !Objects.equals(argvTemplate, runner.run().argv()) || stageArgv.size() < 2
                || stageArgv.get(1).startsWith("-")) {
            return false;
        }
        Map<String, String> fixed = new TreeMap<>(stageEnv);
        fixed.keySet().removeIf(PoolInit::perRequest);
        return fixed.equals(env);
    }

    private static boolean perRequest(String name) {
        return name.startsWith("KERAT_");
    }

    /**
     * The hand-over file: {@code mode, cwd, rlimits ("processes open_files file_bytes"), argc, argv..., NAME=VALUE...},
     * each ended by NUL, the environment sorted.
     */
    static byte[] control(String mode, String cwd, String rlimits, List<String> argv, Map<String, String> env) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        field(b, mode);
        field(b, cwd);
        field(b, rlimits);
        field(b, Integer.toString(argv.size()));
        for (String a : argv) {
            field(b, a);
        }
        for (Map.Entry<String, String> kv : new TreeMap<>(env).entrySet()) {
            field(b, kv.getKey() + "=" + kv.getValue());
        }
        return b.toByteArray();
    }

    private static void field(ByteArrayOutputStream b, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL in a hand-over word");
        }
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        b.write(0);
    }
}
