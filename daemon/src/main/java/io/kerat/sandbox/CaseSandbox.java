package io.kerat.sandbox;

import io.kerat.cgroup.CgroupException;
import io.kerat.cgroup.CgroupStats;
import io.kerat.config.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One sandbox that runs many cases, one after the other, each as a fresh process started by its init
 * ({@link #INIT}): the daemon resets {@code /workspace} from the host and writes the case's files, then the case's
 * number on the init's stdin; the init empties {@code /tmp}, runs the case's script with its stdin, stdout and stderr on files, kills
 * every other process ({@code kill -9 -1} from pid 1) and writes the exit status last. The daemon watches the limits
 * as {@link SandboxRunner#finish} does, from the cgroup's counters taken at the case's start (peak reset on v1), and
 * on a limit sends SIGUSR1 to the init, which kills everything but itself.
 */
public final class CaseSandbox implements AutoCloseable {
    private static final java.security.SecureRandom NONCES = new java.security.SecureRandom();
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** The init: pid 1, a shell that waits for case numbers. Its own uid is the program's (kill -1 reaches all). */
    public static final List<String> INIT = List.of("/bin/sh", "-c", String.join("\n",
            // SIGUSR1 (the daemon, on a limit): kill everything but pid 1; a read it interrupts is read again
            "trap 'k=1; kill -9 -1 2>/dev/null' USR1",
            // every process but pid 1 and zombies dead, checked from /proc with builtins only (a fork bomb races a
            // single kill -1); zombies are reaped by the next case's wait
            "reap() {",
            "  i=0",
            "  while [ $i -lt 200 ]; do",
            "    kill -9 -1 2>/dev/null",
            "    alive=0",
            "    for p in /proc/[0-9]*; do",
            "      [ \"$p\" = /proc/1 ] && continue",
            "      st=Z; read -r _ _ st _ <\"$p/stat\" 2>/dev/null",
            "      [ \"$st\" = Z ] || { alive=1; break; }",
            "    done",
            "    [ $alive = 0 ] && return",
            "    i=$((i+1))",
            "  done",
            "}",
            "cd /workspace || exit 97",
            "while :; do",
            "  k=",
            "  read -r n nonce || { [ \"$k\" = 1 ] && continue; exit 0; }",
            "  case \"$n\" in *[!0-9]*|'') exit 98;; esac",
            "  case \"$nonce\" in *[!0-9a-f]*|'') exit 98;; esac",
            // the daemon has reset /workspace from the host; /tmp is the sandbox's own: rm only when not empty
            "  for f in /tmp/* /tmp/.[!.]* /tmp/..?*; do [ -e \"$f\" ] || [ -L \"$f\" ] || continue",
            "    rm -rf /tmp/* /tmp/.[!.]* /tmp/..?* 2>/dev/null; break; done",
            "  (exec </kerat/ctl/$n.in >/kerat/out/$n.out 2>/kerat/out/$n.err; . /kerat/ctl/$n.sh) &",
            "  pid=$!",
            "  while :; do wait $pid; rc=$?; kill -0 $pid 2>/dev/null || break; done",
            "  reap",
            // the case's nonce (never in a file or the environment): a status the case planted does not end the case
            "  echo \"$rc.$nonce\" >/kerat/out/$n.rc",
            "done"));

    private final SandboxRunner runner;
    private final SandboxRunner.Started started;
    private final Path out;
    private final OutputStream control;

    private CaseSandbox(SandboxRunner runner, SandboxRunner.Started started, Path out) {
        this.runner = runner;
        this.started = started;
        this.out = out;
        this.control = started.process == null ? null : started.process.getOutputStream();
    }

    /** Starts the sandbox of {@code job} (its argv must be {@link #INIT}); {@code out} is its /kerat/out on the host. */
    public static CaseSandbox start(SandboxRunner runner, SandboxJob job, Path out) throws IOException {
        return new CaseSandbox(runner, runner.start(job), out);
    }

    public String id() {
        return started.id();
    }

    public boolean isAlive() {
        return started.isAlive();
    }

    /** Why the sandbox could not start, or null. */
    public SandboxResult failure() {
        return started.failure;
    }

    /**
     * Runs case {@code n} (its script, stdin and files already written under /kerat/ctl) and waits for it within
     * {@code l}. A sandbox that died meanwhile (the host's OOM killer, a crash) is not alive afterwards.
     */
    public SandboxResult runCase(int n, Limits l, CancelToken cancel) throws IOException {
        String id = started.id();
        Cgroups cg = new Cgroups(runner);
        long start = System.nanoTime();
        CgroupStats base = CgroupStats.EMPTY;
        byte[] seed = new byte[8];
        NONCES.nextBytes(seed);
        String nonce = java.util.HexFormat.of().formatHex(seed);
        try {
            cg.resetPeak(id);
            base = cg.stats(id);
        } catch (CgroupException e) {
            // counted from zero: a limit may then hit early, never late
        }
        try {
            control.write((n + " " + nonce + "\n").getBytes(StandardCharsets.US_ASCII));
            control.flush();
        } catch (IOException e) {
            return died(n, start, base, null);
        }
        Path rc = out.resolve(n + ".rc");
        long wallDeadline = start + TimeUnit.MILLISECONDS.toNanos(l.wallTimeMs());
        long cpuLimit = base.cpuNanos() + TimeUnit.MILLISECONDS.toNanos(l.cpuTimeMs());
        Termination reason = null;
        long killedAt = 0;
        while (!complete(rc, nonce)) {
            if (!started.process.isAlive()) {
                return died(n, start, base, null);
            }
            if (reason == null) {
                if (cancel.isCancelled()) {
                    reason = Termination.CANCELLED;
                } else if (System.nanoTime() >= wallDeadline) {
                    reason = Termination.WALL_TIME;
                } else if (cg.cpuNanos(id) > cpuLimit) {
                    reason = Termination.CPU_TIME;
                } else if (runner.watch().oomKilled(id, base.oomKills())) {
                    reason = Termination.MEMORY; // systrap: the case's task may hang after the OOM kill of its stub
                } else if (size(out.resolve(n + ".out")) > l.outputBytes() || size(out.resolve(n + ".err")) > l.outputBytes()) {
                    reason = Termination.OUTPUT;
                }
                if (reason != null) {
                    killedAt = System.nanoTime();
                    if (!complete(rc, nonce)) {
                        runner.runsc().signalInit(id, "USR1");
                    }
                }
            } else if (System.nanoTime() - killedAt > TimeUnit.SECONDS.toNanos(5)) {
                // the init did not end the case: end the sandbox
                runner.teardown().kill(id, started.process);
                return died(n, start, base, reason);
            }
            sleep();
        }
        long wall = System.nanoTime() - start;
        // killed by the daemon: SIGKILL, as runsc run reports it in the sandbox mode, not the status of the init's wait
        // that SIGUSR1 interrupted (138); over the output cap, a program that ended first keeps its own status, as there
        int exit = parse(read(rc, 64));
        if (reason != null && (reason != Termination.OUTPUT || exit == 128 + 10)) {
            exit = 137;
        }
        CgroupStats stats = delta(cg, id, base);
        Capped so = capped(out.resolve(n + ".out"), l.outputBytes());
        Capped se = capped(out.resolve(n + ".err"), l.outputBytes());
        if (reason == null && (so.truncated || se.truncated)) {
            reason = Termination.OUTPUT;
        }
        Termination t = reason;
        if (stats.oomKills() > 0 && (t == null || t == Termination.OUTPUT || t == Termination.CPU_TIME)) {
            t = Termination.MEMORY;
        }
        if (t == null) {
            t = Termination.EXITED;
        }
        for (String suffix : new String[]{".out", ".err", ".rc"}) {
            Files.deleteIfExists(out.resolve(n + suffix));
        }
        Integer signal = exit > 128 && exit < 160 ? exit - 128 : null;
        return new SandboxResult(t, exit, signal, so.bytes, se.bytes, so.truncated, se.truncated, wall,
                stats.cpuNanos(), stats.peakMemoryBytes(), stats.oomKills(), stats.limitHits(), null);
    }

    /** The sandbox ended during case {@code n}: what the counters say (an OOM kill is the memory limit). */
    private SandboxResult died(int n, long start, CgroupStats base, Termination reason) throws IOException {
        runner.teardown().kill(started.id(), started.process);
        CgroupStats stats = delta(new Cgroups(runner), started.id(), base);
        Termination t = stats.oomKills() > 0 ? Termination.MEMORY : reason != null ? reason : Termination.EXITED;
        Capped so = capped(out.resolve(n + ".out"), 1 << 16);
        Capped se = capped(out.resolve(n + ".err"), 1 << 16);
        String message = t == Termination.EXITED ? "the case's sandbox ended unexpectedly" : null;
        return new SandboxResult(t, 137, 9, so.bytes, se.bytes, so.truncated, se.truncated,
                System.nanoTime() - start, stats.cpuNanos(), stats.peakMemoryBytes(), stats.oomKills(),
                stats.limitHits(), message);
    }

    private static CgroupStats delta(Cgroups cg, String id, CgroupStats base) {
        try {
            CgroupStats raw = cg.stats(id);
            return new CgroupStats(Math.max(0, raw.cpuNanos() - base.cpuNanos()), raw.peakMemoryBytes(),
                    Math.max(0, raw.oomKills() - base.oomKills()), Math.max(0, raw.limitHits() - base.limitHits()));
        } catch (CgroupException e) {
            return CgroupStats.EMPTY;
        }
    }

    private record Capped(byte[] bytes, boolean truncated) {
    }

    private static Capped capped(Path p, long cap) throws IOException {
        byte[] b = read(p, cap + 1);
        if (b.length > cap) {
            return new Capped(java.util.Arrays.copyOf(b, (int) cap), true);
        }
        return new Capped(b, false);
    }

    /** At most {@code cap} bytes of a regular file the sandbox wrote (nothing for a link or anything else). */
    private static byte[] read(Path p, long cap) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return new byte[0];
        }
        if (!a.isRegularFile()) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes((int) Math.min(cap, Integer.MAX_VALUE - 8));
        }
    }

    private static long size(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The init writes "status.nonce\n" with one shell echo: complete once all of it is there. */
    private static boolean complete(Path rc, String nonce) {
        try {
            return Files.exists(rc, LinkOption.NOFOLLOW_LINKS)
                    && new String(read(rc, 64), StandardCharsets.US_ASCII).endsWith("." + nonce + "\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static int parse(byte[] b) {
        try {
            String t = new String(b, StandardCharsets.US_ASCII).trim();
            return Integer.parseInt(t.substring(0, t.indexOf('.')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sleep() {
        try {
            TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the sandbox and removes its runsc state and cgroup. */
    @Override
    public void close() {
        runner.discard(started);
    }

    /** The runner's cgroups, named for this class's few uses. */
    private record Cgroups(SandboxRunner runner) {
        void resetPeak(String id) throws CgroupException {
            runner.cgroups().resetPeak(id);
        }

        CgroupStats stats(String id) throws CgroupException {
            return runner.cgroups().stats(id);
        }

        long cpuNanos(String id) {
            try {
                return runner.cgroups().cpuNanos(id);
            } catch (CgroupException e) {
                return 0;
            }
        }
    }
}
