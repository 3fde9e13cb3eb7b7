package io.kerat.sandbox;

/** Why a sandbox ended. Exactly one is reported: the first cause the daemon saw. */
public enum Termination {
    /** The program exited by itself (any exit code or signal of its own). */
    EXITED,
    /** The wall-clock limit passed and the daemon killed the sandbox. */
    WALL_TIME,
    /** The cgroup's CPU counter passed the CPU-time limit and the daemon killed the sandbox. */
    CPU_TIME,
    /** A stream passed its byte cap and the daemon killed the sandbox. */
    OUTPUT,
    /** The kernel's OOM killer struck inside the sandbox's cgroup. */
    MEMORY,
    /** The caller went away (client disconnect, shutdown) and the daemon killed the sandbox. */
    CANCELLED,
    /** runsc could not be run at all (missing, not executable): not the program's fault. */
    RUNTIME_FAILURE,
    /**
     * runsc ran but the program never started: its executable is missing or not executable in the image, or the
     * sandbox could not be set up. Not the program's fault.
     */
    START_FAILED
}
