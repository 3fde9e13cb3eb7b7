package kerat_launch;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Runs the program's main class (args[0]) with a buffered System.out. The JDK's System.out flushes on every
 * println, and each flush is a system call that costs tens of microseconds under gVisor (ptrace): 50 000
 * println calls took about 1.5 s of CPU. Output is flushed when main returns, on System.exit and at the end of
 * the JVM (shutdown hook; after it, what the program's own hooks print is written at once), and before an uncaught
 * exception is reported (as the java launcher reports it, exit code 1, without this class's frames or the reflection
 * below them: see {@link #trim}). System.err stays unbuffered.
 */
public final class KeratMain {
    private KeratMain() {}

    public static void main(String[] args) throws Exception {
        ExitFlushing buffer = new ExitFlushing(new FileOutputStream(FileDescriptor.out));
        PrintStream out = new PrintStream(buffer, false, Charset.defaultCharset());
        System.setOut(out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            buffer.direct = true; // the program's own shutdown hooks run alongside: what they print goes straight out
            out.flush();
        }, "kerat-flush"));
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Method main;
        try {
            Class<?> c = Class.forName(args[0], false, KeratMain.class.getClassLoader());
            main = c.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
                throw new NoSuchMethodException();
            }
            main.setAccessible(true);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            System.err.println("Error: Main method not found in class " + args[0]
                    + ", please define the main method as:\n   public static void main(String[] args)");
            System.exit(1);
            return;
        }
        Throwable t = null;
        try {
            main.invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            t = e.getCause();
        } catch (ExceptionInInitializerError e) {
            t = e; // the main class's static initializer failed
        }
        if (t != null) {
            out.flush();
            trim(t, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            System.err.print("Exception in thread \"main\" ");
            t.printStackTrace();
            System.err.flush();
            System.exit(1);
        }
        out.flush();
    }

    /**
     * Drops the frames below the program's own from the traces of {@code t}, its causes and suppressed exceptions
     * (this class, reflection, a JVM started ahead: {@code kerat_launch.KeratBoot}), so that the report, "... N more"
     * counts included, is the one the java launcher prints for the program's main class.
     */
    private static void trim(Throwable t, java.util.Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        StackTraceElement[] st = t.getStackTrace();
        int n = st.length;
        while (n > 0 && ours(st[n - 1])) {
            n--;
        }
        if (n < st.length) {
            t.setStackTrace(Arrays.copyOf(st, n));
        }
        trim(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            trim(s, seen);
        }
    }

    private static boolean ours(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("kerat_launch.") || c.startsWith("jdk.internal.reflect.") || c.equals("java.lang.reflect.Method")
                || c.equals("jdk.internal.misc.Unsafe");
    }

    /** System.out's buffer, written through once the JVM shuts down. */
    private static final class ExitFlushing extends BufferedOutputStream {
        volatile boolean direct;

        ExitFlushing(java.io.OutputStream out) {
            super(out, 1 << 16);
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            super.write(b);
            if (direct) {
                super.flush();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            super.write(b, off, len);
            if (direct) {
                super.flush();
            }
        }
    }
}
