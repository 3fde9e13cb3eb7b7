package io.kerat.submissions;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where callbacks may go. Entries are networks ({@code 127.0.0.0/8}, {@code 10.1.2.3}, {@code fd00::/8}, {@code ::1})
 * and host names ({@code grader.example}, or {@code .example.org} for that domain and every subdomain).
 * <p>
 * Two checks: a URL is accepted when its host is an address inside a listed network or a name matching a listed
 * name; and when delivering, every address the host resolves to must be inside a listed network (a name entry
 * alone never lets Kerat connect anywhere, so a name whose DNS answer changes after submission, DNS rebinding,
 * cannot point a callback at the admin's network). The default, {@code 127.0.0.0/8, ::1, localhost}, is loopback.
 */
public final class CallbackAllowlist {
    /** The longest callback URL accepted. */
    public static final int MAX_URL_CHARS = 2048;

    private record Network(byte[] prefix, int bits) {
        boolean contains(byte[] addr) {
            if (addr.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (addr[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (addr[full] & mask) == (prefix[full] & mask);
        }
    }

    private final List<Network> networks;
    private final List<String> names;
    private final List<String> entries;

    private CallbackAllowlist(List<Network> networks, List<String> names, List<String> entries) {
        this.networks = networks;
        this.names = names;
        this.entries = entries;
    }

    /** Parses the entries; throws IllegalArgumentException naming the first bad one. */
    public static CallbackAllowlist parse(List<String> entries) {
        List<Network> nets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            String host = slash < 0 ? e : e.substring(0, slash);
            byte[] addr = literal(host);
            if (addr != null) {
                int max = addr.length * 8;
                int bits = max;
                if (slash >= 0) {
                    try {
                        bits = Integer.parseInt(e.substring(slash + 1));
                    } catch (NumberFormatException ex) {
                        bits = -1;
                    }
                    if (bits < 0 || bits > max) {
                        throw new IllegalArgumentException("bad prefix length in '" + e + "' (0-" + max + ")");
                    }
                }
                nets.add(new Network(addr, bits));
            } else if (slash < 0 && !e.matches("[0-9.]+") && validName(e.startsWith(".") ? e.substring(1) : e)) {
                names.add(e.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("'" + e + "' is neither an address, a CIDR nor a host name");
            }
        }
        return new CallbackAllowlist(List.copyOf(nets), List.copyOf(names), List.copyOf(entries));
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets allowed), or null when {@code s} is not one; never a DNS lookup. */
    static byte[] literal(String s) {
        String h = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            byte[] b = new byte[4];
            String[] p = h.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(p[i]);
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return b;
        }
        if (h.indexOf(':') >= 0 && h.matches("[0-9A-Fa-f:.]+")) {
            try {
                return InetAddress.getByName(h).getAddress(); // a literal: parsed, not looked up
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean validName(String n) {
        return n.length() <= 253 && n.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
    }

    public List<String> entries() {
        return entries;
    }

    /** Checks a callback URL at submission time (no DNS lookup); the message says what is wrong. */
    public void check(URI uri) throws AsyncSubmissions.CallbackRefused {
        if (uri == null) {
            return;
        }
        String text = uri.toString();
        if (text.length() > MAX_URL_CHARS) {
            throw new AsyncSubmissions.CallbackRefused("the callback URL is longer than " + MAX_URL_CHARS + " characters");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new AsyncSubmissions.CallbackRefused("the callback URL must be http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new AsyncSubmissions.CallbackRefused("the callback URL must not hold credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new AsyncSubmissions.CallbackRefused("the callback URL has no host");
        }
        if (!allowsHost(host)) {
            throw new AsyncSubmissions.CallbackRefused("callbacks to " + host + " are not allowed here (allowed: "
                    + String.join(", ", entries) + ")");
        }
    }

    /** Whether a URL's host (a name or an address literal) is allowed at submission time. */
    public boolean allowsHost(String host) {
        byte[] addr = literal(host);
        if (addr != null) {
            return allowsAddress(addr);
        }
        String n;
        try {
            n = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        for (String e : names) {
            if (e.startsWith(".") ? n.equals(e.substring(1)) || n.endsWith(e) : n.equals(e)) {
                return true;
            }
        }
        return false;
    }

    /** Whether Kerat may connect to this address (delivery time, after resolving the host). */
    public boolean allowsAddress(byte[] addr) {
        byte[] a = addr;
        if (a.length == 16 && isMappedV4(a)) {
            a = new byte[]{a[12], a[13], a[14], a[15]};
        }
        for (Network n : networks) {
            if (n.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }
}
