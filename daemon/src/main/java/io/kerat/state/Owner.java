package io.kerat.state;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who owns a set of sandboxes: one {@code Kerat} instance of one process. Its name, {@code <pid>-<starttime>-<n>},
 * names its state directory ({@code <data>/procs/<name>}: runsc root and run directories) and, prefixed with
 * {@code p}, its cgroup under the configured parent. Recovery removes an owner's state only once its process is
 * gone; {@code n} tells apart the instances of one process (tests run several), each removing only its own state.
 *
 * @param process  the owning process
 * @param instance which instance of the process (0 for the first)
 */
public record Owner(ProcessIdentity process, int instance) {
    private static final Pattern NAME = Pattern.compile("([1-9][0-9]{0,9})-([0-9]{1,19})-([0-9]{1,9})");
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A fresh owner for this process. */
    public static Owner next() {
        return new Owner(ProcessIdentity.current(), NEXT.getAndIncrement());
    }

    public String name() {
        return process.pid() + "-" + process.startTime() + "-" + instance;
    }

    /** The name of this owner's cgroup under the parent: {@code p<name>} (sandbox ids are hex, never starting with p). */
    public String cgroupName() {
        return "p" + name();
    }

    /** The owner named by a state directory's name, or empty for anything else. */
    public static Optional<Owner> parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(new ProcessIdentity(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                    Integer.parseInt(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The owner of a cgroup named {@code p<name>}, or empty for anything else (a sandbox of the old flat layout). */
    public static Optional<Owner> parseCgroup(String cgroup) {
        return cgroup.startsWith("p") ? parse(cgroup.substring(1)) : Optional.empty();
    }

    @Override
    public String toString() {
        return name();
    }
}
