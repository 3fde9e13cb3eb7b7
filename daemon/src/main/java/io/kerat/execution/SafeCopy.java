package io.kerat.execution;

import io.kerat.util.Posix;
import jnr.constants.platform.OpenFlags;
import jnr.posix.FileStat;
import jnr.posix.POSIX;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Copies an untrusted tree without following, reading or keeping anything but regular files and directories. */
final class SafeCopy {
    /** The tree holds something that must not be cached. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private static final int O_RDONLY = OpenFlags.O_RDONLY.intValue();
    private static final int O_NOFOLLOW = OpenFlags.O_NOFOLLOW.intValue();
    private static final int O_NONBLOCK = OpenFlags.O_NONBLOCK.intValue();
    private static final int O_CLOEXEC = OpenFlags.O_CLOEXEC.defined() ? OpenFlags.O_CLOEXEC.intValue() : 0;

    private final POSIX posix = Posix.posix();
    private final long maxBytes;
    private final int maxFiles;
    private final int maxDepth;
    private final long dev;
    private long bytes;
    private int files;

    private SafeCopy(long dev, long maxBytes, int maxFiles, int maxDepth) {
        this.dev = dev;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.maxDepth = maxDepth;
    }

    /** Copies {@code src} (a directory) to {@code dst} (absent); returns the accounted bytes. */
    static long copy(Path src, Path dst, long maxBytes, int maxFiles, int maxDepth) throws IOException, Refused {
        SafeCopy c = of(src, maxBytes, maxFiles, maxDepth);
        c.dir(src, dst, 0);
        return c.bytes;
    }

    /**
     * Copies the children of {@code src} (a directory) into {@code dst}, an existing empty directory the daemon
     * made (a pooled sandbox's build mount); returns the accounted bytes.
     */
    static long copyInto(Path src, Path dst, long maxBytes, int maxFiles, int maxDepth) throws IOException, Refused {
        SafeCopy c = of(src, maxBytes, maxFiles, maxDepth);
        c.children(src, dst, 0);
        return c.bytes;
    }

    /** A copier of the tree at {@code src}, which must be a directory (not a link to one); stays on its device. */
    private static SafeCopy of(Path src, long maxBytes, int maxFiles, int maxDepth) throws Refused {
        FileStat root = Posix.posix().allocateStat();
        if (Posix.posix().lstat(src.toString(), root) != 0 || !root.isDirectory()) {
            throw new Refused("the build directory is not a directory");
        }
        return new SafeCopy(root.dev(), maxBytes, maxFiles, maxDepth);
    }

    private void count(long size) throws Refused {
        files++;
        bytes += CompileCache.BLOCK * Math.max(1, (size + CompileCache.BLOCK - 1) / CompileCache.BLOCK);
        if (files > maxFiles) {
            throw new Refused("more than " + maxFiles + " files");
        }
        if (bytes > maxBytes) {
            throw new Refused("larger than " + maxBytes + " bytes");
        }
    }

    private void dir(Path src, Path dst, int depth) throws IOException, Refused {
        if (depth > maxDepth) {
            throw new Refused("deeper than " + maxDepth + " directories");
        }
        count(0);
        Files.createDirectory(dst);
        children(src, dst, depth);
        Posix.chmod(dst, 0755);
    }

    private void children(Path src, Path dst, int depth) throws IOException, Refused {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(src)) {
            for (Path p : s) {
                children.add(p);
                if (children.size() > maxFiles) {
                    throw new Refused("more than " + maxFiles + " files");
                }
            }
        }
        children.sort(null);
        for (Path p : children) {
            String name = p.getFileName().toString();
            FileStat st = posix.allocateStat();
            if (posix.lstat(p.toString(), st) != 0) {
                throw new Refused("cannot lstat " + name + " (errno " + posix.errno() + ")");
            }
            if (st.dev() != dev) {
                throw new Refused(name + " is on another filesystem");
            }
            Path to = dst.resolve(name);
            if (st.isDirectory()) {
                dir(p, to, depth + 1);
            } else if (st.isFile()) {
                file(p, to, st);
            } else {
                throw new Refused(name + " is a " + st.ftype() + ", not a regular file or directory");
            }
        }
    }

    private void file(Path src, Path dst, FileStat before) throws IOException, Refused {
        count(before.st_size());
        int fd = posix.open(src.toString(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0) {
            throw new Refused("cannot open " + src.getFileName() + " (errno " + posix.errno() + ")");
        }
        try {
            FileStat st = posix.allocateStat();
            if (posix.fstat(fd, st) != 0 || !st.isFile() || st.ino() != before.ino() || st.dev() != before.dev()) {
                throw new Refused(src.getFileName() + " changed while being copied");
            }
            long size = st.st_size();
            long copied = 0;
            byte[] buf = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(dst, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                while (true) {
                    int n = posix.read(fd, buf, buf.length);
                    if (n < 0) {
                        throw new IOException("read " + src + " failed: errno " + posix.errno());
                    }
                    if (n == 0) {
                        break;
                    }
                    copied += n;
                    if (copied > size) {
                        throw new Refused(src.getFileName() + " grew while being copied");
                    }
                    out.write(buf, 0, n);
                }
            }
            if (copied != size) {
                throw new Refused(src.getFileName() + " shrank while being copied");
            }
            boolean exec = (st.mode() & 0111) != 0;
            Posix.chmod(dst, exec ? 0755 : 0644);
        } finally {
            posix.close(fd);
        }
    }
}
