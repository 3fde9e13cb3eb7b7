package io.kerat.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

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

    /** Settings from a flat map of {@code KERAT_*} keys (the environment, or a config file flattened). */
    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public static Settings fromEnvironment(Map<String, String> env) {
        Reader r = new Reader(env);
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
        Map<String, Map<String, StageLimits>> perLanguage = new TreeMap<>();
        for (String key : env.keySet()) {
            if (key.startsWith("KERAT_LANG_")) {
                String rest = key.substring("KERAT_LANG_".length());
                int cut = rest.indexOf("_RUN_") >= 0 ? rest.indexOf("_RUN_") : rest.indexOf("_COMPILE_");
                if (cut <= 0) {
                    throw new ConfigException(ConfigFile.name(key) + ": unknown key");
                }
                String lang = rest.substring(0, cut).toLowerCase(Locale.ROOT);
                if (perLanguage.containsKey(lang)) {
                    continue;
                }
                Map<String, StageLimits> stages = new LinkedHashMap<>();
                String p = "LANG_" + rest.substring(0, cut) + "_";
                stages.put("run", new StageLimits(r.limits(p + "RUN_DEFAULT", runD), r.limits(p + "RUN_MAX", runM)));
                stages.put("compile", new StageLimits(r.limits(p + "COMPILE_DEFAULT", compD), r.limits(p + "COMPILE_MAX", compM)));
                perLanguage.put(lang, stages);
            }
        }
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
                pool(r, env),
                defaultVersions(env),
                http(r, maxRequestBytes),
                submissions(r),
                new CasesSettings(casesIsolation(r), r.bool("KERAT_CASES_ALLOW_PROCESS", false)));
        return s;
    }

    private static HttpSettings http(Reader r, long maxRequestBytes) {
        long inflight = r.num("KERAT_HTTP_MAX_INFLIGHT_BYTES", HttpSettings.defaultInflightBytes(maxRequestBytes),
                Limits.MIB, 1L << 40);
        if (inflight < maxRequestBytes) {
            throw new ConfigException(ConfigFile.name("KERAT_HTTP_MAX_INFLIGHT_BYTES") + ": must be at least "
                    + ConfigFile.name("KERAT_MAX_REQUEST_BYTES") + " (" + maxRequestBytes + "), got " + inflight
                    + "; otherwise a request of the allowed size could never be received");
        }
        boolean requireToken = r.bool("KERAT_REQUIRE_TOKEN", false); // serve checks that a token is given
        return new HttpSettings(inflight,
                r.num("KERAT_HTTP_REQUEST_TIMEOUT_MS", HttpSettings.DEFAULT_REQUEST_TIMEOUT_MS, 100, 3_600_000),
                r.num("KERAT_HTTP_IDLE_TIMEOUT_MS", HttpSettings.DEFAULT_IDLE_TIMEOUT_MS, 100, 86_400_000),
                r.num("KERAT_HTTP_RESPONSE_TIMEOUT_MS", HttpSettings.DEFAULT_RESPONSE_TIMEOUT_MS, 100, 3_600_000),
                (int) r.num("KERAT_HTTP_MAX_CONNECTIONS", HttpSettings.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
                requireToken);
    }

    private static String casesIsolation(Reader r) {
        String v = r.str("KERAT_CASES_ISOLATION", "sandbox").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("sandbox") && !v.equals("process")) {
            throw new ConfigException(ConfigFile.name("KERAT_CASES_ISOLATION") + ": must be sandbox or process, got '" + v + "'");
        }
        return v;
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

    private static SubmissionSettings submissions(Reader r) {
        String allow = r.str("KERAT_CALLBACK_ALLOW", String.join(",", SubmissionSettings.DEFAULT_CALLBACK_ALLOW));
        List<String> entries = new java.util.ArrayList<>();
        for (String e : allow.split(",")) {
            if (!e.isBlank()) {
                entries.add(e.trim());
            }
        }
        try {
            io.kerat.submissions.CallbackAllowlist.parse(entries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigFile.name("KERAT_CALLBACK_ALLOW") + ": " + e.getMessage());
        }
        // the store (issue 16): embedded SQLite, or PostgreSQL shared by several hosts
        String store = r.str("KERAT_STORE", "sqlite").trim();
        if (store.isEmpty() || store.equalsIgnoreCase("sqlite")) {
            store = null;
        } else if (!io.kerat.submissions.PostgresUrl.isPostgres(store)) {
            throw new ConfigException(ConfigFile.name("KERAT_STORE") + ": sqlite (the default) or a PostgreSQL URL"
                    + " (postgresql://user:password@host:port/database), not " + store.replaceAll(":[^:@/]*@", ":***@"));
        } else {
            try {
                io.kerat.submissions.PostgresUrl.parse(store, null);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ConfigFile.name("KERAT_STORE") + ": " + e.getMessage());
            }
        }
        long leaseMs = r.num("KERAT_STORE_LEASE_MS", SubmissionSettings.DEFAULT_LEASE_MS, 1_000, 3_600_000);
        long renewMs = r.num("KERAT_STORE_RENEW_MS", Math.min(SubmissionSettings.DEFAULT_LEASE_RENEW_MS, leaseMs / 3),
                100, 3_600_000);
        if (renewMs * 2 > leaseMs) {
            throw new ConfigException(ConfigFile.name("KERAT_STORE_RENEW_MS") + ": " + renewMs + " ms is more than half of "
                    + ConfigFile.name("KERAT_STORE_LEASE_MS") + " (" + leaseMs + " ms): a lease would expire between renewals");
        }
        return new SubmissionSettings(
                (int) r.num("KERAT_SUBMISSIONS_MAX_QUEUED", SubmissionSettings.DEFAULT_MAX_QUEUED, 1, 10_000_000),
                r.num("KERAT_SUBMISSIONS_MAX_ROWS", SubmissionSettings.DEFAULT_MAX_ROWS, 1, 1L << 40),
                r.num("KERAT_SUBMISSIONS_MAX_BYTES", SubmissionSettings.DEFAULT_MAX_BYTES, Limits.MIB, 1L << 44),
                r.num("KERAT_SUBMISSIONS_RETENTION_MS", SubmissionSettings.DEFAULT_RETENTION_MS, 1_000, 366 * 86_400_000L),
                (int) r.num("KERAT_CALLBACK_ATTEMPTS", SubmissionSettings.DEFAULT_CALLBACK_ATTEMPTS, 1, 20),
                r.num("KERAT_CALLBACK_BACKOFF_MS", SubmissionSettings.DEFAULT_CALLBACK_BACKOFF_MS, 10, 3_600_000),
                r.num("KERAT_CALLBACK_TIMEOUT_MS", SubmissionSettings.DEFAULT_CALLBACK_TIMEOUT_MS, 100, 120_000),
                entries, store, r.str("KERAT_STORE_PASSWORD", null), leaseMs, renewMs);
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

    /** Keys under KERAT_POOL_ that are settings, not a language's pool size. */
    private static final List<String> POOL_KEYS = List.of("KERAT_POOL_MEMORY_BYTES", "KERAT_POOL_MIN_AVAILABLE_BYTES",
            "KERAT_POOL_AUTO");

    private static PoolSettings pool(Reader r, Map<String, String> env) {
        Map<String, Integer> sizes = new TreeMap<>();
        for (String key : env.keySet()) {
            if (key.startsWith("KERAT_POOL_") && !POOL_KEYS.contains(key)) {
                sizes.put(key.substring("KERAT_POOL_".length()).toLowerCase(Locale.ROOT),
                        (int) r.num(key, 0, 0, PoolSettings.MAX_SIZE));
            }
        }
        // `pool: auto|off` (KERAT_POOL) or `pool.auto: true|false` (KERAT_POOL_AUTO, which wins)
        String key = env.containsKey("KERAT_POOL_AUTO") ? "KERAT_POOL_AUTO" : "KERAT_POOL";
        String v = r.str(key, "auto").trim().toLowerCase(Locale.ROOT);
        boolean auto = switch (v) {
            case "auto", "true", "yes", "on", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw new ConfigException(ConfigFile.name(key) + ": must be auto or off, got '" + v + "'");
        };
        return new PoolSettings(auto, sizes,
                r.num("KERAT_POOL_MEMORY_BYTES", PoolSettings.DEFAULT_MEMORY_BYTES, 0, 1L << 44),
                r.num("KERAT_POOL_MIN_AVAILABLE_BYTES", PoolSettings.DEFAULT_MIN_AVAILABLE_BYTES, 0, 1L << 44));
    }

    /** The admin's own pool sizes per language (the automatic ones are chosen at start-up, see PoolSizing). */
    public Map<String, Integer> pools() {
        return pool.sizes();
    }

    public long poolMemoryBytes() {
        return pool.memoryBytes();
    }

    /** Parses and validates values, naming the key (as written in kerat.yaml or the environment) on failure. */
    private record Reader(Map<String, String> env) {
        String str(String key, String dflt) {
            String v = env.get(key);
            return v == null ? dflt : v;
        }

        Path path(String key, String dflt) {
            String v = str(key, dflt);
            Path p = anyPath(key, v);
            if (!p.isAbsolute()) {
                throw new ConfigException(ConfigFile.name(key) + ": must be an absolute path, got '" + v + "'");
            }
            return p;
        }

        Path anyPath(String key) {
            return anyPath(key, env.get(key));
        }

        private static Path anyPath(String key, String v) {
            try {
                return Path.of(v);
            } catch (java.nio.file.InvalidPathException e) {
                throw new ConfigException(ConfigFile.name(key) + ": not a path (" + e.getReason() + ")");
            }
        }

        long num(String key, long dflt, long min, long max) {
            String v = env.get(key);
            if (v == null || v.isBlank()) {
                return dflt;
            }
            long n;
            try {
                n = Long.parseLong(v.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new ConfigException(ConfigFile.name(key) + ": must be an integer, got '" + v + "'");
            }
            if (n < min || n > max) {
                throw new ConfigException(ConfigFile.name(key) + ": must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        }

        boolean bool(String key, boolean dflt) {
            String v = env.get(key);
            if (v == null || v.isBlank()) {
                return dflt;
            }
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new ConfigException(ConfigFile.name(key) + ": must be true or false, got '" + v + "'");
            };
        }

        double dbl(String key, double dflt) {
            String v = env.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                double d = Double.parseDouble(v.trim());
                if (!(d > 0) || d > 1024) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException(ConfigFile.name(key) + ": must be a positive number of CPUs, got '" + v + "'");
            }
        }

        Limits limits(String prefix, Limits base) {
            Function<String, String> k = f -> "KERAT_LIMITS_" + prefix + "_" + f.toUpperCase(Locale.ROOT);
            if (prefix.startsWith("LANG_")) {
                k = f -> "KERAT_" + prefix + "_" + f.toUpperCase(Locale.ROOT);
            }
            return new Limits(
                    num(k.apply("wall_time_ms"), base.wallTimeMs(), 1, 86_400_000),
                    num(k.apply("cpu_time_ms"), base.cpuTimeMs(), 1, 86_400_000),
                    num(k.apply("memory_bytes"), base.memoryBytes(), 16 * Limits.MIB, 1L << 44),
                    num(k.apply("processes"), base.processes(), 1, 1 << 20),
                    num(k.apply("output_bytes"), base.outputBytes(), 1, 1L << 31),
                    num(k.apply("file_size_bytes"), base.fileSizeBytes(), 1, 1L << 44),
                    num(k.apply("disk_bytes"), base.diskBytes(), Limits.MIB, 1L << 44),
                    num(k.apply("open_files"), base.openFiles(), 16, 1 << 20),
                    dbl(k.apply("cpus"), base.cpus()));
        }
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
