package io.kerat.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** An image archive unpacked in a directory; symbolic links are followed only as relative links that stay inside it. */
final class DirArchive implements ImageArchive {
    private final Path root;

    DirArchive(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private Path locate(String path) throws IOException {
        String p = ImageArchive.clean(path);
        if (p == null || p.isEmpty()) {
            throw new ImageException("bad archive member name '" + path + "'");
        }
        for (int hops = 0; hops < 16; hops++) {
            Path cur = root;
            String[] parts = p.split("/");
            String next = null;
            for (int i = 0; i < parts.length; i++) {
                cur = cur.resolve(parts[i]);
                if (Files.isSymbolicLink(cur)) {
                    String prefix = String.join("/", List.of(parts).subList(0, i + 1));
                    String rest = String.join("/", List.of(parts).subList(i + 1, parts.length));
                    String t = ImageArchive.follow(prefix, Files.readSymbolicLink(cur).toString());
                    next = rest.isEmpty() ? t : t + "/" + rest;
                    break;
                }
                if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                    return null;
                }
            }
            if (next == null) {
                return cur;
            }
            p = next;
        }
        throw new ImageException("too many symbolic links at " + path);
    }

    @Override
    public boolean exists(String path) throws IOException {
        Path p = locate(path);
        return p != null && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path p = locate(path);
        if (p == null || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageException("missing " + path + " in " + root);
        }
        return new BufferedInputStream(Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS), 1 << 16);
    }

    @Override
    public void close() {
    }
}
