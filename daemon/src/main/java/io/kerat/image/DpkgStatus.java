package io.kerat.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads package versions from a rootfs's {@code var/lib/dpkg/status}. */
public final class DpkgStatus {
    private DpkgStatus() {}

    /** The Debian version of an installed package, or null. */
    public static String version(Path rootfs, String pkg) throws IOException {
        Path status = rootfs.resolve("var/lib/dpkg/status");
        String current = null;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Package: ")) {
                current = line.substring(9).trim();
            } else if (line.startsWith("Version: ") && pkg.equals(current)) {
                return line.substring(9).trim();
            }
        }
        return null;
    }

    /** "2:1.19~1" -> "1.19", "3.11.2-1+b1" -> "3.11.2", "17.0.15+6-1~deb12u1" -> "17.0.15". */
    public static String upstream(String debianVersion) {
        if (debianVersion == null) {
            return "unknown";
        }
        String v = debianVersion;
        int colon = v.indexOf(':');
        if (colon >= 0) {
            v = v.substring(colon + 1);
        }
        int dash = v.lastIndexOf('-');
        if (dash > 0) {
            v = v.substring(0, dash);
        }
        for (char c : new char[]{'~', '+'}) {
            int i = v.indexOf(c);
            if (i > 0) {
                v = v.substring(0, i);
            }
        }
        return v;
    }
}
