package io.kerat.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable daemon settings. {@link #fromEnvironment()} reads {@code /etc/kerat/kerat.yaml} (or
 * {@code KERAT_CONFIG}) and then the {@code KERAT_*} environment variables, which override the file.
 *
 * @param home                runners/, seccomp/ and oci-bundles/ (the repo, or /opt/kerat)
 * @param dataDir             images, run directories and the runsc state root
 * @param cacheDir            built rootfs tarballs, kept across rebuilds of the data dir
 * @param runscPath           the runsc binary
 * @param platform            runsc --platform: ptrace, systrap, kvm, or auto (the default: systrap when runsc is new
 *                            enough and a probe sandbox works, else ptrace; {@code io.kerat.sandbox.PlatformChoice}
 *                            decides once at start-up and the daemon then runs on {@link #withPlatform} of the choice;
 *                            never kvm by default: it hangs on nested VMs)
 * @param runscFlags          extra global runsc flags, passed to every subcommand
 * @param cgroupParent        the daemon's cgroup subtree, under each controller (v1) or the unified root (v2)
 * @param sandboxUid          uid and gid programs run as
 * @param memoryOverheadBytes added to a run's memory limit for gVisor's own sentry and gofer
 * @param concurrency         sandboxes run at once
 * @param queue               requests waiting for a slot before 503
 * @param maxRequestBytes     HTTP body cap
 * @param maxFiles            files per request
 * @param maxFileBytes        bytes per decoded file
 * @param maxTotalFileBytes   bytes of all decoded files together
 * @param mirror              Debian mirror for image builds
 * @param suite               Debian suite for image builds
 * @param runDefaults         run-stage limits when a request names none
 * @param runMaximum          run-stage admin maxima; larger requests are clamped
 * @param compileDefaults     compile-stage limits
 * @param compileMaximum      compile-stage admin maxima
 * @param languageLimits      per-language overrides: language -> "run"/"compile" -> limits
 * @param listen              TCP HOST:PORT, or "" for none
 * @param socket              Unix socket path, or null for none
 * @param socketGroup         group owning the socket
 * @param token               bearer token for TCP listeners beyond loopback
 * @param shutdownGraceMs     on SIGTERM, how long in-flight runs may finish
 * @param compileCacheBytes   size bound of the compile cache (0: off)
 * @param pool                the warm pool: automatic or admin-given sizes, memory budget, memory-pressure threshold
 * @param defaultVersions     the admin's default version (or prefix) per language, when several are installed
 * @param http                the HTTP front door: in-flight body budget, timeouts, connection cap, token on loopback
 * @param submissions         stored asynchronous submissions: bounds, retention, callbacks and their allowlist
 * @param cases               how a cases-mode request's cases are kept apart: the default isolation ({@code sandbox},
 *                            one sandbox per case, or {@code process}, a fresh process per case in one sandbox) and
 *                            whether a request may ask for {@code process} itself
 */
