package io.kerat.api.piston;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Piston's names for Kerat's languages: the {@code language} its clients send and filter {@code /runtimes} by,
 * its {@code runtime} field, and the aliases Piston's packages declare. Kerat's own aliases are listed too.
 */
public final class PistonNames {
    private PistonNames() {}

    /** Piston's spelling of one of Kerat's languages. */
    public record Name(String language, String runtime, List<String> aliases) {
    }

    private static final Map<String, Name> BY_KERAT = Map.ofEntries(
            Map.entry("python", new Name("python", null, List.of("py", "py3", "python3"))),
            Map.entry("node", new Name("javascript", "node", List.of("node-javascript", "node-js", "javascript", "js", "node"))),
            Map.entry("cpp", new Name("c++", "gcc", List.of("cpp", "g++"))),
            Map.entry("c", new Name("c", "gcc", List.of("gcc"))),
            Map.entry("csharp", new Name("csharp", "mono", List.of("mono", "mono-csharp", "mono-c#", "mono-cs", "c#", "cs"))),
            Map.entry("go", new Name("go", null, List.of("go", "golang"))),
            Map.entry("java", new Name("java", null, List.of())),
            Map.entry("php", new Name("php", null, List.of())),
            Map.entry("ruby", new Name("ruby", null, List.of("ruby3", "rb"))),
            Map.entry("bash", new Name("bash", null, List.of("sh"))),
            Map.entry("haskell", new Name("haskell", null, List.of("haskell", "hs"))),
            Map.entry("kotlin", new Name("kotlin", null, List.of("kt"))),
            Map.entry("lua", new Name("lua", null, List.of())),
            Map.entry("pascal", new Name("pascal", null, List.of("freepascal", "pp", "pas"))),
            Map.entry("perl", new Name("perl", null, List.of("pl"))),
            Map.entry("r", new Name("rscript", null, List.of("r"))),
            Map.entry("rust", new Name("rust", null, List.of("rs"))),
            Map.entry("swift", new Name("swift", null, List.of())),
            Map.entry("typescript", new Name("typescript", null, List.of("ts", "node-ts", "tsc", "typescript5", "ts5"))));

    /** Piston's name for Kerat's language {@code kerat} (its own name where Piston has none). */
    public static Name of(String kerat, List<String> keratAliases) {
        Name n = BY_KERAT.get(kerat);
        Set<String> aliases = new LinkedHashSet<>();
        String language = n == null ? kerat : n.language();
        if (n != null) {
            aliases.addAll(n.aliases());
        }
        if (!kerat.equals(language)) {
            aliases.add(kerat);
        }
        aliases.addAll(keratAliases);
        aliases.remove(language);
        return new Name(language, n == null ? null : n.runtime(), new ArrayList<>(aliases));
    }
}
