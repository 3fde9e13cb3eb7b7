package io.kerat.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerat.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds an OCI runtime-spec config.json for one sandbox: read-only shared root, no terminal, a non-root user
 * with no capabilities, a minimal environment, sized tmpfs for /tmp and /dev/shm, rlimits, namespaces with no
 * network, the daemon's cgroup, and the seccomp profile (applied by runsc when given --oci-seccomp).
 */
public final class SpecBuilder {
    private final JsonNode seccomp;

    public SpecBuilder(JsonNode seccompProfile) {
        this.seccomp = seccompProfile;
    }

    /** Loads a profile such as seccomp/nosocket.json; "comment" fields are dropped. */
    public static JsonNode loadSeccomp(Path profile) throws IOException {
        JsonNode node = Json.mapper().readTree(Files.readAllBytes(profile));
        if (!node.isObject() || !node.has("defaultAction") || !node.path("syscalls").isArray()) {
            throw new IOException("not an OCI seccomp profile: " + profile);
        }
        ObjectNode copy = node.deepCopy();
        for (JsonNode rule : copy.path("syscalls")) {
            ((ObjectNode) rule).remove("comment");
        }
        return copy;
    }

    public ObjectNode build(SandboxSpec s) {
        ObjectMapper m = Json.mapper();
        ObjectNode root = m.createObjectNode();
        root.put("ociVersion", "1.0.2");

        ObjectNode process = root.putObject("process");
        process.put("terminal", false);
        ObjectNode user = process.putObject("user");
        user.put("uid", s.uid());
        user.put("gid", s.uid());
        ArrayNode args = process.putArray("args");
        s.argv().forEach(args::add);
        ArrayNode env = process.putArray("env");
        new TreeMap<>(s.env()).forEach((k, v) -> env.add(k + "=" + v));
        process.put("cwd", s.cwd());
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            caps.putArray(set);
        }
        ArrayNode rlimits = process.putArray("rlimits");
        rlimit(rlimits, "RLIMIT_NPROC", s.nproc());
        rlimit(rlimits, "RLIMIT_NOFILE", s.nofile());
        rlimit(rlimits, "RLIMIT_FSIZE", s.fsizeBytes());
        rlimit(rlimits, "RLIMIT_CORE", 0);
        process.put("noNewPrivileges", true);

        ObjectNode r = root.putObject("root");
        r.put("path", s.rootfs().toString());
        r.put("readonly", true);
        root.put("hostname", s.hostname());

        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        mounts.add(Mount.tmpfs("/tmp", s.tmpBytes(), "1777", 0, 0));
        mounts.add(Mount.tmpfs("/var/tmp", s.tmpBytes(), "1777", 0, 0));
        mounts.add(Mount.tmpfs("/dev/shm", s.tmpBytes(), "1777", 0, 0));
        mounts.addAll(s.mounts());
        root.set("mounts", m.valueToTree(mounts));

        ObjectNode linux = root.putObject("linux");
        ArrayNode ns = linux.putArray("namespaces");
        for (String t : List.of("pid", "network", "ipc", "uts", "mount")) {
            ns.addObject().put("type", t);
        }
        linux.put("cgroupsPath", s.cgroupsPath());
        if (seccomp != null) {
            linux.set("seccomp", seccomp.deepCopy());
        }
        ArrayNode masked = linux.putArray("maskedPaths");
        for (String p : List.of("/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware")) {
            masked.add(p);
        }
        return root;
    }

    private static void rlimit(ArrayNode rlimits, String type, long value) {
        ObjectNode o = rlimits.addObject();
        o.put("type", type);
        o.put("hard", value);
        o.put("soft", value);
    }

    /** A minimal environment: a fixed PATH, HOME in the writable /tmp, a UTF-8 locale, plus the runner's own. */
    public static Map<String, String> baseEnv() {
        return Map.of(
                "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOME", "/tmp",
                "LANG", "C.UTF-8",
                "TMPDIR", "/tmp");
    }
}
