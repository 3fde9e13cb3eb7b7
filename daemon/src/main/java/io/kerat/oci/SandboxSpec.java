package io.kerat.oci;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link SpecBuilder} needs to write one sandbox's config.json.
 *
 * @param rootfs       shared read-only root filesystem on the host
 * @param argv         the program and its arguments
 * @param env          the whole environment of the program (nothing is inherited from the daemon)
 * @param cwd          working directory inside the sandbox
 * @param uid          user and group the program runs as
 * @param mounts       bind mounts, on top of the standard ones
 * @param tmpBytes     size of /tmp and /dev/shm
 * @param nproc        RLIMIT_NPROC
 * @param nofile       RLIMIT_NOFILE
 * @param fsizeBytes   RLIMIT_FSIZE
 * @param cgroupsPath  absolute cgroup path the daemon created
 * @param hostname     hostname inside
 */
public record SandboxSpec(Path rootfs, List<String> argv, Map<String, String> env, String cwd, int uid,
                          List<Mount> mounts, long tmpBytes, long nproc, long nofile, long fsizeBytes,
                          String cgroupsPath, String hostname) {
}
