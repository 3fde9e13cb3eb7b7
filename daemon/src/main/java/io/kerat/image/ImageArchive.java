package io.kerat.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Read access to the members of an image archive (an OCI image layout or a docker-archive), whether it is a
 * directory ({@link DirArchive}) or an uncompressed tar ({@link TarArchive}). Member names are relative
 * ({@code blobs/sha256/<hex>}, {@code manifest.json}); links are followed only while they stay inside the archive.
 */
interface ImageArchive extends Closeable {
    /** True if the member is there and is a regular file (after links). */
    boolean exists(String path) throws IOException;

    /** The member's bytes; an {@link ImageException} if it is missing. */
    InputStream open(String path) throws IOException;

    /** A member name without {@code ./} and trailing {@code /}; null if absolute or with {@code ..}. */
    static String clean(String name) {
        if (name == null || name.indexOf('\0') >= 0 || name.startsWith("/")) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return null;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    /** Resolves a relative symbolic link target against the directory of {@code from}, lexically, inside the archive. */
    static String follow(String from, String target) throws ImageException {
        if (target.startsWith("/")) {
            throw new ImageException("archive member " + from + " links outside the archive: " + target);
        }
        Deque<String> parts = new ArrayDeque<>(List.of(from.split("/")));
        parts.removeLast();
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ImageException("archive member " + from + " links outside the archive: " + target);
                }
                parts.removeLast();
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }
}
