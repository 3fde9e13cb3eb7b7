package io.kerat.api.piston;

import io.kerat.execution.ExecutionResult;
import io.kerat.execution.StageResult;
import io.kerat.execution.Status;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Kerat's result in Piston's shape (see {@link PistonDto.Stage} for the mapping of verdicts). */
public final class PistonResults {
    private PistonResults() {}

    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    /** The name of signal {@code n} ("SIGKILL"), or null. */
    public static String signalName(Integer n) {
        return n == null || n <= 0 || n >= SIGNALS.length ? null : SIGNALS[n];
    }

    /** The signal number of a name Piston accepts ("SIGKILL" or "KILL"), or -1. */
    public static int signalNumber(String name) {
        if (name == null) {
            return -1;
        }
        String n = name.startsWith("SIG") ? name : "SIG" + name;
        for (int i = 1; i < SIGNALS.length; i++) {
            if (SIGNALS[i].equals(n)) {
                return i;
            }
        }
        return -1;
    }

    public static PistonDto.ExecuteResponse fromResult(ExecutionResult r, String pistonLanguage, PistonOutput out) {
        PistonDto.Stage compile = r.compile() == null ? null : stage(r.compile(), out == null ? null : out.of("compile"));
        PistonDto.Stage run;
        if (r.run() != null) {
            run = stage(r.run(), out == null ? null : out.of("run"));
        } else if (compile != null) {
            run = compile; // Piston: a run that never started reports the compile stage
        } else {
            String msg = r.message() == null ? r.status().wire() : r.message();
            run = new PistonDto.Stage("", "", null, null, "", null, msg, "XX", null, null, r.status().wire());
        }
        return new PistonDto.ExecuteResponse(pistonLanguage, r.version(), compile, run);
    }

    /** One stage: Piston's status letters, signal name, times in ms and memory in bytes. */
    public static PistonDto.Stage stage(StageResult s, byte[] interleaved) {
        String stdout = s.stdout() == null ? "" : s.stdout();
        String stderr = s.stderr() == null ? "" : s.stderr();
        String output = interleaved != null ? new String(interleaved, StandardCharsets.UTF_8) : stdout + stderr;
        String signal = signalName(s.signal());
        Integer code = signal == null ? s.exitCode() : null;
        String status;
        String message;
        switch (s.status()) {
            case OK -> {
                status = null;
                message = null;
            }
            case RUNTIME_ERROR, COMPILE_ERROR, WRONG_ANSWER, TESTS_FAILED -> {
                if (signal != null) {
                    status = "SG";
                    message = "Caught fatal signal " + s.signal();
                } else if (code != null && code != 0) {
                    status = "RE";
                    message = "Exited with error status " + code;
                } else {
                    status = s.status() == Status.COMPILE_ERROR ? "RE" : null;
                    message = s.message();
                }
            }
            case TIME_LIMIT -> {
                status = "TO";
                signal = "SIGKILL";
                code = null;
                message = s.message() != null && s.message().startsWith("CPU") ? "Time limit exceeded"
                        : "Time limit exceeded (wall clock)";
            }
            case MEMORY_LIMIT -> {
                status = "SG"; // Piston's isolate reports an out-of-memory kill as signal 9
                signal = "SIGKILL";
                code = null;
                message = "Memory limit exceeded";
            }
            case OUTPUT_LIMIT -> {
                boolean err = s.stderrTruncated() && !s.stdoutTruncated();
                status = err ? "EL" : "OL";
                signal = "SIGKILL";
                code = null;
                message = err ? "stderr length exceeded" : "stdout length exceeded";
            }
            default -> {
                status = "XX";
                message = s.message() == null ? s.status().wire() : s.message();
            }
        }
        return new PistonDto.Stage(stdout, stderr, code, signal, output, s.memoryBytes(), message, status,
                TimeUnit.NANOSECONDS.toMillis(s.cpuTimeNs()), TimeUnit.NANOSECONDS.toMillis(s.wallTimeNs()),
                s.status().wire());
    }
}
