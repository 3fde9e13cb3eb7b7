package io.kerat.api.judge0;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.config.Limits;
import io.kerat.config.Settings;
import io.kerat.config.StageLimits;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Judge0 submission body ({@code POST /submissions}) the way Judge0 does: unknown keys are ignored, numbers
 * may come as strings, booleans as "true"/"false"; every refusal is collected per field for Judge0's 422 shape.
 * Absent limits take Kerat's defaults; maxima are Kerat's (the admin's) in Judge0's units.
 */
public final class Judge0RequestParser {
    public static final int MAX_TEXT = 512;
    private final Settings settings;
    private final Judge0Languages languages;
    private final int maxNumberOfRuns;

    public Judge0RequestParser(Settings settings, Judge0Languages languages, int maxNumberOfRuns) {
        this.settings = settings;
        this.languages = languages;
        this.maxNumberOfRuns = maxNumberOfRuns;
    }

    public Judge0Submission parse(JsonNode body, boolean base64) throws Judge0ValidationException {
        if (body == null || !body.isObject()) {
            throw Judge0ValidationException.of("base", "the body must be a JSON object");
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        Fields f = new Fields(body, errors);
        String source = f.text("source_code", base64);
        String stdin = f.text("stdin", base64);
        String expected = f.text("expected_output", base64);
        Integer languageId = f.integer("language_id");
        Judge0Language lang = null;
        if (languageId == null) {
            if (!errors.containsKey("language_id")) {
                f.error("language_id", "can't be blank");
            }
        } else {
            Optional<Judge0Language> l = languages.byId(languageId);
            if (l.isEmpty()) {
                f.error("language_id", "language with id " + languageId + " doesn't exist");
            } else {
                lang = l.get();
            }
        }
        String additional = f.string("additional_files");
        if (additional != null) {
            try {
                decodeBase64(additional);
            } catch (IllegalArgumentException e) {
                f.error("additional_files", "is not valid base64");
            }
        }
        if ((source == null || source.isEmpty()) && !errors.containsKey("source_code")) {
            f.error("source_code", "can't be blank");
        }
        StageLimits limits = settings.limitsFor(lang == null ? "" : lang.language(), "run");
        Limits d = limits.defaults();
        Limits m = limits.maximum();
        double cpu = f.decimal("cpu_time_limit", d.cpuTimeMs() / 1000.0, 0.001, m.cpuTimeMs() / 1000.0);
        double extra = f.decimal("cpu_extra_time", 0, 0, m.cpuTimeMs() / 1000.0);
        double wall = f.decimal("wall_time_limit", d.wallTimeMs() / 1000.0, 0.001, m.wallTimeMs() / 1000.0);
        long memory = f.whole("memory_limit", d.memoryBytes() / 1024, 2048, m.memoryBytes() / 1024);
        long stack = f.whole("stack_limit", Math.min(64000, d.memoryBytes() / 1024), 0, m.memoryBytes() / 1024);
        long procs = f.whole("max_processes_and_or_threads", d.processes(), 1, m.processes());
        long fileSize = f.whole("max_file_size", d.fileSizeBytes() / 1024, 0, m.fileSizeBytes() / 1024);
        int runs = (int) f.whole("number_of_runs", 1, 1, maxNumberOfRuns);
        boolean perProcessTime = f.bool("enable_per_process_and_thread_time_limit", false);
        boolean perProcessMemory = f.bool("enable_per_process_and_thread_memory_limit", false);
        boolean redirect = f.bool("redirect_stderr_to_stdout", false);
        boolean network = f.bool("enable_network", false);
        if (network) {
            f.error("enable_network", "network is not allowed: Kerat's sandboxes have no network");
        }
        String compilerOptions = f.string("compiler_options");
        if (compilerOptions != null && lang != null) {
            try {
                CompilerOptions.parse(lang.language(), compilerOptions);
            } catch (Judge0ValidationException e) {
                errors.putAll(e.errors());
            }
        }
        String args = f.string("command_line_arguments");
        if (args != null) {
            if (args.length() > MAX_TEXT) {
                f.error("command_line_arguments", "is too long (maximum is " + MAX_TEXT + " characters)");
            } else if (args.indexOf('\0') >= 0) {
                f.error("command_line_arguments", "must not contain NUL");
            } else {
                try {
                    CommandLineArguments.split(args);
                } catch (CommandLineArguments.UnbalancedQuotes e) {
                    f.error("command_line_arguments", e.getMessage());
                }
            }
        }
        String callback = f.string("callback_url");
        if (callback != null && callback.isBlank()) {
            callback = null;
        }
        if (!errors.isEmpty()) {
            throw new Judge0ValidationException(errors);
        }
        return new Judge0Submission(source, languageId, stdin, expected, cpu, extra, wall, memory, stack, procs,
                perProcessTime, perProcessMemory, fileSize, runs, redirect, blankToNull(compilerOptions),
                blankToNull(args), callback, additional, false, lang.language(), lang.version());
    }

    /** Base64 with line breaks allowed (Judge0's encoder writes them), anything else outside the alphabet refused. */
    public static byte[] decodeBase64(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '\n' || c == '\r' || c == ' ' || c == '\t';
            if (!ok) {
                throw new IllegalArgumentException("not base64");
            }
        }
        return Base64.getMimeDecoder().decode(s);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Reads one body's fields, collecting errors. */
    private record Fields(JsonNode body, Map<String, List<String>> errors) {
        void error(String field, String message) {
            errors.computeIfAbsent(field, k -> new java.util.ArrayList<>()).add(message);
        }

        JsonNode node(String field) {
            JsonNode n = body.get(field);
            return n == null || n.isNull() ? null : n;
        }

        String string(String field) {
            JsonNode n = node(field);
            if (n == null) {
                return null;
            }
            if (!n.isValueNode()) {
                error(field, "must be a string");
                return null;
            }
            return n.asText();
        }

        String text(String field, boolean base64) {
            String s = string(field);
            if (s == null || !base64) {
                return s;
            }
            try {
                return new String(decodeBase64(s), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                error(field, "is not valid base64 (base64_encoded=true)");
                return null;
            }
        }

        Integer integer(String field) {
            JsonNode n = node(field);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber() && n.canConvertToInt()) {
                return n.intValue();
            }
            if (n.isTextual() && n.asText().trim().matches("-?[0-9]{1,9}")) {
                return Integer.parseInt(n.asText().trim());
            }
            error(field, n.isNumber() ? "must be an integer" : "is not a number");
            return null;
        }

        double decimal(String field, double dflt, double min, double max) {
            JsonNode n = node(field);
            if (n == null || (n.isTextual() && n.asText().isBlank())) {
                return dflt;
            }
            double v;
            if (n.isNumber()) {
                v = n.doubleValue();
            } else if (n.isTextual() && n.asText().trim().matches("-?[0-9]{1,9}(\\.[0-9]{1,9})?")) {
                v = Double.parseDouble(n.asText().trim());
            } else {
                error(field, "is not a number");
                return dflt;
            }
            if (!(v >= min)) {
                error(field, min == 0 ? "must be greater than or equal to 0" : "must be greater than 0");
            } else if (v > max) {
                error(field, "must be less than or equal to " + max);
            }
            return v;
        }

        long whole(String field, long dflt, long min, long max) {
            JsonNode n = node(field);
            if (n == null || (n.isTextual() && n.asText().isBlank())) {
                return dflt;
            }
            long v;
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                v = n.longValue();
            } else if (n.isTextual() && n.asText().trim().matches("-?[0-9]{1,15}")) {
                v = Long.parseLong(n.asText().trim());
            } else {
                error(field, n.isNumber() ? "must be an integer" : "is not a number");
                return dflt;
            }
            if (v < min) {
                error(field, "must be greater than or equal to " + min);
            } else if (v > max) {
                error(field, "must be less than or equal to " + max);
            }
            return v;
        }

        boolean bool(String field, boolean dflt) {
            JsonNode n = node(field);
            if (n == null) {
                return dflt;
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            String s = n.asText().trim().toLowerCase(java.util.Locale.ROOT);
            switch (s) {
                case "true", "1", "t", "on" -> {
                    return true;
                }
                case "false", "0", "f", "off", "" -> {
                    return false;
                }
                default -> {
                    error(field, "must be true or false");
                    return dflt;
                }
            }
        }
    }
}
