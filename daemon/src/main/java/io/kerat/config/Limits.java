package io.kerat.config;

/**
 * One stage's limits, all mandatory once resolved. Values are in milliseconds and bytes.
 *
 * @param wallTimeMs     wall clock from sandbox start to exit
 * @param cpuTimeMs      CPU time of the whole sandbox cgroup, read by the daemon
 * @param memoryBytes    memory the program may use (the sandbox gets this plus the configured overhead)
 * @param processes      RLIMIT_NPROC inside the sandbox
 * @param outputBytes    cap per stream (stdout, stderr); the prefix is kept
 * @param fileSizeBytes  RLIMIT_FSIZE
 * @param diskBytes      size of each writable filesystem: /workspace, /tmp, /dev/shm
 * @param openFiles      RLIMIT_NOFILE
 * @param cpus           CPU quota, in cores
 */
public record Limits(long wallTimeMs, long cpuTimeMs, long memoryBytes, long processes, long outputBytes,
                     long fileSizeBytes, long diskBytes, long openFiles, double cpus) {

    public static final long MIB = 1024L * 1024L;

    public static Limits runDefaults() {
        return new Limits(5_000, 3_000, 256 * MIB, 64, MIB, 16 * MIB, 64 * MIB, 256, 1.0);
    }

    public static Limits runMaximum() {
        return new Limits(60_000, 30_000, 2048 * MIB, 512, 16 * MIB, 256 * MIB, 512 * MIB, 4096, 2.0);
    }

    public static Limits compileDefaults() {
        return new Limits(30_000, 20_000, 1024 * MIB, 256, MIB, 128 * MIB, 256 * MIB, 1024, 2.0);
    }

    public static Limits compileMaximum() {
        return new Limits(120_000, 90_000, 2048 * MIB, 512, 16 * MIB, 512 * MIB, 1024 * MIB, 4096, 2.0);
    }

    public Limits withWallTimeMs(long v) { return new Limits(v, cpuTimeMs, memoryBytes, processes, outputBytes, fileSizeBytes, diskBytes, openFiles, cpus); }
    public Limits withCpuTimeMs(long v) { return new Limits(wallTimeMs, v, memoryBytes, processes, outputBytes, fileSizeBytes, diskBytes, openFiles, cpus); }
    public Limits withMemoryBytes(long v) { return new Limits(wallTimeMs, cpuTimeMs, v, processes, outputBytes, fileSizeBytes, diskBytes, openFiles, cpus); }
    public Limits withProcesses(long v) { return new Limits(wallTimeMs, cpuTimeMs, memoryBytes, v, outputBytes, fileSizeBytes, diskBytes, openFiles, cpus); }
    public Limits withOutputBytes(long v) { return new Limits(wallTimeMs, cpuTimeMs, memoryBytes, processes, v, fileSizeBytes, diskBytes, openFiles, cpus); }
    public Limits withFileSizeBytes(long v) { return new Limits(wallTimeMs, cpuTimeMs, memoryBytes, processes, outputBytes, v, diskBytes, openFiles, cpus); }
    public Limits withDiskBytes(long v) { return new Limits(wallTimeMs, cpuTimeMs, memoryBytes, processes, outputBytes, fileSizeBytes, v, openFiles, cpus); }
    public Limits withOpenFiles(long v) { return new Limits(wallTimeMs, cpuTimeMs, memoryBytes, processes, outputBytes, fileSizeBytes, diskBytes, v, cpus); }
    public Limits withCpus(double v) { return new Limits(wallTimeMs, cpuTimeMs, memoryBytes, processes, outputBytes, fileSizeBytes, diskBytes, openFiles, v); }
}
