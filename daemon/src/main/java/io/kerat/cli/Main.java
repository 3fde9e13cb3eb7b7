package io.kerat.cli;

import io.kerat.Kerat;
import io.kerat.api.ApiException;
import io.kerat.api.RequestValidator;
import io.kerat.config.Settings;
import io.kerat.execution.ExecutionException;
import io.kerat.execution.ExecutionRequest;
import io.kerat.execution.ExecutionResult;
import io.kerat.execution.LimitsRequest;
import io.kerat.execution.SourceFile;
import io.kerat.image.ImageInfo;
import io.kerat.runner.RunnerDef;
import io.kerat.util.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code kerat} command line. */
public final class Main {
    static final String USAGE = """
            usage: kerat <command> [options]

            commands:
              serve [--listen HOST:PORT] [--token TOKEN] [--socket PATH] [--socket-group GROUP] [--no-tcp]
                                     run the HTTP daemon; listeners default to kerat.yaml's (127.0.0.1:31415
                                     and its socket); --listen alone serves only that address; a token is
                                     required beyond loopback; the socket is mode 0660, group kerat
              run --language LANG [--entrypoint FILE] [--stdin FILE] [--wall-time-ms N] [--memory-bytes N]
                  [--version V] FILE...
                                     run files once in a sandbox and print the JSON result (exit 1 if internal_error)
              image build LANG... [--force]
                                     build language images from oci-bundles/<LANG> with mmdebstrap
              image import LANG FILE|DIR [--ref NAME]
                                     install an image for LANG from a rootfs tarball (plain, gzip or zstd), an
                                     OCI image layout or oci-archive, or a docker-archive (docker/podman save,
                                     skopeo); --ref picks one image of a multi-image archive (tag or ref name).
                                     Like build, it installs only if LANG's smoke test passes in the new image
              image list             list installed images (languages, version, size, source, date, digest)
              image rm LANG          remove an image
              image gc [--older-than-minutes N]
                                     remove image versions replaced more than N minutes ago (default 60; running
                                     sandboxes keep using the version they started on, so N must exceed the
                                     longest request)
              config check [FILE]    validate kerat.yaml (default /etc/kerat/kerat.yaml) and print the result
              doctor [--no-sandbox]  check runsc, cgroups, the data dir, images (running a trivial sandbox on each)
              languages              list the languages and their aliases
              version                print the version

            environment: KERAT_DATA_DIR (default /var/lib/kerat), KERAT_CACHE_DIR (/var/cache/kerat),
              KERAT_HOME (runners/, seccomp/, oci-bundles/), KERAT_RUNSC (runsc), KERAT_PLATFORM (auto: systrap or ptrace),
              KERAT_CGROUP_PARENT (kerat), KERAT_CONCURRENCY, KERAT_QUEUE, KERAT_TOKEN,
              KERAT_SHUTDOWN_GRACE_MS (20000: how long SIGTERM waits for running requests)
            """;

    private Main() {}

