package io.kerat.api.judge0;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judge0's {@code ?fields=} and {@code ?base64_encoded=} applied to one submission: the default set, {@code *} for
 * all of Judge0's fields, or a comma-separated list. {@code kerat_verdict} (Kerat's own verdict, e.g.
 * {@code memory_limit}) is returned only when named: never in the default set nor in {@code *}, because Judge0's
 * official SDK refuses keys it does not know.
 */
public final class Judge0Fields {
    /** Judge0's default fields. */
    public static final List<String> DEFAULT = List.of("token", "time", "memory", "stdout", "stderr", "compile_output",
            "message", "status");
    /** Every field Judge0 CE 1.13 serializes ({@code fields=*}). */
    public static final List<String> ALL = List.of("source_code", "language_id", "stdin", "expected_output",
            "stdout", "status_id", "created_at", "finished_at", "time", "memory", "stderr", "token",
            "number_of_runs", "cpu_time_limit", "cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit",
            "max_processes_and_or_threads", "enable_per_process_and_thread_time_limit",
            "enable_per_process_and_thread_memory_limit", "max_file_size", "compile_output", "exit_code",
            "exit_signal", "message", "wall_time", "compiler_options", "command_line_arguments",
            "redirect_stderr_to_stdout", "callback_url", "additional_files", "enable_network", "status", "language");
    /** Kerat's own fields, returned only when named. */
    public static final Set<String> KERAT_ONLY = Set.of("kerat_verdict");
    private static final Set<String> TEXT = Set.of("source_code", "stdin", "expected_output", "stdout", "stderr",
            "compile_output", "message");

    private final List<String> fields;

    private Judge0Fields(List<String> fields) {
        this.fields = fields;
    }

    /** Thrown for names Judge0 does not know: Judge0 answers 400 {@code {"error": "invalid fields: [a, b]"}}. */
    public static final class InvalidFields extends Exception {
        InvalidFields(List<String> bad) {
            super("invalid fields: [" + String.join(", ", bad) + "]");
        }
    }

    /** The selection of {@code ?fields=} (null or blank: the default set). */
    public static Judge0Fields of(String param) throws InvalidFields {
        if (param == null || param.isBlank()) {
            return new Judge0Fields(DEFAULT);
        }
        if (param.trim().equals("*")) {
            return new Judge0Fields(ALL);
        }
        List<String> out = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String f : param.split(",")) {
            String name = f.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("*")) {
                ALL.stream().filter(a -> !out.contains(a)).forEach(out::add);
            } else if (ALL.contains(name) || KERAT_ONLY.contains(name)) {
                if (!out.contains(name)) {
                    out.add(name);
                }
            } else {
                bad.add(name);
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidFields(bad);
        }
        return new Judge0Fields(out.isEmpty() ? DEFAULT : out);
    }

    public List<String> names() {
        return fields;
    }

    /**
     * One submission on the wire.
     *
     * @param result    null while queued or running
     * @param state     the status while there is no result (In Queue or Processing)
     * @param language  the language the submission ran in (for {@code language})
     */
    public Map<String, Object> render(String token, Judge0Submission s, Judge0Result result, Judge0Status state,
                                      String createdAt, Judge0Language language, boolean base64) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : fields) {
            Object v = value(f, token, s, result, state, createdAt, language);
            if (base64 && TEXT.contains(f) && v instanceof String str) {
                v = Base64.getEncoder().encodeToString(str.getBytes(StandardCharsets.UTF_8));
            }
            out.put(f, v);
        }
        return out;
    }

    private static Object value(String f, String token, Judge0Submission s, Judge0Result r, Judge0Status state,
                                String createdAt, Judge0Language lang) {
        Judge0Status status = r != null ? r.status() : state;
        return switch (f) {
            case "token" -> token;
            case "source_code" -> s.sourceCode();
            case "language_id" -> s.languageId();
            case "stdin" -> s.stdin();
            case "expected_output" -> s.expectedOutput();
            case "stdout" -> r == null ? null : r.stdout();
            case "stderr" -> r == null ? null : r.stderr();
            case "compile_output" -> r == null ? null : r.compileOutput();
            case "message" -> r == null ? null : r.message();
            case "exit_code" -> r == null ? null : r.exitCode();
            case "exit_signal" -> r == null ? null : r.exitSignal();
            case "status" -> status.wire();
            case "status_id" -> status.id();
            case "created_at" -> createdAt;
            case "finished_at" -> r == null ? null : r.finishedAt();
            case "time" -> r == null ? null : r.time();
            case "wall_time" -> r == null ? null : r.wallTime();
            case "memory" -> r == null ? null : r.memory();
            case "number_of_runs" -> s.numberOfRuns();
            case "cpu_time_limit" -> decimal(s.cpuTimeLimit());
            case "cpu_extra_time" -> decimal(s.cpuExtraTime());
            case "wall_time_limit" -> decimal(s.wallTimeLimit());
            case "memory_limit" -> s.memoryLimit();
            case "stack_limit" -> s.stackLimit();
            case "max_processes_and_or_threads" -> s.maxProcessesAndOrThreads();
            case "enable_per_process_and_thread_time_limit" -> s.enablePerProcessAndThreadTimeLimit();
            case "enable_per_process_and_thread_memory_limit" -> s.enablePerProcessAndThreadMemoryLimit();
            case "max_file_size" -> s.maxFileSize();
            case "compiler_options" -> s.compilerOptions();
            case "command_line_arguments" -> s.commandLineArguments();
            case "redirect_stderr_to_stdout" -> s.redirectStderrToStdout();
            case "callback_url" -> s.callbackUrl();
            case "additional_files" -> s.additionalFiles();
            case "enable_network" -> s.enableNetwork();
            case "language" -> language(s, lang);
            case "kerat_verdict" -> r == null ? null : r.keratVerdict();
            default -> null;
        };
    }

    private static Map<String, Object> language(Judge0Submission s, Judge0Language lang) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.languageId());
        m.put("name", lang == null ? null : lang.name());
        return m;
    }

    /** Judge0 serializes its decimal limits as strings ("5.0"). */
    private static String decimal(double v) {
        String s = Double.toString(v);
        return s.contains("E") ? java.math.BigDecimal.valueOf(v).toPlainString() : s;
    }
}
