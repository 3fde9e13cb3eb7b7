package io.kerat.util;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers for jobs and sandboxes: lowercase hex, safe as file, cgroup and runsc container names. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String random() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
