package io.kerat.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fresh directory for one fuzz input: {@code root/} to unpack into, and beside it {@code outside/} with a victim
 * file and a directory that links inside the root point at. {@link #check} fails if anything but {@code root/} and
 * {@code outside/} exists in the sandbox, if {@code outside/} changed, or if the victim gained a hard link.
 */
final class Confinement implements AutoCloseable {
    static final String VICTIM = "do not touch";
    /** Caps what one input may write (a compression bomb is the importer's size problem, not an escape). */
    static final long MAX_BYTES = 8L << 20;

    final Path box;
    final Path root;
    final Path outside;

    Confinement(Path base) throws IOException {
        box = Files.createTempDirectory(base, "in-");
        root = Files.createDirectory(box.resolve("root"));
        outside = Files.createDirectory(box.resolve("outside"));
        Files.writeString(outside.resolve("victim"), VICTIM);
        Files.createDirectory(outside.resolve("dir"));
    }

    /** Plants links a hostile lower layer could have left: to the outside by absolute and relative names. */
    void plantLinks() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/tool"), "v1");
        Files.createSymbolicLink(root.resolve("abs"), outside);
        Files.createSymbolicLink(root.resolve("rel"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of("../../outside/dir"));
        Files.createSymbolicLink(root.resolve("victim"), outside.resolve("victim"));
    }

    void check() throws IOException {
        try (Stream<Path> s = Files.list(box)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("outside", "root"), names, "something was written beside the root");
        }
        assertTrue(Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS), "the root is no longer a directory");
        assertTrue(Files.isDirectory(outside, LinkOption.NOFOLLOW_LINKS), "outside/ was replaced");
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of("dir", "victim"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "something was written outside the root");
        }
        Path victim = outside.resolve("victim");
        assertTrue(Files.isRegularFile(victim, LinkOption.NOFOLLOW_LINKS), "the victim was replaced");
        try (InputStream in = Files.newInputStream(victim, LinkOption.NOFOLLOW_LINKS)) {
            assertEquals(VICTIM, new String(in.readNBytes(100), StandardCharsets.UTF_8), "the victim was written");
        }
        assertEquals(1, Files.getAttribute(victim, "unix:nlink", LinkOption.NOFOLLOW_LINKS),
                "the victim was hard-linked into the root");
        try (Stream<Path> s = Files.list(outside.resolve("dir"))) {
            assertEquals(0, s.count(), "something was written outside the root through a link");
        }
    }

    @Override
    public void close() throws IOException {
        ImageStore.deleteTree(box);
    }

    /** Reads at most {@link #MAX_BYTES}, then fails with an IOException (an allowed outcome). */
    static InputStream capped(InputStream in) {
        return new java.io.FilterInputStream(in) {
            private long left = MAX_BYTES;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    throw new IOException("fuzz harness: more than " + MAX_BYTES + " bytes");
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                int len = (int) Math.min(8192, Math.max(1, n));
                return Math.max(0, read(new byte[len], 0, len));
            }
        };
    }
}
