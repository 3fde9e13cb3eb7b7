package io.kerat.api.judge0;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The safe subset of {@code compiler_options} Kerat accepts, per language (Judge0 passes the string to the
 * compiler's shell command; Kerat passes only words from this list, as argv words, never through a shell).
 * Only C and C++ take options; any other language, or any other word, is refused with 422.
 */
public final class CompilerOptions {
    private CompilerOptions() {}

    static final Set<String> COMMON = Set.of("-O0", "-O1", "-O2", "-O3", "-Os", "-Ofast", "-g", "-w", "-Wall",
            "-Wextra", "-Werror", "-pedantic", "-pedantic-errors", "-lm", "-pthread", "-lpthread", "-static",
            "-fno-exceptions", "-funroll-loops", "-fsanitize=undefined");
    static final Set<String> C_STD = Set.of("c89", "c90", "c99", "c11", "c17", "c18", "c2x", "gnu89", "gnu90",
            "gnu99", "gnu11", "gnu17", "gnu18", "gnu2x");
    static final Set<String> CPP_STD = Set.of("c++98", "c++03", "c++11", "c++14", "c++17", "c++20", "c++2a",
            "c++2b", "c++23", "gnu++98", "gnu++03", "gnu++11", "gnu++14", "gnu++17", "gnu++20", "gnu++2a", "gnu++23");
    private static final Pattern DEFINE = Pattern.compile("-D[A-Za-z_][A-Za-z0-9_]{0,63}(=[A-Za-z0-9_.]{0,64})?");
    static final Map<String, Set<String>> STDS = Map.of("c", C_STD, "cpp", CPP_STD);
    static final int MAX_LENGTH = 512;

    /** The languages that take options (Judge0's {@code allowed_languages_for_compile_options}, as Kerat ids). */
    public static List<String> languages() {
        return List.of("c", "cpp");
    }

    /** The options as argv words, or an explanation of the first one refused. */
    public static List<String> parse(String language, String options) throws Judge0ValidationException {
        if (options == null || options.isBlank()) {
            return List.of();
        }
        if (options.length() > MAX_LENGTH) {
            throw Judge0ValidationException.of("compiler_options", "is too long (maximum is " + MAX_LENGTH + " characters)");
        }
        Set<String> stds = STDS.get(language);
        if (stds == null) {
            throw Judge0ValidationException.of("compiler_options",
                    "setting compiler options is not allowed for language " + language);
        }
        List<String> words = List.of(options.trim().split("\\s+"));
        for (String w : words) {
            boolean ok = COMMON.contains(w) || DEFINE.matcher(w).matches()
                    || (w.startsWith("-std=") && stds.contains(w.substring(5)));
            if (!ok) {
                throw Judge0ValidationException.of("compiler_options", "option '" + w
                        + "' is not in Kerat's safe subset (-O0..-O3, -Os, -Ofast, -g, -w, -Wall, -Wextra, -Werror, "
                        + "-pedantic, -lm, -pthread, -static, -std=..., -DNAME[=VALUE]; see README)");
            }
        }
        return words;
    }
}
