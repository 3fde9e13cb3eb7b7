package io.kerat.cgroup;

/**
 * What a sandbox's cgroup says after (or during) a run.
 *
 * @param cpuNanos        CPU time of every task in the cgroup
 * @param peakMemoryBytes highest memory usage seen by the kernel (0 when the kernel cannot tell)
 * @param oomKills        tasks killed by the OOM killer inside this cgroup
 * @param limitHits       times an allocation hit the memory limit (v1 memory.failcnt, v2 memory.events max)
 */
public record CgroupStats(long cpuNanos, long peakMemoryBytes, long oomKills, long limitHits) {
    public static final CgroupStats EMPTY = new CgroupStats(0, 0, 0, 0);
}
