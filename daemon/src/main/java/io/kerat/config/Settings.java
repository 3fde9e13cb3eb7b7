package io.kerat.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Immutable daemon settings. {@link #fromEnvironment()} reads the defaults and the {@code KERAT_*} overrides.
 *
 * @param home               where runners/, seccomp/ and oci-bundles/ live (the repo, or /opt/kerat)
 * @param dataDir            images, run directories and the runsc state root
 * @param cacheDir           built rootfs tarballs, kept across rebuilds of the data dir
 * @param runscPath          the runsc binary
 * @param platform           runsc --platform (never kvm by default: it hangs on nested VMs)
 * @param runscFlags         extra global runsc flags, passed to every subcommand
 * @param cgroupParent       name of the daemon's cgroup subtree, under each controller (v1) or the unified root (v2)
 * @param sandboxUid         uid and gid programs run as
 * @param memoryOverheadBytes added to a run's memory limit for gVisor's own sentry and gofer
 * @param concurrency        sandboxes run at once
 * @param queue              requests waiting for a slot before 503
 * @param maxRequestBytes    HTTP body cap
 * @param maxFiles           files per request
 * @param maxFileBytes       bytes per decoded file
 * @param maxTotalFileBytes  bytes of all decoded files together
 * @param mirror             Debian mirror for image builds
 * @param suite              Debian suite for image builds
 * @param runDefaults        run-stage limits when a request names none
 * @param runMaximum         run-stage admin maxima; larger requests are clamped
 * @param compileDefaults    compile-stage limits
 * @param compileMaximum     compile-stage admin maxima
 * @param compileCacheBytes  bound of the compile cache under {@code <dataDir>/compile-cache} (0 turns it off)
 */
public record Settings(Path home, Path dataDir, Path cacheDir, String runscPath, String platform,
                       List<String> runscFlags, String cgroupParent, int sandboxUid, long memoryOverheadBytes,
                       int concurrency, int queue, long maxRequestBytes, int maxFiles, long maxFileBytes,
                       long maxTotalFileBytes, String mirror, String suite,
                       Limits runDefaults, Limits runMaximum, Limits compileDefaults, Limits compileMaximum,
                       long compileCacheBytes) {

    public static Settings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static Settings fromEnvironment(Map<String, String> env) {
        Path home = env.containsKey("KERAT_HOME") ? Path.of(env.get("KERAT_HOME")) : locateHome();
        int cores = Runtime.getRuntime().availableProcessors();
        return new Settings(
                home.toAbsolutePath().normalize(),
                Path.of(env.getOrDefault("KERAT_DATA_DIR", "/var/lib/kerat")).toAbsolutePath(),
                Path.of(env.getOrDefault("KERAT_CACHE_DIR", "/var/cache/kerat")).toAbsolutePath(),
                env.getOrDefault("KERAT_RUNSC", "runsc"),
                env.getOrDefault("KERAT_PLATFORM", "ptrace"),
                env.containsKey("KERAT_RUNSC_FLAGS") && !env.get("KERAT_RUNSC_FLAGS").isBlank()
                        ? List.of(env.get("KERAT_RUNSC_FLAGS").trim().split("\\s+")) : List.of(),
                env.getOrDefault("KERAT_CGROUP_PARENT", "kerat"),
                Integer.parseInt(env.getOrDefault("KERAT_SANDBOX_UID", "65534")),
                Long.parseLong(env.getOrDefault("KERAT_MEMORY_OVERHEAD_BYTES", String.valueOf(64 * Limits.MIB))),
                Integer.parseInt(env.getOrDefault("KERAT_CONCURRENCY", String.valueOf(cores))),
                Integer.parseInt(env.getOrDefault("KERAT_QUEUE", "64")),
                Long.parseLong(env.getOrDefault("KERAT_MAX_REQUEST_BYTES", String.valueOf(16 * Limits.MIB))),
                Integer.parseInt(env.getOrDefault("KERAT_MAX_FILES", "200")),
                Long.parseLong(env.getOrDefault("KERAT_MAX_FILE_BYTES", String.valueOf(4 * Limits.MIB))),
                Long.parseLong(env.getOrDefault("KERAT_MAX_TOTAL_FILE_BYTES", String.valueOf(8 * Limits.MIB))),
                env.getOrDefault("KERAT_MIRROR", "http://deb.debian.org/debian"),
                env.getOrDefault("KERAT_SUITE", "bookworm"),
                Limits.runDefaults(), Limits.runMaximum(), Limits.compileDefaults(), Limits.compileMaximum(),
                Long.parseLong(env.getOrDefault("KERAT_COMPILE_CACHE_BYTES", String.valueOf(1024 * Limits.MIB))));
    }

    /** The directory holding runners/ next to the running jar (installed: /opt/kerat; in the repo: its root). */
    static Path locateHome() {
        try {
            Path p = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("runners")) && Files.isDirectory(d.resolve("seccomp"))) {
                    return d;
                }
            }
        } catch (Exception ignored) {
            // fall through
        }
        return Path.of("/opt/kerat");
    }

    public Settings withDataDir(Path dir) {
        return new Settings(home, dir, cacheDir, runscPath, platform, runscFlags, cgroupParent, sandboxUid,
                memoryOverheadBytes, concurrency, queue, maxRequestBytes, maxFiles, maxFileBytes, maxTotalFileBytes,
                mirror, suite, runDefaults, runMaximum, compileDefaults, compileMaximum, compileCacheBytes);
    }

    public Settings withCgroupParent(String parent) {
        return new Settings(home, dataDir, cacheDir, runscPath, platform, runscFlags, parent, sandboxUid,
                memoryOverheadBytes, concurrency, queue, maxRequestBytes, maxFiles, maxFileBytes, maxTotalFileBytes,
                mirror, suite, runDefaults, runMaximum, compileDefaults, compileMaximum, compileCacheBytes);
    }

    public Settings withRunscPath(String runsc) {
        return new Settings(home, dataDir, cacheDir, runsc, platform, runscFlags, cgroupParent, sandboxUid,
                memoryOverheadBytes, concurrency, queue, maxRequestBytes, maxFiles, maxFileBytes, maxTotalFileBytes,
                mirror, suite, runDefaults, runMaximum, compileDefaults, compileMaximum, compileCacheBytes);
    }

    public Settings withAdmission(int newConcurrency, int newQueue) {
        return new Settings(home, dataDir, cacheDir, runscPath, platform, runscFlags, cgroupParent, sandboxUid,
                memoryOverheadBytes, newConcurrency, newQueue, maxRequestBytes, maxFiles, maxFileBytes, maxTotalFileBytes,
                mirror, suite, runDefaults, runMaximum, compileDefaults, compileMaximum, compileCacheBytes);
    }

    public Settings withCompileCacheBytes(long bytes) {
        return new Settings(home, dataDir, cacheDir, runscPath, platform, runscFlags, cgroupParent, sandboxUid,
                memoryOverheadBytes, concurrency, queue, maxRequestBytes, maxFiles, maxFileBytes, maxTotalFileBytes,
                mirror, suite, runDefaults, runMaximum, compileDefaults, compileMaximum, bytes);
    }
}
