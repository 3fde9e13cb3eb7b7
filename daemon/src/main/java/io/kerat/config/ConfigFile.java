package io.kerat.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code kerat.yaml} into the same flat {@code KERAT_*} keys as the environment (which overrides it).
 * Every key is known: an unknown one, a list where a value belongs, or a bad value names the key and the reason.
 */
public final class ConfigFile {
    /** YAML paths (dotted) of plain settings, and the environment variable each one stands for. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static final Map<String, String> NAMES = new LinkedHashMap<>();
    private static final Set<String> STAGES = Set.of("run", "compile");
    private static final Set<String> KINDS = Set.of("default", "max");

    static {
        key("listen", "KERAT_LISTEN");
        key("socket", "KERAT_SOCKET");
        key("socket_group", "KERAT_SOCKET_GROUP");
        key("token", "KERAT_TOKEN");
        key("home", "KERAT_HOME");
        key("data_dir", "KERAT_DATA_DIR");
        key("cache_dir", "KERAT_CACHE_DIR");
        key("runsc.path", "KERAT_RUNSC");
        key("runsc.platform", "KERAT_PLATFORM");
        key("runsc.flags", "KERAT_RUNSC_FLAGS");
        key("cgroup_parent", "KERAT_CGROUP_PARENT");
        key("sandbox_uid", "KERAT_SANDBOX_UID");
        key("memory_overhead_bytes", "KERAT_MEMORY_OVERHEAD_BYTES");
        key("concurrency", "KERAT_CONCURRENCY");
        key("queue", "KERAT_QUEUE");
        key("max_request_bytes", "KERAT_MAX_REQUEST_BYTES");
        key("max_files", "KERAT_MAX_FILES");
        key("max_file_bytes", "KERAT_MAX_FILE_BYTES");
        key("max_total_file_bytes", "KERAT_MAX_TOTAL_FILE_BYTES");
        key("images.mirror", "KERAT_MIRROR");
        key("images.suite", "KERAT_SUITE");
        key("shutdown_grace_ms", "KERAT_SHUTDOWN_GRACE_MS");
        key("compile_cache_bytes", "KERAT_COMPILE_CACHE_BYTES");
        key("pool_memory_bytes", "KERAT_POOL_MEMORY_BYTES");
        key("pool_min_available_bytes", "KERAT_POOL_MIN_AVAILABLE_BYTES");
        key("require_token", "KERAT_REQUIRE_TOKEN");
        key("http.max_inflight_bytes", "KERAT_HTTP_MAX_INFLIGHT_BYTES");
        key("http.request_timeout_ms", "KERAT_HTTP_REQUEST_TIMEOUT_MS");
        key("http.idle_timeout_ms", "KERAT_HTTP_IDLE_TIMEOUT_MS");
        key("http.response_timeout_ms", "KERAT_HTTP_RESPONSE_TIMEOUT_MS");
        key("http.max_connections", "KERAT_HTTP_MAX_CONNECTIONS");
        key("submissions.max_queued", "KERAT_SUBMISSIONS_MAX_QUEUED");
        key("submissions.max_rows", "KERAT_SUBMISSIONS_MAX_ROWS");
        key("submissions.max_bytes", "KERAT_SUBMISSIONS_MAX_BYTES");
        key("submissions.retention_ms", "KERAT_SUBMISSIONS_RETENTION_MS");
        key("store", "KERAT_STORE");
        key("store_lease_ms", "KERAT_STORE_LEASE_MS");
        key("store_renew_ms", "KERAT_STORE_RENEW_MS");
        key("callbacks.allow", "KERAT_CALLBACK_ALLOW");
        key("callbacks.attempts", "KERAT_CALLBACK_ATTEMPTS");
        key("callbacks.backoff_ms", "KERAT_CALLBACK_BACKOFF_MS");
        key("callbacks.timeout_ms", "KERAT_CALLBACK_TIMEOUT_MS");
        key("judge0.enable_submission_delete", "KERAT_JUDGE0_ENABLE_SUBMISSION_DELETE");
        key("judge0.max_number_of_runs", "KERAT_JUDGE0_MAX_NUMBER_OF_RUNS");
        key("cases.isolation", "KERAT_CASES_ISOLATION");
        key("cases.allow_process", "KERAT_CASES_ALLOW_PROCESS");
        // several hosts behind HAProxy (BalancerSettings)
        key("agent_listen", "KERAT_AGENT_LISTEN");
        key("drain_grace_ms", "KERAT_DRAIN_GRACE_MS");
    }

    private static void key(String yaml, String env) {
        KEYS.put(yaml, env);
        NAMES.put(env, yaml);
    }

    private ConfigFile() {}

    /** How a key is named in messages: the YAML path when there is one, with its variable. */
    static String name(String envKey) {
        String yaml = NAMES.get(envKey);
        if (yaml == null) {
            yaml = derivedYaml(envKey);
        }
        return yaml == null ? envKey : yaml + " (" + envKey + ")";
    }

