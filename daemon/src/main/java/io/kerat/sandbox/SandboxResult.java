package io.kerat.sandbox;

/**
 * What one sandbox did.
 *
 * @param termination     why it ended
 * @param exitCode        exit status of {@code runsc run} (the program's; 128+N after signal N), null if it never ran
 * @param signal          the signal number that ended the program, or null
 * @param stdout          captured prefix of standard output
 * @param stderr          captured prefix of standard error
 * @param stdoutTruncated true when stdout passed its cap
 * @param stderrTruncated true when stderr passed its cap
 * @param wallNanos       from starting runsc to its exit
 * @param cpuNanos        the cgroup's CPU counter
 * @param memoryBytes     the cgroup's peak memory
 * @param oomKills        OOM kills in the cgroup
 * @param memoryLimitHits allocations that hit the memory limit
 * @param message         human-readable detail for failures of the runtime itself
 */
public record SandboxResult(Termination termination, Integer exitCode, Integer signal, byte[] stdout, byte[] stderr,
                            boolean stdoutTruncated, boolean stderrTruncated, long wallNanos, long cpuNanos,
                            long memoryBytes, long oomKills, long memoryLimitHits, String message) {
}
