package io.kerat.api.judge0;

import java.util.LinkedHashMap;
import java.util.Map;

/** Judge0 CE's fourteen statuses, with its own ids and descriptions ({@code GET /statuses}). */
public enum Judge0Status {
    IN_QUEUE(1, "In Queue"),
    PROCESSING(2, "Processing"),
    ACCEPTED(3, "Accepted"),
    WRONG_ANSWER(4, "Wrong Answer"),
    TIME_LIMIT_EXCEEDED(5, "Time Limit Exceeded"),
    COMPILATION_ERROR(6, "Compilation Error"),
    SIGSEGV(7, "Runtime Error (SIGSEGV)"),
    SIGXFSZ(8, "Runtime Error (SIGXFSZ)"),
    SIGFPE(9, "Runtime Error (SIGFPE)"),
    SIGABRT(10, "Runtime Error (SIGABRT)"),
    NZEC(11, "Runtime Error (NZEC)"),
    OTHER(12, "Runtime Error (Other)"),
    INTERNAL_ERROR(13, "Internal Error"),
    EXEC_FORMAT_ERROR(14, "Exec Format Error");

    private final int id;
    private final String description;

    Judge0Status(int id, String description) {
        this.id = id;
        this.description = description;
    }

    public int id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The {@code {"id", "description"}} object of the wire. */
    public Map<String, Object> wire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("description", description);
        return m;
    }

    /** The runtime error of a program killed by this signal, as Judge0 maps isolate's exit signals. */
    public static Judge0Status ofSignal(int signal) {
        return switch (signal) {
            case 11 -> SIGSEGV;
            case 25 -> SIGXFSZ;
            case 8 -> SIGFPE;
            case 6 -> SIGABRT;
            default -> OTHER;
        };
    }

    public static Judge0Status byId(int id) {
        for (Judge0Status s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("no Judge0 status " + id);
    }
}