    private static String derivedYaml(String env) {
        if (env.startsWith("KERAT_LIMITS_")) {
            String[] p = env.substring(13).toLowerCase(Locale.ROOT).split("_", 3);
            return p.length == 3 ? "limits." + p[0] + "." + (p[1].equals("default") ? "default" : "max") + "." + p[2] : null;
        }
        if (env.startsWith("KERAT_DEFAULT_VERSION_")) {
            return "default_versions." + env.substring(22).toLowerCase(Locale.ROOT);
        }
        if (env.equals("KERAT_POOL")) {
            return "pool";
        }
        if (env.startsWith("KERAT_POOL_")) {
            return "pool." + env.substring(11).toLowerCase(Locale.ROOT);
        }
        return null;
    }

    public static Map<String, String> load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new ConfigException(file + ": the top level must be a mapping of settings");
        }
        flatten(file, "", root, out);
        return out;
    }

    private static void flatten(Path file, String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (KEYS.containsKey(path)) {
                    throw new ConfigException(file + ": '" + path + "' must be a value, not a mapping");
                }
                flatten(file, path, v, out);
                continue;
            }
            String env = envFor(path);
            if (env == null) {
                throw new ConfigException(file + ": unknown key '" + path + "'" + hint(path));
            }
            if (v.isArray()) {
                if (!path.equals("runsc.flags")) {
                    throw new ConfigException(file + ": '" + path + "' must be a single value, not a list");
                }
                StringBuilder b = new StringBuilder();
                for (JsonNode f : v) {
                    b.append(b.length() > 0 ? " " : "").append(f.asText());
                }
                out.put(env, b.toString());
            } else if (!v.isNull()) {
                out.put(env, v.asText());
            }
        }
    }

    /** The environment key for a YAML path, or null if the path is unknown. */
    static String envFor(String path) {
        if (KEYS.containsKey(path)) {
            return KEYS.get(path);
        }
        if (path.equals("pool")) {
            return "KERAT_POOL"; // `pool: auto` or `pool: off`; a mapping of sizes is flattened to pool.<id>
        }
        String[] p = path.split("\\.");
        if (p.length == 4 && p[0].equals("limits") && STAGES.contains(p[1]) && KINDS.contains(p[2])
                && Settings.LIMIT_FIELDS.contains(p[3])) {
            return "KERAT_LIMITS_" + (p[1] + "_" + p[2] + "_" + p[3]).toUpperCase(Locale.ROOT);
        }
        if (p.length == 5 && p[0].equals("languages") && p[1].matches("[a-z][a-z0-9]*") && STAGES.contains(p[2])
                && KINDS.contains(p[3]) && Settings.LIMIT_FIELDS.contains(p[4])) {
            return "KERAT_LANG_" + (p[1] + "_" + p[2] + "_" + p[3] + "_" + p[4]).toUpperCase(Locale.ROOT);
        }
        if (p.length == 2 && p[0].equals("pool") && p[1].matches("[a-z][a-z0-9]*")) {
            return "KERAT_POOL_" + p[1].toUpperCase(Locale.ROOT);
        }
        if (p.length == 2 && p[0].equals("default_versions") && p[1].matches("[a-z][a-z0-9]*")) {
            return "KERAT_DEFAULT_VERSION_" + p[1].toUpperCase(Locale.ROOT);
        }
        return null;
    }

    private static String hint(String path) {
        String[] p = path.split("\\.");
        if (p.length >= 1 && (p[0].equals("limits") || p[0].equals("languages"))) {
            return "; limits are written limits.<run|compile>.<default|max>.<field> or languages.<id>.<run|compile>."
                    + "<default|max>.<field>, fields: " + String.join(", ", Settings.LIMIT_FIELDS);
        }
        List<String> known = List.copyOf(KEYS.keySet());
        return "; known keys: " + String.join(", ", known) + ", limits.*, languages.*, pool.*, default_versions.*";
    }
}
