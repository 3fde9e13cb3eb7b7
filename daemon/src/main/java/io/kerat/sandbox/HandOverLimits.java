package io.kerat.sandbox;

import io.kerat.cgroup.CgroupException;
import io.kerat.cgroup.CgroupLimits;
import io.kerat.cgroup.Cgroups;
import io.kerat.config.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage's limits on the host side of a sandbox: what its cgroup gets at start, and what a pooled sandbox (started
 * with its language's maxima) gets at hand-over, before the program runs. The memory cgroup (plus the sentry's
 * overhead; no swap), the CPU quota and the host pids limit are rewritten on the host (v1 and v2); the output caps
 * and the wall and CPU limits are the daemon's own from then on. The rlimits (processes, open files, file size) are
 * lowered inside by the hand-over script ({@code ulimit -H -S}, see {@code HandOverScript}); the disk size must be
 * the pool's already.
 */
final class HandOverLimits {
    private static final Logger LOG = LoggerFactory.getLogger(HandOverLimits.class);
    /** Room kept between what an idle pooled sandbox uses and a stage's new memory limit. */
    static final long HEADROOM_BYTES = 8 * Limits.MIB;

    private HandOverLimits() {}

    /**
     * The cgroup's limits for a stage: a generous host pids limit (the sentry, gofer and ptrace stubs are host tasks
     * too, RUNSC-FACTS; a fork bomb of 32 guest processes took the ptrace platform past 512 host tasks and panicked
     * the sentry); the program's own process count is RLIMIT_NPROC inside.
     */
    static CgroupLimits cgroupLimits(Limits l, long overheadBytes) {
        return new CgroupLimits(l.memoryBytes() + overheadBytes, l.cpus(), Math.max(4096, l.processes() * 64));
    }

    static boolean apply(Cgroups cgroups, long overheadBytes, SandboxRunner.Started s, Limits stage) {
        if (!s.isAlive()) {
            return false;
        }
        CgroupLimits c = cgroupLimits(stage, overheadBytes);
        try {
            long used = cgroups.memoryUsage(s.id());
            if (used + HEADROOM_BYTES > c.memoryBytes()) {
                LOG.info("pooled sandbox {} uses {} bytes, too close to the stage's memory limit {}: not used", s.id(),
                        used, c.memoryBytes());
                return false;
            }
            cgroups.relimit(s.id(), c);
        } catch (CgroupException e) {
            LOG.warn("cannot fit pooled sandbox {} to its stage's limits: {}", s.id(), e.getMessage());
            return false;
        }
        s.limits = stage;
        if (s.out != null) {
            s.out.cap(stage.outputBytes());
            s.err.cap(stage.outputBytes());
        }
        return true;
    }
}
