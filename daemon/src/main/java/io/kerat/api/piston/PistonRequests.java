package io.kerat.api.piston;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.api.ApiException;
import io.kerat.api.NativeDto;
import io.kerat.config.Limits;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Checks a Piston execute body (also a WebSocket {@code init}) in Piston's order and words, picks the runtime and
 * turns the body into a native request. Refusals are {@link ApiException}s whose message is Piston's text.
 */
public final class PistonRequests {
    private PistonRequests() {}

    /** An installed runtime as the Piston dialect lists it. */
    public record Installed(String keratLanguage, PistonDto.Runtime piston, String firstExtension) {
    }

    /** A checked request: the runtime it runs on and the native request. */
    public record Parsed(Installed runtime, NativeDto.RunRequest request) {
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest("piston", message);
    }

    /**
     * @param maxima the admin maximum of a stage ("compile" or "run") for a Kerat language
     * @param stdinAsIs false for execute (Piston adds a final newline to stdin), true for sessions (no stdin)
     */
    public static Parsed parse(JsonNode body, List<Installed> runtimes, BiFunction<String, String, Limits> maxima,
                               boolean stdinAsIs) throws ApiException {
        if (body == null || !body.isObject()) {
            throw bad("the body must be a JSON object");
        }
        String language = nonEmptyString(body.get("language"));
        if (language == null) {
            throw bad("language is required as a string");
        }
        String version = nonEmptyString(body.get("version"));
        if (version == null) {
            throw bad("version is required as a string");
        }
        JsonNode files = body.get("files");
        if (files == null || !files.isArray()) {
            throw bad("files is required as an array");
        }
        for (int i = 0; i < files.size(); i++) {
            JsonNode f = files.get(i);
            if (f == null || !f.isObject() || f.get("content") == null || !f.get("content").isTextual()) {
                throw bad("files[" + i + "].content is required as a string");
            }
        }
        Installed rt = pick(runtimes, language, version);
        if (rt == null) {
            throw bad(language + "-" + version + " runtime is unknown");
        }
        boolean anyUtf8 = false;
        for (JsonNode f : files) {
            anyUtf8 |= encoding(f).equals("utf8");
        }
        if (!anyUtf8) {
            throw bad("files must include at least one utf8 encoded file");
        }
        Map<String, Long> asked = new java.util.HashMap<>();
        for (String constraint : List.of("memory_limit", "timeout", "cpu_time")) {
            for (String type : List.of("compile", "run")) {
                String name = type + "_" + constraint;
                JsonNode v = body.get(name);
                if (v == null || v.isNull() || (v.isNumber() && v.asDouble() == 0) || (v.isBoolean() && !v.asBoolean())
                        || (v.isTextual() && v.asText().isEmpty())) {
                    continue; // Piston skips every falsy value
                }
                if (!v.isNumber()) {
                    throw bad("If specified, " + name + " must be a number");
                }
                Limits max = maxima.apply(rt.keratLanguage(), type);
                long configured = switch (constraint) {
                    case "memory_limit" -> max.memoryBytes();
                    case "timeout" -> max.wallTimeMs();
                    default -> max.cpuTimeMs();
                };
                double d = v.asDouble();
                if (d == -1) {
                    asked.put(name, configured); // -1: as much as the admin allows
                    continue;
                }
                if (d > configured) {
                    throw bad(name + " cannot exceed the configured limit of " + configured);
                }
                if (d < 0) {
                    throw bad(name + " must be non-negative");
                }
                asked.put(name, (long) Math.ceil(d));
            }
        }
        List<NativeDto.FileDto> out = new ArrayList<>();
        String entry = null;
        for (int i = 0; i < files.size(); i++) {
            JsonNode f = files.get(i);
            String enc = encoding(f);
            JsonNode n = f.get("name");
            String name = n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText()
                    : "file" + i + (rt.firstExtension() == null ? ".code" : rt.firstExtension());
            String content = f.get("content").asText();
            if (enc.equals("hex")) {
                content = Base64.getEncoder().encodeToString(hex(content, i));
                enc = "base64";
            } else if (enc.equals("base64")) {
                content = content.strip();
            }
            out.add(new NativeDto.FileDto(name, content, enc));
            if (entry == null && enc.equals("utf8")) {
                entry = name;
            }
        }
        String stdin = "";
        JsonNode s = body.get("stdin");
        if (s != null && !s.isNull()) {
            if (!s.isTextual()) {
                throw bad("If specified, stdin must be a string");
            }
            stdin = s.asText();
        }
        if (!stdinAsIs && !stdin.endsWith("\n")) {
            stdin += "\n"; // as Piston does
        }
        List<String> args = new ArrayList<>();
        JsonNode a = body.get("args");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) {
                throw bad("If specified, args must be an array");
            }
            for (JsonNode x : a) {
                if (!x.isValueNode() || x.isNull()) {
                    throw bad("If specified, args must be an array of strings");
                }
                args.add(x.asText());
            }
        }
        NativeDto.LimitsDto run = limits(asked, "run");
        NativeDto.LimitsDto compile = limits(asked, "compile");
        return new Parsed(rt, new NativeDto.RunRequest(rt.keratLanguage(), out, entry, stdinAsIs ? null : stdin, args,
                run, compile, null, null, rt.piston().version(), null));
    }

    private static NativeDto.LimitsDto limits(Map<String, Long> asked, String type) {
        Long wall = asked.get(type + "_timeout");
        Long cpu = asked.get(type + "_cpu_time");
        Long mem = asked.get(type + "_memory_limit");
        if (wall == null && cpu == null && mem == null) {
            return null;
        }
        return new NativeDto.LimitsDto(wall, cpu, mem, null, null, null, null, null);
    }

    /** Piston's rule: base64, hex or utf8; anything else counts as utf8. */
    static String encoding(JsonNode f) {
        JsonNode e = f.get("encoding");
        String s = e != null && e.isTextual() ? e.asText() : "utf8";
        return s.equals("base64") || s.equals("hex") ? s : "utf8";
    }

    static byte[] hex(String s, int i) throws ApiException {
        String t = s.strip();
        try {
            return HexFormat.of().parseHex(t);
        } catch (IllegalArgumentException e) {
            throw bad("files[" + i + "].content is not valid hex");
        }
    }

    /** The newest installed runtime named {@code language} (Piston name, alias or Kerat name) in {@code range}. */
    public static Installed pick(List<Installed> runtimes, String language, String range) {
        Installed best = null;
        for (Installed i : runtimes) {
            PistonDto.Runtime r = i.piston();
            boolean named = r.language().equals(language) || r.aliases().contains(language)
                    || i.keratLanguage().equals(language);
            if (!named) {
                continue;
            }
            boolean ok;
            try {
                ok = r.version().equals(range) || SemVer.satisfies(r.version(), range);
            } catch (SemVer.InvalidRangeException e) {
                ok = false;
            }
            if (ok && (best == null || SemVer.newestFirst(r.version(), best.piston().version()) < 0)) {
                best = i;
            }
        }
        return best;
    }

    private static String nonEmptyString(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    /** UTF-8 text of a byte array (invalid bytes replaced). */
    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
