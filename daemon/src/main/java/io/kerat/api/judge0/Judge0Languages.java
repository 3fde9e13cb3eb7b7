package io.kerat.api.judge0;

import io.kerat.image.RuntimeVersions;
import io.kerat.runner.RunnerDef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Judge0 view of the installed languages. Each language's default version has Judge0 CE's well-known id
 * (C 50, C++ 54, C# 51, Go 60, Java 62, JavaScript 63, PHP 68, Python 71, Ruby 72, Bash 46, Haskell 61, Lua 64,
 * Fortran 59, Pascal 67, Rust 73, TypeScript 74, OCaml 65, Kotlin 78, R 80, Swift 83, Perl 85); every other installed version
 * has the stable id {@code base * 10000 + major * 100 + min(minor, 99)} (Python 3.11.2: 710311; Java 21.0.1: 622100),
 * so a client can pin one without asking. Two installed versions with the same major.minor share an id: the higher
 * patch wins.
 */
public final class Judge0Languages {
    /** Judge0's well-known id, name pattern and source file name of each Kerat language. */
    record Known(int id, String label, String sourceFile) {
    }

    static final Map<String, Known> KNOWN = Map.ofEntries(
            Map.entry("bash", new Known(46, "Bash (%s)", "script.sh")),
            Map.entry("c", new Known(50, "C (GCC %s)", "main.c")),
            Map.entry("cpp", new Known(54, "C++ (GCC %s)", "main.cpp")),
            Map.entry("csharp", new Known(51, "C# (Mono %s)", "Main.cs")),
            Map.entry("fortran", new Known(59, "Fortran (GFortran %s)", "main.f90")),
            Map.entry("go", new Known(60, "Go (%s)", "main.go")),
            Map.entry("haskell", new Known(61, "Haskell (GHC %s)", "main.hs")),
            Map.entry("java", new Known(62, "Java (OpenJDK %s)", "Main.java")),
            Map.entry("kotlin", new Known(78, "Kotlin (%s)", "Main.kt")),
            Map.entry("lua", new Known(64, "Lua (%s)", "script.lua")),
            Map.entry("ocaml", new Known(65, "OCaml (%s)", "script.ml")),
            Map.entry("node", new Known(63, "JavaScript (Node.js %s)", "script.js")),
            Map.entry("pascal", new Known(67, "Pascal (FPC %s)", "main.pas")),
            Map.entry("perl", new Known(85, "Perl (%s)", "script.pl")),
            Map.entry("php", new Known(68, "PHP (%s)", "script.php")),
            Map.entry("python", new Known(71, "Python (%s)", "script.py")),
            Map.entry("r", new Known(80, "R (%s)", "script.r")),
            Map.entry("ruby", new Known(72, "Ruby (%s)", "script.rb")),
            Map.entry("rust", new Known(73, "Rust (%s)", "main.rs")),
            Map.entry("swift", new Known(83, "Swift (%s)", "Main.swift")),
            Map.entry("typescript", new Known(74, "TypeScript (%s)", "script.ts")));

    /**
     * Judge0 CE 1.13's other ids of the same languages (older compilers there), served by the default version here:
     * C 48 and 49 (GCC 7.4, 8.3), C++ 52 and 53 (GCC 7.4, 8.3). Judge0's Python SDK sends 52 for C++.
     */
    static final Map<Integer, Integer> ALIASES = Map.of(48, 50, 49, 50, 52, 54, 53, 54);

    private final Map<Integer, Judge0Language> byId;

    private Judge0Languages(Map<Integer, Judge0Language> byId) {
        this.byId = byId;
    }

    /** The table for these runners, given each one's installed versions. */
    public static Judge0Languages of(Collection<RunnerDef> runners, Function<RunnerDef, RuntimeVersions> versions) {
        Map<Integer, Judge0Language> out = new LinkedHashMap<>();
        List<RunnerDef> sorted = new ArrayList<>(runners);
        sorted.sort(Comparator.comparing(RunnerDef::language));
        for (RunnerDef r : sorted) {
            Known k = KNOWN.get(r.language());
            if (k == null) {
                continue;
            }
            RuntimeVersions v = versions.apply(r);
            if (v == null) {
                continue;
            }
            for (RuntimeVersions.Installed i : v.installed()) { // highest version first
                int id = i.isDefault() ? k.id() : idOf(k.id(), i.version());
                if (out.containsKey(id)) {
                    continue;
                }
                out.put(id, new Judge0Language(id, String.format(k.label(), i.version()), k.sourceFile(),
                        r.compile() == null ? null : String.join(" ", r.compile().argv()) + " " + k.sourceFile(),
                        String.join(" ", r.run().argv()).replace("{entrypoint}", k.sourceFile()),
                        r.language(), i.version()));
            }
        }
        for (Map.Entry<Integer, Integer> a : ALIASES.entrySet()) {
            Judge0Language target = out.get(a.getValue());
            if (target != null && !out.containsKey(a.getKey())) {
                out.put(a.getKey(), new Judge0Language(a.getKey(), target.name(), target.sourceFile(),
                        target.compileCmd(), target.runCmd(), target.language(), target.version()));
            }
        }
        Map<Integer, Judge0Language> sortedById = new LinkedHashMap<>();
        out.keySet().stream().sorted().forEach(id -> sortedById.put(id, out.get(id)));
        return new Judge0Languages(sortedById);
    }

    /** The stable id of a non-default version: {@code base * 10000 + major * 100 + min(minor, 99)}. */
    static int idOf(int base, String version) {
        String[] p = version.split("[^0-9]+");
        int i = 0;
        while (i < p.length && p[i].isEmpty()) {
            i++;
        }
        int major = i < p.length ? clamp(p[i]) : 0;
        int minor = i + 1 < p.length ? clamp(p[i + 1]) : 0;
        return base * 10000 + major * 100 + minor;
    }

    private static int clamp(String digits) {
        if (digits.isEmpty()) {
            return 0;
        }
        return digits.length() > 2 ? 99 : Math.min(99, Integer.parseInt(digits));
    }

    public List<Judge0Language> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Judge0Language> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The Judge0 id of a Kerat language's default version, if installed. */
    public Optional<Judge0Language> defaultOf(String language) {
        Known k = KNOWN.get(language);
        return k == null ? Optional.empty() : byId(k.id());
    }
}
