package io.kerat.execution;

import io.kerat.oci.SpecBuilder;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The shell script a pooled sandbox's waiting init sources at hand-over. Pure. */
final class HandOverScript {
    private HandOverScript() {}

    /**
     * The program's exact environment and argv, every word single-quoted. The init shell sets the environment itself
     * ({@code unset} what it was started with and does not keep, {@code export} the rest; dash exports PWD on its
     * own, so that goes too) and {@code exec}s the program: one exec under gVisor instead of three (sh, env,
     * program), each of which costs several ms on ptrace. Names that are not shell names, or an argv[0] a shell
     * would read as an option, fall back to {@code exec env -i}.
     */
    static String of(List<String> argv, Map<String, String> env) {
        Map<String, String> sorted = new TreeMap<>(env);
        boolean plain = !argv.isEmpty() && !argv.get(0).startsWith("-")
                && sorted.keySet().stream().allMatch(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*"));
        StringBuilder b = new StringBuilder();
        if (plain) {
            SortedSet<String> drop = new TreeSet<>(SpecBuilder.baseEnv().keySet());
            drop.add("PWD");
            drop.add("OLDPWD");
            drop.removeAll(sorted.keySet());
            b.append("unset");
            drop.forEach(k -> b.append(' ').append(k));
            b.append('\n');
            for (Map.Entry<String, String> kv : sorted.entrySet()) {
                b.append("export ").append(shellQuote(kv.getKey() + "=" + kv.getValue())).append('\n');
            }
            b.append(MissingProgram.check(shellQuote(argv.get(0))));
            b.append("exec");
        } else {
            b.append("exec env -i");
            for (Map.Entry<String, String> kv : sorted.entrySet()) {
                b.append(' ').append(shellQuote(kv.getKey() + "=" + kv.getValue()));
            }
            // no "--": env takes the first word after the assignments as the command (argv[0] has no '=')
        }
        for (String a : argv) {
            b.append(' ').append(shellQuote(a));
        }
        return b.append('\n').toString();
    }

    /**
     * The line that lowers a pooled sandbox's rlimits (started at its language's maxima) to the stage's, soft and hard,
     * in the init shell before it execs the program: RLIMIT_NPROC ({@code -p}), RLIMIT_NOFILE ({@code -n}) and
     * RLIMIT_FSIZE ({@code -f}, in 512-byte blocks: {@link WarmPool#fits} only lets exact multiples through). dash
     * takes one limit per {@code ulimit}. Should one fail, the sandbox ends before the program runs.
     */
    static String rlimits(io.kerat.config.Limits l) {
        return "ulimit -H -S -p " + l.processes() + " && ulimit -H -S -n " + l.openFiles() + " && ulimit -H -S -f "
                + l.fileSizeBytes() / 512 + " || { echo 'kerat: cannot apply the limits' >&2; exit 125; }\n";
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
