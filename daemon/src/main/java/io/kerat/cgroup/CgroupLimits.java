package io.kerat.cgroup;

/** What the daemon writes into a sandbox's cgroup before the sandbox starts. */
public record CgroupLimits(long memoryBytes, double cpus, long pids) {
    public static final long CPU_PERIOD_US = 100_000;

    public long cpuQuotaUs() {
        return Math.max(1_000, Math.round(cpus * CPU_PERIOD_US));
    }
}
