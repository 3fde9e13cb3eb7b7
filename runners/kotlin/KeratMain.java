package kerat_launch;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Runs the program's main class (args[0]) with a buffered System.out. The JDK's System.out flushes on every
 * println, and each flush is a system call that costs tens of microseconds under gVisor (ptrace): 50 000
 * println calls took about 1.5 s of CPU. Output is flushed when main returns, on System.exit and at the end of
 * the JVM (shutdown hook), and before an uncaught exception is reported (as the java launcher reports it, exit
 * code 1, without this class's frames). System.err stays unbuffered.
 */
public final class KeratMain {
    private KeratMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, Charset.defaultCharset());
        System.setOut(out);
        Runtime.getRuntime().addShutdownHook(new Thread(out::flush, "kerat-flush"));
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
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            StringBuilder b = new StringBuilder("Exception in thread \"main\" ");
            for (String line : sw.toString().split("\n")) {
                if (line.contains("jdk.internal.reflect.") || line.contains("java.lang.reflect.Method.invoke")
                        || line.contains("kerat_launch.")) {
                    continue;
                }
                b.append(line).append('\n');
            }
            System.err.print(b);
            System.err.flush();
            System.exit(1);
        }
        out.flush();
    }
}
