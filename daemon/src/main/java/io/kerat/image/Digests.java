package io.kerat.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Digests of image archives: their syntax, blob paths, and small JSON members read with their digest checked. */
final class Digests {
    private static final Pattern DIGEST = Pattern.compile("(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})");
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/(sha256|sha512)/([0-9a-f]{64}|[0-9a-f]{128})");
    /** A docker-archive member named by its digest: {@code <hex>.json} (config), {@code <hex>.tar} (skopeo/podman layer). */
    private static final Pattern NAMED_BY_DIGEST = Pattern.compile("([0-9a-f]{64})\\.(json|tar)");
    static final long MAX_JSON = 16L << 20;
    static final ObjectMapper JSON = new ObjectMapper();

    private Digests() {}

    static String checked(String d) throws ImageException {
        if (d == null || !DIGEST.matcher(d).matches()) {
            throw new ImageException("not a supported digest: '" + d + "'");
        }
        return d;
    }

    static String of(JsonNode desc) throws ImageException {
        JsonNode d = desc.path("digest");
        if (!d.isTextual()) {
            throw new ImageException("a descriptor has no digest: " + abbreviate(desc.toString()));
        }
        return checked(d.asText());
    }

    /** The digest a member's name encodes ({@code blobs/sha256/<hex>}, {@code <hex>.json}, {@code <hex>.tar}), or null. */
    static String inName(String path) {
        String p = ImageArchive.clean(path);
        if (p == null) {
            return null;
        }
        Matcher m = BLOB_PATH.matcher(p);
        if (m.matches()) {
            String d = m.group(1) + ":" + m.group(2);
            return DIGEST.matcher(d).matches() ? d : null;
        }
        m = NAMED_BY_DIGEST.matcher(p);
        return m.matches() ? "sha256:" + m.group(1) : null;
    }

    static String blobPath(String digest) {
        int colon = digest.indexOf(':');
        return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
    }

    static String algorithm(String digest) {
        return digest.substring(0, digest.indexOf(':'));
    }

    static MessageDigest sha(String alg) {
        try {
            return MessageDigest.getInstance(alg.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(String alg, byte[] b) {
        return alg + ":" + HexFormat.of().formatHex(sha(alg).digest(b));
    }

    /** Fails unless {@code md} (fed the whole member) gives {@code expected}; no check when {@code expected} is null. */
    static void check(String what, String expected, MessageDigest md) throws ImageException {
        if (expected == null) {
            return;
        }
        String got = algorithm(expected) + ":" + HexFormat.of().formatHex(md.digest());
        if (!got.equals(expected)) {
            throw new ImageException("digest mismatch for " + what + ": expected " + expected + ", got " + got);
        }
    }

    /** Reads a small JSON blob named by a descriptor and checks its digest (and size, if given). */
    static byte[] readBlob(ImageArchive a, JsonNode desc) throws IOException {
        String d = of(desc);
        byte[] b = readSmall(a, blobPath(d));
        String got = hash(algorithm(d), b);
        if (!got.equals(d)) {
            throw new ImageException("digest mismatch for " + blobPath(d) + ": expected " + d + ", got " + got);
        }
        if (desc.has("size") && desc.path("size").asLong() != b.length) {
            throw new ImageException("size mismatch for " + blobPath(d) + ": expected " + desc.path("size") + ", got " + b.length);
        }
        return b;
    }

    static byte[] readSmall(ImageArchive a, String path) throws IOException {
        try (InputStream in = a.open(path)) {
            byte[] b = in.readNBytes((int) MAX_JSON + 1);
            if (b.length > MAX_JSON) {
                throw new ImageException(path + " is too large for a JSON document");
            }
            return b;
        }
    }

    /** Parses a member as JSON; malformed JSON is an {@link ImageException} naming the member. */
    static JsonNode json(String what, byte[] b) throws ImageException {
        JsonNode n;
        try {
            n = JSON.readTree(b);
        } catch (IOException e) {
            throw new ImageException(what + " is not valid JSON: " + abbreviate(String.valueOf(e.getMessage()).split("\n")[0]));
        }
        if (n == null || n.isMissingNode()) {
            throw new ImageException(what + " is empty");
        }
        return n;
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
