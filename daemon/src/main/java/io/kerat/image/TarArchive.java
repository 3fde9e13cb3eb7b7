package io.kerat.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An image archive as an uncompressed tar file, read with random access. {@code prefix} is the directory inside the
 * tar that holds the archive ("" for the top; "image" for a layout tarred with its directory).
 */
final class TarArchive implements ImageArchive {
    private final TarFile tar;
    private final String prefix;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    TarArchive(Path file, String prefix) throws IOException {
        this.tar = new TarFile(file);
        this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix + "/";
        for (TarArchiveEntry e : tar.getEntries()) {
            String n = ImageArchive.clean(e.getName());
            if (n != null && !n.isEmpty()) {
                entries.put(n, e);
            }
        }
    }

    private TarArchiveEntry locate(String path) throws IOException {
        String p = ImageArchive.clean(path);
        if (p == null || p.isEmpty()) {
            throw new ImageException("bad archive member name '" + path + "'");
        }
        p = prefix + p;
        for (int hops = 0; hops < 16; hops++) {
            TarArchiveEntry e = entries.get(p);
            if (e == null) {
                // a link on a parent directory (legacy docker save links whole layer directories)
                String[] parts = p.split("/");
                String next = null;
                for (int i = 1; i < parts.length && next == null; i++) {
                    String dir = String.join("/", List.of(parts).subList(0, i));
                    TarArchiveEntry d = entries.get(dir);
                    if (d != null && d.isSymbolicLink()) {
                        next = ImageArchive.follow(dir, d.getLinkName()) + "/"
                                + String.join("/", List.of(parts).subList(i, parts.length));
                    }
                }
                if (next == null) {
                    return null;
                }
                p = next;
            } else if (e.isSymbolicLink()) {
                p = ImageArchive.follow(p, e.getLinkName());
            } else if (e.isLink()) {
                String t = ImageArchive.clean(e.getLinkName());
                if (t == null) {
                    throw new ImageException("archive member " + p + " links outside the archive");
                }
                p = t;
            } else {
                return e.isFile() ? e : null;
            }
        }
        throw new ImageException("too many links at " + path);
    }

    @Override
    public boolean exists(String path) throws IOException {
        return locate(path) != null;
    }

    @Override
    public InputStream open(String path) throws IOException {
        TarArchiveEntry e = locate(path);
        if (e == null) {
            throw new ImageException("missing " + path + " in the archive");
        }
        return new BufferedInputStream(tar.getInputStream(e), 1 << 16);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