public record Settings(Path home, Path dataDir, Path cacheDir, String runscPath, String platform,
                       List<String> runscFlags, String cgroupParent, int sandboxUid, long memoryOverheadBytes,
                       int concurrency, int queue, long maxRequestBytes, int maxFiles, long maxFileBytes,
                       long maxTotalFileBytes, String mirror, String suite,
                       Limits runDefaults, Limits runMaximum, Limits compileDefaults, Limits compileMaximum,
                       Map<String, Map<String, StageLimits>> languageLimits, String listen, String socket,
                       String socketGroup, String token, long shutdownGraceMs, long compileCacheBytes,
                       PoolSettings pool, Map<String, String> defaultVersions,
                       HttpSettings http, SubmissionSettings submissions, CasesSettings cases) {

    public static final Path DEFAULT_CONFIG = Path.of("/etc/kerat/kerat.yaml");
    static final List<String> LIMIT_FIELDS = List.of("wall_time_ms", "cpu_time_ms", "memory_bytes", "processes",
            "output_bytes", "file_size_bytes", "disk_bytes", "open_files", "cpus");

    public static Settings fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path file = Path.of(env.getOrDefault("KERAT_CONFIG", DEFAULT_CONFIG.toString()));
        Map<String, String> merged = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            merged.putAll(ConfigFile.load(file));
        } else if (env.containsKey("KERAT_CONFIG")) {
            throw new ConfigException("KERAT_CONFIG names " + file + ", which does not exist");
        }
        merged.putAll(env);
        return fromEnvironment(merged);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Settings from a flat map of {@code KERAT_*} keys (the environment, or a config file flattened). */
    public static Settings fromEnvironment(Map<String, String> env) {
        SettingsReader r = new SettingsReader(env);
        Path home = env.containsKey("KERAT_HOME") ? r.anyPath("KERAT_HOME") : locateHome();
        int cores = Runtime.getRuntime().availableProcessors();
        String flags = r.str("KERAT_RUNSC_FLAGS", "");
        String platform = r.str("KERAT_PLATFORM", "auto");
        if (!List.of("auto", "ptrace", "kvm", "systrap").contains(platform)) {
            throw new ConfigException(ConfigFile.name("KERAT_PLATFORM") + ": must be auto, ptrace, systrap or kvm, got '" + platform + "'");
        }
        Limits runD = r.limits("RUN_DEFAULT", Limits.runDefaults());
        Limits runM = r.limits("RUN_MAX", Limits.runMaximum());
        Limits compD = r.limits("COMPILE_DEFAULT", Limits.compileDefaults());
        Limits compM = r.limits("COMPILE_MAX", Limits.compileMaximum());
        Map<String, Map<String, StageLimits>> perLanguage = LanguageLimits.read(r, env, runD, runM, compD, compM);
        long maxRequestBytes = r.num("KERAT_MAX_REQUEST_BYTES", 16 * Limits.MIB, 1024, Integer.MAX_VALUE);
        Settings s = new Settings(
                home.toAbsolutePath().normalize(),
                r.path("KERAT_DATA_DIR", "/var/lib/kerat"),
                r.path("KERAT_CACHE_DIR", "/var/cache/kerat"),
                r.str("KERAT_RUNSC", "runsc"),
                platform,
                flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+")),
                r.str("KERAT_CGROUP_PARENT", "kerat"),
                (int) r.num("KERAT_SANDBOX_UID", 65534, 1, 1L << 31),
                r.num("KERAT_MEMORY_OVERHEAD_BYTES", 64 * Limits.MIB, 0, 1L << 40),
                (int) r.num("KERAT_CONCURRENCY", cores, 1, 1024),
                (int) r.num("KERAT_QUEUE", 64, 0, 100_000),
                maxRequestBytes,
                (int) r.num("KERAT_MAX_FILES", 200, 1, 100_000),
                r.num("KERAT_MAX_FILE_BYTES", 4 * Limits.MIB, 1, 1L << 34),
                r.num("KERAT_MAX_TOTAL_FILE_BYTES", 8 * Limits.MIB, 1, 1L << 34),
                r.str("KERAT_MIRROR", "http://deb.debian.org/debian"),
                r.str("KERAT_SUITE", "trixie"),
                runD, runM, compD, compM, perLanguage,
                r.str("KERAT_LISTEN", "127.0.0.1:31415"),
                blankToNull(env.get("KERAT_SOCKET")), // "" (socket: "" in the file) is no socket, as listen's ""
                r.str("KERAT_SOCKET_GROUP", "kerat"),
                env.get("KERAT_TOKEN"),
                r.num("KERAT_SHUTDOWN_GRACE_MS", 20_000, 0, 3_600_000),
                r.num("KERAT_COMPILE_CACHE_BYTES", 1024 * Limits.MIB, 0, 1L << 44),
                PoolSettings.read(r, env),
                defaultVersions(env),
                HttpSettings.read(r, maxRequestBytes),
                SubmissionSettings.read(r),
                CasesSettings.read(r));
        return s;
    }

    /** The default isolation of cases ({@code sandbox} or {@code process}). */
    public String casesIsolation() {
        return cases.isolation();
    }

    public Settings withCasesIsolation(String isolation) {
        return new Settings(home, dataDir, cacheDir, runscPath, platform, runscFlags, cgroupParent, sandboxUid,
                memoryOverheadBytes, concurrency, queue, maxRequestBytes, maxFiles, maxFileBytes, maxTotalFileBytes,
                mirror, suite, runDefaults, runMaximum, compileDefaults, compileMaximum, languageLimits, listen, socket,
                socketGroup, token, shutdownGraceMs, compileCacheBytes, pool, defaultVersions, http,
                submissions, new CasesSettings(isolation, cases.allowProcess()));
    }

    private static Map<String, String> defaultVersions(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("KERAT_DEFAULT_VERSION_") && !e.getValue().isBlank()) {
                String v = e.getValue().trim();
                if (!v.matches("[A-Za-z0-9.*+~_-]{1,64}")) {
                    throw new ConfigException(ConfigFile.name(e.getKey()) + ": not a version or prefix: '" + v + "'");
                }
                out.put(e.getKey().substring("KERAT_DEFAULT_VERSION_".length()).toLowerCase(Locale.ROOT), v);
            }
        }
        return Map.copyOf(out);
    }

    /** The admin's own pool sizes per language (the automatic ones are chosen at start-up, see PoolSizing). */
    public Map<String, Integer> pools() {
        return pool.sizes();
    }

    public long poolMemoryBytes() {
        return pool.memoryBytes();
    }

    /** The limits for a language and stage ("run" or "compile"), with per-language overrides applied. */
    public StageLimits limitsFor(String language, String stage) {
        Map<String, StageLimits> l = languageLimits.get(language);
        if (l != null && l.containsKey(stage)) {
            return l.get(stage);
        }
        return stage.equals("compile") ? new StageLimits(compileDefaults, compileMaximum) : new StageLimits(runDefaults, runMaximum);
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

    private Settings copy(Path dir, String parent, String runsc, int conc, int q) {
        return copy(dir, parent, runsc, platform, conc, q);
    }

    private Settings copy(Path dir, String parent, String runsc, String platform, int conc, int q) {
        return new Settings(home, dir, cacheDir, runsc, platform, runscFlags, parent, sandboxUid, memoryOverheadBytes,
                conc, q, maxRequestBytes, maxFiles, maxFileBytes, maxTotalFileBytes, mirror, suite, runDefaults,
                runMaximum, compileDefaults, compileMaximum, languageLimits, listen, socket, socketGroup, token,
                shutdownGraceMs, compileCacheBytes, pool, defaultVersions, http, submissions,
                cases);
    }

    public Settings withDataDir(Path dir) {
        return copy(dir, cgroupParent, runscPath, concurrency, queue);
    }

    public Settings withCgroupParent(String parent) {
        return copy(dataDir, parent, runscPath, concurrency, queue);
    }

    public Settings withRunscPath(String runsc) {
        return copy(dataDir, cgroupParent, runsc, concurrency, queue);
    }

    /** The same settings on a concrete platform (the daemon's, once {@code auto} is decided). */
    public Settings withPlatform(String p) {
        return copy(dataDir, cgroupParent, runscPath, p, concurrency, queue);
    }

    public Settings withAdmission(int newConcurrency, int newQueue) {
        return copy(dataDir, cgroupParent, runscPath, newConcurrency, newQueue);
    }

    public Settings withCompileCacheBytes(long bytes) {
        return new Settings(home, dataDir, cacheDir, runscPath, platform, runscFlags, cgroupParent, sandboxUid,
                memoryOverheadBytes, concurrency, queue, maxRequestBytes, maxFiles, maxFileBytes, maxTotalFileBytes,
                mirror, suite, runDefaults, runMaximum, compileDefaults, compileMaximum, languageLimits, listen, socket,
                socketGroup, token, shutdownGraceMs, bytes, pool, defaultVersions, http, submissions,
                cases);
    }
}
