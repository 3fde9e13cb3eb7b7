package io.kerat.sandbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What runsc says when it cannot start the program, in words an admin can act on. runsc 20221219 prints, with exit
 * code 128, lines such as {@code running container: starting container: starting root container: starting sandbox:
 * error finding executable "python3" in PATH [/usr/local/sbin ...]: no such file or directory} or {@code ...
 * creating process: failed to load /usr/bin/x: permission denied}.
 */
public final class RunscFailure {
    private static final Pattern NOT_IN_PATH = Pattern.compile(
            "error finding executable \"([^\"]*)\" in PATH \\[([^\\]]*)\\]: ?(.*)");
    private static final Pattern LOAD = Pattern.compile("failed to load ([^:]+): (.*)");
    private static final String[] MARKERS = {"running container", "creating container", "starting container",
            "loading sandbox", "starting sandbox"};

    private RunscFailure() {}

    /**
     * True if the last line of stderr is runsc's own error (it begins with one of runsc's prefixes), rather than
     * something the program wrote.
     */
    public static boolean isRunscError(String stderr) {
        String last = lastLine(stderr);
        for (String m : MARKERS) {
            if (last.startsWith(m)) {
                return true;
            }
        }
        return false;
    }

    /** A clear message for runsc's failure to start the program, from its stderr. */
    public static String explain(String stderr) {
        String line = lastLine(stderr);
        Matcher m = NOT_IN_PATH.matcher(line);
        if (m.find()) {
            return m.group(1) + " not found in the image (searched PATH " + m.group(2).trim().replace(' ', ':') + ")";
        }
        m = LOAD.matcher(line);
        if (m.find()) {
            String file = m.group(1).trim();
            String why = m.group(2).trim();
            if (why.startsWith("no such file or directory")) {
                return file + " not found in the image (or an interpreter or library it needs is missing)";
            }
            if (why.startsWith("permission denied")) {
                return file + " in the image is not an executable file";
            }
            if (why.contains("exec format error")) {
                return file + " in the image is not a program for this CPU (exec format error)";
            }
            return file + " in the image cannot be started: " + why;
        }
        return "runsc could not start the sandbox: " + line;
    }

    private static String lastLine(String stderr) {
        String[] lines = stderr.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
