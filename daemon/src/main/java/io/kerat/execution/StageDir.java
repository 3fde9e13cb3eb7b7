package io.kerat.execution;

import io.kerat.execution.ExecutionException.Kind;
import io.kerat.util.Posix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One stage's directories on the host: {@code <job>/<stage>/config.json} (daemon only) and a fresh tmpfs at
 * {@code <job>/<stage>/fs} sized by the stage's disk limit, holding workspace/, out/ and build/. Everything the
 * sandbox can write lives on that tmpfs, so cleaning up is an unmount: the host never walks, chowns or deletes
 * through anything the sandbox made.
 */
final class StageDir implements AutoCloseable {
    private final Path dir;
    private final Path fs;
    private boolean mounted;
    private boolean buildMounted;

    StageDir(Path jobDir, String stage, long sizeBytes, int uid) throws IOException {
        this.dir = jobDir.resolve(stage);
        this.fs = dir.resolve("fs");
        Files.createDirectory(dir);
        Files.createDirectory(fs);
        try {
            Posix.mountTmpfs(fs, "size=" + sizeBytes + ",mode=0755,nr_inodes=" + Math.max(1024, sizeBytes / 4096));
        } catch (IOException e) {
            Files.delete(fs);
            Files.delete(dir);
            throw new ExecutionException(Kind.UNAVAILABLE, "cannot mount the stage's tmpfs: " + e.getMessage()
                    + " (the daemon must run as root)", e);
        }
        mounted = true;
        for (String sub : new String[]{"workspace", "out", "build"}) {
            Path p = fs.resolve(sub);
            Files.createDirectory(p);
            Posix.lchown(p, uid, uid);
            Posix.chmod(p, 0755);
        }
        // the daemon's hand-over script for a pooled sandbox: root-owned, mounted read-only
        Files.createDirectory(fs.resolve("ctl"));
        Posix.chmod(fs.resolve("ctl"), 0755);
    }

    Path dir() { return dir; }

    Path workspace() { return fs.resolve("workspace"); }

    Path out() { return fs.resolve("out"); }

    Path build() { return fs.resolve("build"); }

    Path ctl() { return fs.resolve("ctl"); }

    /**
     * Gives build/ a tmpfs of its own (a pooled sandbox that may serve a compiled program: the daemon copies the
     * compile output in at hand-over). The cold path mounts the compile output read-only from elsewhere, so a copy
     * here must not eat into the stage's own disk limit. Pages are only used as files are written.
     */
    void mountBuild(long sizeBytes) throws IOException {
        Posix.mountTmpfs(build(), "size=" + sizeBytes + ",mode=0755,nr_inodes=" + Math.max(1024, sizeBytes / 4096));
        buildMounted = true;
    }

    /** Writes the script a pooled sandbox's init runs once released (before the release, so no race). */
    void writeControl(String script) throws IOException {
        writeControl("go.sh", script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes another hand-over file into ctl/ (root-owned, read-only inside), before the release. */
    void writeControl(String name, byte[] content) throws IOException {
        Path f = ctl().resolve(name);
        Files.write(f, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        Posix.chmod(f, 0644);
    }

    /** Writes submitted files into the fresh workspace, before any sandbox exists (no links can be there yet). */
    void writeFiles(Iterable<SourceFile> files, int uid) throws IOException {
        writeFilesInto(workspace(), files, uid);
    }

    /** As {@link #writeFiles}, into a fresh directory {@code ws} of this stage (a process-mode case's files in ctl/). */
    void writeFilesInto(Path ws, Iterable<SourceFile> files, int uid) throws IOException {
        for (SourceFile f : files) {
            Path target = ws.resolve(f.name()).normalize();
            if (!target.startsWith(ws) || target.equals(ws)) {
                throw new IOException("file name escapes the workspace: " + f.name());
            }
            Path cur = ws;
            Path rel = ws.relativize(target);
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                cur = cur.resolve(rel.getName(i));
                if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(cur);
                    Posix.lchown(cur, uid, uid);
                    Posix.chmod(cur, 0755);
                } else if (!Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("'" + ws.relativize(cur) + "' is both a file and a directory");
                }
            }
            Files.write(target, f.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            Posix.lchown(target, uid, uid);
            Posix.chmod(target, 0644);
        }
    }

    /**
     * Reads a file the sandbox wrote into out/, refusing links, FIFOs and anything over {@code cap} bytes.
     * Only called once the sandbox is dead, so nothing can swap the file between the check and the read.
     */
    byte[] readOut(String name, long cap) throws IOException {
        Path p = out().resolve(name);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
        if (!a.isRegularFile()) {
            throw new IOException(name + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] data = in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
            if (data.length > cap) {
                throw new IOException(name + " is larger than " + cap + " bytes");
            }
            return data;
        }
    }

    /**
     * Reads a file the (dead) sandbox left in the workspace, e.g. a case's output file: every component of the
     * path is checked without following links, the file must be regular and at most {@code cap} bytes.
     * Returns null when it does not exist.
     */
    byte[] readWorkspaceFile(String relative, long cap) throws IOException {
        Path ws = workspace();
        Path p = ws.resolve(relative).normalize();
        if (!p.startsWith(ws) || p.equals(ws)) {
            throw new IOException("'" + relative + "' is not inside the workspace");
        }
        Path cur = ws;
        Path rel = ws.relativize(p);
        for (int i = 0; i < rel.getNameCount(); i++) {
            cur = cur.resolve(rel.getName(i));
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(cur, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException e) {
                return null;
            }
            if (a.isSymbolicLink()) {
                throw new IOException("'" + ws.relativize(cur) + "' is a symbolic link");
            }
            if (i < rel.getNameCount() - 1 ? !a.isDirectory() : !a.isRegularFile()) {
                throw new IOException("'" + ws.relativize(cur) + "' is not a " + (i < rel.getNameCount() - 1
                        ? "directory" : "regular file"));
            }
        }
        try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] data = in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
            if (data.length > cap) {
                throw new TooLarge(relative + " is larger than " + cap + " bytes");
            }
            return data;
        }
    }

    /** A file over its cap. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    @Override
    public void close() throws IOException {
        if (buildMounted) {
            Posix.umount(build());
            buildMounted = false;
        }
        if (mounted) {
            Posix.umount(fs);
            mounted = false;
        }
        Files.deleteIfExists(dir.resolve("config.json.tmp"));
        Files.deleteIfExists(dir.resolve("config.json"));
        Files.deleteIfExists(fs);
        Files.deleteIfExists(dir);
    }
}
