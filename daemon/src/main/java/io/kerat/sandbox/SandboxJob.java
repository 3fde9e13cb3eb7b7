package io.kerat.sandbox;

import io.kerat.config.Limits;
import io.kerat.oci.SandboxSpec;

import java.nio.file.Path;

/**
 * One sandbox to run.
 *
 * @param id        runsc container id and cgroup name (unique, daemon-generated)
 * @param bundleDir daemon-owned directory where config.json is written (never visible inside)
 * @param spec      what goes into config.json (its cgroupsPath is filled in by the runner)
 * @param limits    the stage's limits
 * @param stdin     bytes delivered on the program's standard input, then closed
 * @param streams   live output and streamed stdin (null: none; see {@link StageStreams})
 */
public record SandboxJob(String id, Path bundleDir, SandboxSpec spec, Limits limits, byte[] stdin,
                         StageStreams streams) {
    public SandboxJob(String id, Path bundleDir, SandboxSpec spec, Limits limits, byte[] stdin) {
        this(id, bundleDir, spec, limits, stdin, null);
    }
}
