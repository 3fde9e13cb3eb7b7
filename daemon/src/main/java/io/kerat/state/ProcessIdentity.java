package io.kerat.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process as the kernel knows it: its pid and its start time (field 22 of {@code /proc/<pid>/stat}, clock ticks
 * since boot). The pair names one process for the life of the machine: a pid reused by a later process has a
 * different start time, so state tagged with the pair is never mistaken for the new process's.
 *
 * @param pid       the process id
 * @param startTime its start time in clock ticks since boot
 */
public record ProcessIdentity(long pid, long startTime) {
    /** Where the kernel shows processes; tests pass a fake tree. */
    public static final Path PROC = Path.of("/proc");

    private static volatile ProcessIdentity current;

    /** This JVM's own identity (read once). */
    public static ProcessIdentity current() {
        ProcessIdentity c = current;
        if (c == null) {
            long pid = ProcessHandle.current().pid();
            c = new ProcessIdentity(pid, startTime(PROC, pid).orElse(0));
            current = c;
        }
        return c;
    }

    /**
     * True while this very process runs: its pid exists and has the same start time. A start time of 0 means it
     * could not be read when the identity was taken: then any process with the pid counts (never wrongly "gone").
     */
    public boolean isAlive(Path proc) {
        OptionalLong now = startTime(proc, pid);
        return now.isPresent() && (startTime == 0 || now.getAsLong() == startTime);
    }

    public boolean isAlive() {
        return isAlive(PROC);
    }

    /** The start time of {@code pid}, empty when there is no such process (or its stat cannot be parsed). */
    public static OptionalLong startTime(Path proc, long pid) {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        String stat;
        try {
            stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return parseStartTime(stat);
    }

    /**
     * Field 22 of a {@code /proc/<pid>/stat} line. The second field (the command name, in parentheses) may hold
     * spaces and parentheses itself, so fields are counted from the last ')'.
     */
    public static OptionalLong parseStartTime(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        // rest[0] is field 3 (state): field 22 is rest[19]
        if (rest.length < 20) {
            return OptionalLong.empty();
        }
        try {
            long v = Long.parseLong(rest[19]);
            return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
