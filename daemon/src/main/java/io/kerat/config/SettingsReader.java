package io.kerat.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Parses and validates values, naming the key (as written in kerat.yaml or the environment) on failure. */
record SettingsReader(Map<String, String> env) {
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