    public static void main(String[] argv) {
        int code;
        try {
            code = run(new ArrayDeque<>(List.of(argv)), System.out, System.err);
        } catch (UsageException e) {
            System.err.println("kerat: " + e.getMessage());
            System.err.println("run `kerat --help` for usage");
            code = 2;
        } catch (Exception e) {
            System.err.println("kerat: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /** Thrown when the command line is wrong. */
    static final class UsageException extends Exception {
        UsageException(String m) {
            super(m);
        }
    }

    static int run(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        String cmd = args.isEmpty() ? "--help" : args.pop();
        switch (cmd) {
            case "--help", "-h", "help" -> {
                out.print(USAGE);
                return 0;
            }
            case "version", "--version" -> {
                out.println("kerat " + version());
                return 0;
            }
            case "serve" -> {
                return ServeCommand.serve(args, err);
            }
            case "run" -> {
                return runOnce(args, out, err);
            }
            case "image" -> {
                return image(args, out);
            }
            case "config" -> {
                if (args.isEmpty() || !args.peek().equals("check")) {
                    throw new UsageException("config needs a subcommand: check [FILE]");
                }
                args.pop();
                return configCheck(args, out);
            }
            case "doctor" -> {
                boolean quick = args.remove("--no-sandbox");
                return Doctor.print(Doctor.run(Settings.fromEnvironment(), System.getenv("KERAT_SOCKET"), !quick), out);
            }
            case "languages" -> {
                try (Kerat k = new Kerat(Settings.fromEnvironment())) {
                    for (RunnerDef r : k.runners().all()) {
                        out.println(r.language() + "\t" + String.join(",", r.aliases()));
                    }
                }
                return 0;
            }
            default -> throw new UsageException("unknown command '" + cmd + "'");
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    static String value(Deque<String> args, String flag) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException(flag + " needs a value");
        }
        return args.pop();
    }

    /** Prints the result as JSON; 0 for any verdict of the program, 1 (with the message on stderr) for internal_error. */
    private static int runOnce(Deque<String> args, PrintStream out, PrintStream err) throws Exception {
        String language = null;
        String entry = null;
        byte[] stdin = new byte[0];
        Long wall = null;
        Long mem = null;
        String version = null;
        List<Path> files = new ArrayList<>();
        while (!args.isEmpty()) {
            String a = args.pop();
            switch (a) {
                case "--language", "-l" -> language = value(args, a);
                case "--entrypoint" -> entry = value(args, a);
                case "--stdin" -> stdin = Files.readAllBytes(Path.of(value(args, a)));
                case "--wall-time-ms" -> wall = Long.parseLong(value(args, a));
                case "--memory-bytes" -> mem = Long.parseLong(value(args, a));
                case "--version" -> version = value(args, a);
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("run: unknown option " + a);
                    }
                    files.add(Path.of(a));
                }
            }
        }
        if (language == null || files.isEmpty()) {
            throw new UsageException("run needs --language and at least one file");
        }
        List<SourceFile> sources = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                RequestValidator.checkName(name);
            } catch (ApiException e) {
                throw new UsageException(e.getMessage());
            }
            sources.add(new SourceFile(name, Files.readAllBytes(f)));
        }
        // Ctrl-C or SIGTERM mid-run: the hook kills the sandbox and removes this process's state
        try (Kerat kerat = new Kerat(Settings.fromEnvironment())) {
            RunnerDef r = kerat.runners().find(language)
                    .orElseThrow(() -> new UsageException("unknown language " + args));
            ExecutionRequest req = new ExecutionRequest(r.language(), sources, entry == null ? sources.get(0).name() : entry,
                    stdin, List.of(), new LimitsRequest(wall, null, mem, null, null, null, null, null), LimitsRequest.NONE,
                    List.of(), List.of(), version, null);
            ExecutionResult res;
            try {
                res = kerat.direct().execute(req);
            } catch (ExecutionException e) {
                throw new IOException(e.getMessage(), e);
            }
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(res));
            if (res.status() == io.kerat.execution.Status.INTERNAL_ERROR) {
                err.println("kerat: internal_error: " + res.message());
                return 1;
            }
            return 0;
        }
    }

    /** The image of "LANG" or "LANG@TAG" (a language id or alias; the tag names a recipe oci-bundles/IMAGE@TAG). */
    static String imageName(Kerat kerat, String arg) {
        int at = arg.indexOf('@');
        String lang = at < 0 ? arg : arg.substring(0, at);
        String image = kerat.runners().find(lang).map(RunnerDef::image).orElse(lang);
        return at < 0 ? image : image + arg.substring(at);
    }

    private static int image(Deque<String> args, PrintStream out) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("image needs a subcommand: build, import, list, rm, gc");
        }
        String sub = args.pop();
        Settings settings = Settings.fromEnvironment();
        try (Kerat kerat = new Kerat(settings)) {
            switch (sub) {
                case "build" -> {
                    boolean force = args.remove("--force");
                    if (args.isEmpty()) {
                        throw new UsageException("image build needs at least one language");
                    }
                    for (String lang : args) {
                        ImageInfo info = kerat.images().build(imageName(kerat, lang), force, out);
                        out.println(info.name() + " " + info.version() + " " + info.digest());
                    }
                    return 0;
                }
                case "import" -> {
                    String ref = null;
                    List<String> pos = new ArrayList<>();
                    while (!args.isEmpty()) {
                        String a = args.pop();
                        if (a.equals("--ref")) {
                            ref = value(args, a);
                        } else if (a.startsWith("--")) {
                            throw new UsageException("image import: unknown option " + a);
                        } else {
                            pos.add(a);
                        }
                    }
                    if (pos.size() != 2) {
                        throw new UsageException("image import needs a language and a file or directory");
                    }
                    ImageInfo info = kerat.images().importImage(imageName(kerat, pos.get(0)), Path.of(pos.get(1)), ref, out);
                    out.println(info.name() + " " + info.version() + " " + info.digest());
                    return 0;
                }
                case "list" -> {
                    Map<String, List<String>> languages = new TreeMap<>();
                    for (RunnerDef r : kerat.runners().all()) {
                        languages.computeIfAbsent(r.image(), k -> new ArrayList<>()).add(r.language());
                    }
                    out.printf("%-14s %-14s %-14s %9s  %-8s %-20s %s%n", "LANGUAGES", "IMAGE", "VERSION", "SIZE", "SOURCE",
                            "BUILT/IMPORTED", "DIGEST");
                    for (ImageInfo i : kerat.images().list()) {
                        long size = i.rootfsBytes() != null ? i.rootfsBytes() : i.sizeBytes();
                        String base = i.name().contains("@") ? i.name().substring(0, i.name().indexOf('@')) : i.name();
                        out.printf("%-14s %-14s %-14s %8.1fM  %-8s %-20s %s%n",
                                String.join(",", languages.getOrDefault(base, List.of("-"))), i.name(), i.version(),
                                size / 1048576.0, i.source() == null ? "built" : i.source(),
                                i.builtAt().length() > 19 ? i.builtAt().substring(0, 19) : i.builtAt(), i.digest());
                    }
                    return 0;
                }
                case "gc" -> {
                    long minutes = 60;
                    while (!args.isEmpty()) {
                        String a = args.pop();
                        if (a.equals("--older-than-minutes")) {
                            minutes = Long.parseLong(value(args, a));
                        } else {
                            throw new UsageException("image gc: unknown option " + a);
                        }
                    }
                    List<Path> removed = kerat.images().gc(java.time.Duration.ofMinutes(minutes));
                    for (Path p : removed) {
                        out.println("removed " + p);
                    }
                    out.println(removed.size() + " old image version(s) removed");
                    return 0;
                }
                case "rm" -> {
                    if (args.isEmpty()) {
                        throw new UsageException("image rm needs a language");
                    }
                    String image = imageName(kerat, args.peek());
                    out.println(kerat.images().remove(image) ? "removed " + image : "no image " + image);
                    return 0;
                }
                default -> throw new UsageException("unknown image subcommand " + sub);
            }
        }
    }

    /** Validates a config file (default: $KERAT_CONFIG or /etc/kerat/kerat.yaml) merged with the environment. */
    static int configCheck(Deque<String> args, PrintStream out) throws Exception {
        Path file = args.isEmpty() ? Path.of(System.getenv().getOrDefault("KERAT_CONFIG", Settings.DEFAULT_CONFIG.toString()))
                : Path.of(args.pop());
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no config file at " + file);
        }
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>(io.kerat.config.ConfigFile.load(file));
        merged.putAll(System.getenv());
        Settings s = Settings.fromEnvironment(merged);
        io.kerat.config.BalancerSettings.from(merged); // agent_listen, drain_grace_ms: read beside the settings
        out.println(file + ": ok");
        out.println(pretty(s));
        return 0;
    }

    /** For tests and tools: pretty JSON. */
    static String pretty(Object o) throws IOException {
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o);
    }
}
