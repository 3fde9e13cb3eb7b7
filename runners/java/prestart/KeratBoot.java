package kerat_launch;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The init of a pooled Java sandbox (README, "Interpreters already started"): a JVM started ahead by
 * {@code prestart.sh} with the flags of {@code run.sh} and the class path {@code /kerat/build} first (empty until the
 * hand-over fills it with the compile output; the class loader looks there only when a class is asked for). It says
 * it is up ({@code /kerat/out/.kerat-ready}), waits for the hand-over line on fd 0, read byte by byte so the program's
 * stdin stays intact, then reads {@code /kerat/ctl/handover} (NUL-separated: mode, cwd, rlimits, argc, argv...,
 * NAME=VALUE...).
 * <ul>
 * <li>{@code run} (the stage is {@code /bin/sh /kerat/runner/run.sh ARGS...}): sets the stage's rlimits and the
 *     environment (the per-request {@code KERAT_*} variables, in {@link System#getenv()} and the C environment), then
 *     runs {@code kerat_launch.KeratMain MAIN ARGS...} from /kerat/build in this JVM, exactly what run.sh's
 *     {@code exec java} would start.</li>
 * <li>anything else (tests mode, another command, another memory limit): {@code execve} of the cold command, with
 *     the stage's rlimits, a clean signal mask and no file descriptor of this JVM but 0, 1 and 2.</li>
 * </ul>
 * rlimits, the environment and execve go through the Foreign Function API (a preview in JDK 21, hence
 * {@code --enable-preview}); every native handle is made before the ready file, so the hand-over costs no linking.
 * The classes loaded up to there are in a class data sharing archive recorded at image build ({@code --warm-up}).
 */
public final class KeratBoot {
    private static final String CONTROL = "/kerat/ctl/handover";
    private static final String READY = "/kerat/out/.kerat-ready";
    private static final int RLIMIT_FSIZE = 1;
    private static final int RLIMIT_NPROC = 6;
    private static final int RLIMIT_NOFILE = 7;
    private static final int SIG_SETMASK = 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle SETRLIMIT = handle("setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SETENV = handle("setenv", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle EXECVE = handle("execve", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle SIGPROCMASK = handle("sigprocmask", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private KeratBoot() {}

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), d);
    }

    public static void main(String[] options) throws Throwable {
        warmUp();
        if (options.length == 1 && options[0].equals("--warm-up")) {
            return; // image-setup.sh records the classes loaded so far into boot.jsa
        }
        try {
            Files.newByteChannel(Path.of(READY), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            // the daemon then hands over without waiting for it
        }
        InputStream in = new FileInputStream(FileDescriptor.in); // unbuffered: not one byte past the line
        while (true) {
            int c = in.read();
            if (c < 0) {
                Runtime.getRuntime().halt(1); // the daemon discarded this sandbox
            }
            if (c == '\n') {
                break;
            }
        }
        try {
            Files.deleteIfExists(Path.of(READY));
        } catch (IOException e) {
            // gone already
        }
        List<String> fields = new ArrayList<>();
        byte[] control = Files.readAllBytes(Path.of(CONTROL));
        for (int i = 0, start = 0; i < control.length; i++) {
            if (control[i] == 0) {
                fields.add(new String(control, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        String mode = fields.get(0);
        int argc = Integer.parseInt(fields.get(3));
        List<String> argv = fields.subList(4, 4 + argc);
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : fields.subList(4 + argc, fields.size())) {
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        rlimits(fields.get(2));
        Path mainClassFile = Path.of("/kerat/build/.kerat-main-class");
        if (!mode.equals("run") || argc < 2 || !argv.get(1).equals("/kerat/runner/run.sh")
                || !Path.of(fields.get(1)).equals(Path.of(System.getProperty("user.dir")))
                || !Files.isRegularFile(mainClassFile)) {
            exec(argv, env);
        }
        String main = new String(Files.readAllBytes(mainClassFile), StandardCharsets.UTF_8);
        int nl = main.indexOf('\n');
        main = nl < 0 ? main : main.substring(0, nl); // run.sh: read -r main
        if (main.isEmpty()) {
            exec(argv, env);
        }
        environment(env);
        String[] args = new String[argc - 1];
        args[0] = main;
        for (int i = 2; i < argc; i++) {
            args[i - 1] = argv.get(i);
        }
        System.setProperty("java.class.path", "/kerat/build");
        System.setProperty("sun.java.command", String.join(" ", "kerat_launch.KeratMain", String.join(" ", args)));
        Method launch = Class.forName("kerat_launch.KeratMain").getMethod("main", String[].class);
        try {
            launch.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // (KeratMain reports the program's own exceptions itself)
        }
    }

    /** What the hand-over would otherwise do for the first time: reflection, the native calls' own classes. */
    private static void warmUp() throws Exception {
        Method m = KeratBoot.class.getDeclaredMethod("nothing", String[].class);
        m.invoke(null, (Object) new String[0]);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocateUtf8String("x");
            MemorySegment arr = a.allocateArray(ADDRESS, 2);
            arr.setAtIndex(ADDRESS, 0, s);
            a.allocate(JAVA_LONG, 0);
        }
        Class.forName("java.lang.ProcessEnvironment");
    }

    private static void nothing(String[] args) {
        // called once by warmUp
    }

    /** "processes open_files file_bytes", each set hard and soft, as the shell waiter's ulimit -H -S does. */
    private static void rlimits(String limits) throws Throwable {
        String[] v = limits.trim().split(" ");
        int[] which = {RLIMIT_NPROC, RLIMIT_NOFILE, RLIMIT_FSIZE};
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(16);
            for (int i = 0; i < which.length; i++) {
                long n = Long.parseLong(v[i]);
                r.set(JAVA_LONG, 0, n);
                r.set(JAVA_LONG, 8, n);
                if ((int) SETRLIMIT.invokeExact(which[i], r) != 0) {
                    System.err.println("kerat: cannot apply the limits");
                    Runtime.getRuntime().halt(125);
                }
            }
        }
    }

    /**
     * The environment a cold {@code java} would have started with: the JVM started with the run command's environment
     * but for the per-request {@code KERAT_*} variables (the daemon hands over in-process only then), which are added
     * to the C environment (child processes inherit it) and to the map behind {@link System#getenv()} (written through
     * {@code sun.misc.Unsafe}: no {@code --add-opens}, so the program sees the same module access as a cold start).
     */
    @SuppressWarnings({"unchecked", "removal"})
    private static void environment(Map<String, String> env) throws Throwable {
        Map<String, String> now = System.getenv();
        Map<String, String> add = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (!v.equals(now.get(k))) {
                add.put(k, v);
            }
        });
        if (add.isEmpty()) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            for (Map.Entry<String, String> kv : add.entrySet()) {
                int rc = (int) SETENV.invokeExact(a.allocateUtf8String(kv.getKey()), a.allocateUtf8String(kv.getValue()), 1);
                if (rc != 0) {
                    throw new IOException("setenv " + kv.getKey());
                }
            }
        }
        Field uf = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        uf.setAccessible(true); // jdk.unsupported opens sun.misc to everyone
        sun.misc.Unsafe u = (sun.misc.Unsafe) uf.get(null);
        Field view = Class.forName("java.lang.ProcessEnvironment").getDeclaredField("theUnmodifiableEnvironment");
        Object unmodifiable = u.getObject(u.staticFieldBase(view), u.staticFieldOffset(view));
        Field inner = Class.forName("java.util.Collections$UnmodifiableMap").getDeclaredField("m");
        Map<String, String> modifiable = (Map<String, String>) u.getObject(unmodifiable, u.objectFieldOffset(inner));
        modifiable.putAll(add);
    }

    /** execve of the cold command (PATH searched as the shell would): never returns. */
    private static void exec(List<String> argv, Map<String, String> env) throws Throwable {
        String program = argv.get(0);
        if (program.indexOf('/') < 0) {
            for (String dir : env.getOrDefault("PATH", "/usr/bin:/bin").split(":", -1)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    program = p.toString();
                    break;
                }
            }
        }
        Arena a = Arena.ofConfined();
        MemorySegment path = a.allocateUtf8String(program);
        MemorySegment args = strings(a, argv);
        List<String> pairs = new ArrayList<>();
        env.forEach((k, v) -> pairs.add(k + "=" + v));
        MemorySegment envp = strings(a, pairs);
        int[] fds = openFds();
        int rc = (int) SIGPROCMASK.invokeExact(SIG_SETMASK, a.allocate(128), MemorySegment.NULL);
        for (int fd : fds) {
            rc = (int) CLOSE.invokeExact(fd);
        }
        rc = (int) EXECVE.invokeExact(path, args, envp); // returns only on failure
        System.err.println("kerat: cannot start " + argv.get(0));
        Runtime.getRuntime().halt(127);
    }

    private static MemorySegment strings(Arena a, List<String> words) {
        MemorySegment arr = a.allocateArray(ADDRESS, words.size() + 1);
        for (int i = 0; i < words.size(); i++) {
            arr.setAtIndex(ADDRESS, i, a.allocateUtf8String(words.get(i)));
        }
        arr.setAtIndex(ADDRESS, words.size(), MemorySegment.NULL);
        return arr;
    }

    /** This JVM's descriptors above 2 (its jars, the module image...), which the cold command must not inherit. */
    private static int[] openFds() throws IOException {
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : d) {
                fds.add(Integer.parseInt(p.getFileName().toString()));
            }
        }
        return fds.stream().mapToInt(Integer::intValue).filter(fd -> fd > 2).sorted().toArray();
    }
}
