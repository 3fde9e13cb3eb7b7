package io.kerat.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's memory as /proc/meminfo tells it, and the warm pool's threshold: below {@code minAvailableBytes} of
 * MemAvailable the pool neither starts nor keeps idle sandboxes. The threshold can be changed while running (an
 * integration test sets it above what the host has to see the pool drain, without filling the host's RAM).
 */
final class HostMemory {
    private final Path meminfo;
    private volatile long minAvailableBytes;

    HostMemory(Path meminfo, long minAvailableBytes) {
        this.meminfo = meminfo;
        this.minAvailableBytes = minAvailableBytes;
    }

    static HostMemory system(long minAvailableBytes) {
        return new HostMemory(Path.of("/proc/meminfo"), minAvailableBytes);
    }

    long minAvailableBytes() {
        return minAvailableBytes;
    }

    void minAvailableBytes(long bytes) {
        this.minAvailableBytes = bytes;
    }

    /** MemAvailable in bytes, or -1 when it cannot be read (then the pool is not held back). */
    long available() {
        return field("MemAvailable:");
    }

    /** MemTotal in bytes, or 0 when unknown. */
    long total() {
        return Math.max(0, field("MemTotal:"));
    }

    /** Whether the host is below the threshold now. */
    boolean low() {
        long a = available();
        return a >= 0 && a < minAvailableBytes;
    }

    /** Whether starting something of {@code bytes} keeps the host at or above the threshold (hysteresis: no flapping). */
    boolean roomFor(long bytes) {
        long a = available();
        return a < 0 || a - bytes >= minAvailableBytes;
    }

    private long field(String name) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith(name)) {
                    String[] p = line.substring(name.length()).trim().split("\\s+");
                    long v = Long.parseLong(p[0]);
                    return p.length > 1 && p[1].equalsIgnoreCase("kB") ? v * 1024 : v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an odd file: unknown
        }
        return -1;
    }
}
