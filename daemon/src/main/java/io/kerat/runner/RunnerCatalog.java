package io.kerat.runner;

import io.kerat.util.Json;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** All runners under {@code runners/}, by id and alias (case-insensitive). */
public final class RunnerCatalog {
    private final Map<String, RunnerDef> byId = new TreeMap<>();
    private final Map<String, RunnerDef> byName = new LinkedHashMap<>();

    public RunnerCatalog(Collection<RunnerDef> runners) {
        for (RunnerDef r : runners) {
            byId.put(r.language(), r);
            byName.put(r.language().toLowerCase(Locale.ROOT), r);
            for (String a : r.aliases()) {
                RunnerDef prev = byName.putIfAbsent(a.toLowerCase(Locale.ROOT), r);
                if (prev != null && prev != r) {
                    throw new IllegalArgumentException("alias " + a + " names both " + prev.language() + " and " + r.language());
                }
            }
        }
    }

    public static RunnerCatalog load(Path runnersDir) throws IOException {
        List<RunnerDef> list = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runnersDir, Files::isDirectory)) {
            for (Path d : s) {
                Path f = d.resolve("runner.json");
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                RunnerDef r;
                try {
                    r = Json.mapper().readValue(f.toFile(), RunnerDef.class);
                } catch (IOException e) {
                    throw new IOException("bad runner definition " + f + ": " + e.getMessage(), e);
                }
                if (!d.getFileName().toString().equals(r.language())) {
                    throw new IOException(f + ": language '" + r.language() + "' must match its directory");
                }
                if (r.run() == null || r.run().argv() == null || r.run().argv().isEmpty()) {
                    throw new IOException(f + ": \"run.argv\" is required");
                }
                for (String tool : r.requires()) {
                    if (!tool.matches("[A-Za-z0-9_.+/-]{1,128}")) {
                        throw new IOException(f + ": requires: '" + tool + "' is not a program name");
                    }
                }
                if (r.prestart() != null && r.prestart().stream().anyMatch(a -> a == null || a.isEmpty())) {
                    throw new IOException(f + ": \"prestart\" is the argv of a pooled sandbox's init (no empty words)");
                }
                checkDefaults(f, "test", r.test() == null ? Map.of() : r.test().defaultLimits());
                checkDefaults(f, "run", r.run().defaultLimits());
                checkDefaults(f, "compile", r.compile() == null ? Map.of() : r.compile().defaultLimits());
                list.add(new RunnerDef(r.language(), r.aliases() == null ? List.of() : r.aliases(), r.image(),
                        r.extensions() == null ? List.of() : r.extensions(), r.env() == null ? Map.of() : r.env(),
                        r.compile(), r.run(), r.test(), r.requires(), r.prestart()));
            }
        }
        return new RunnerCatalog(list);
    }

    /** A stage's {@code default_limits}: known limit names, positive values. */
    private static void checkDefaults(Path f, String stage, Map<String, Long> d) throws IOException {
        for (Map.Entry<String, Long> e : d.entrySet()) {
            if (!RunnerDef.TestCommand.LIMIT_NAMES.contains(e.getKey()) || e.getValue() == null || e.getValue() <= 0) {
                throw new IOException(f + ": " + stage + ".default_limits." + e.getKey() + " must be one of "
                        + RunnerDef.TestCommand.LIMIT_NAMES + " with a positive value");
            }
        }
    }

    public Optional<RunnerDef> find(String nameOrAlias) {
        if (nameOrAlias == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(nameOrAlias.toLowerCase(Locale.ROOT)));
    }

    public Collection<RunnerDef> all() {
        return byId.values();
    }
}
