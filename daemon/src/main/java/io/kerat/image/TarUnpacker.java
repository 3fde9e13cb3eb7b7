package io.kerat.image;

import io.kerat.util.Posix;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.DirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Unpacks a rootfs tarball into a directory, keeping modes (setuid included), owners, symbolic and hard links,
 * and refusing whatever would escape the directory: absolute names, {@code ..}, a path through a symbolic link
 * (links are for the sandbox to resolve, never the host), hard links to outside or to links. Device nodes and
 * FIFOs are skipped: runsc provides /dev.
 *
 * <p>{@link #applyLayer} applies an image layer on top of what is already there (OCI / docker layer semantics):
 * {@code .wh.<name>} deletes {@code <name>} from the lower layers, {@code .wh..wh..opq} empties its directory of
 * what the lower layers put there, and an entry may replace a lower directory. A whiteout is resolved like any
 * entry name (no {@code ..}, no absolute name, never through a symbolic link) and deletes without following links.
 */
public final class TarUnpacker {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    private final Path root;
    private final boolean chown;
    private final List<Object[]> dirTimes = new ArrayList<>();
    /** Layer mode: paths written by the current layer (whiteouts only hide lower layers). Null in plain mode. */
    private Set<Path> written;

    public TarUnpacker(Path root, boolean chown) {
        this.root = root.toAbsolutePath().normalize();
        this.chown = chown;
    }

    /** Unpacks a plain rootfs tarball (no whiteout processing). Returns the number of entries written. */
    public int unpack(InputStream tar) throws IOException {
        written = null;
        return run(tar);
    }

    /** Applies one image layer over the root, whiteouts included. Returns the number of entries written or deleted. */
    public int applyLayer(InputStream tar) throws IOException {
        written = new HashSet<>();
        try {
            return run(tar);
        } finally {
            written = null;
        }
    }

    private int run(InputStream tar) throws IOException {
        dirTimes.clear();
        int count = 0;
        // not closed here: the caller owns the stream (and may digest what follows the last entry)
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
            if (written != null && isWhiteout(e.getName())) {
                if (whiteout(e.getName())) {
                    count++;
                }
            } else if (write(in, e)) {
                count++;
            }
        }
        // directories last, or writing into them would change their times again
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            Path d = (Path) dirTimes.get(i)[0];
            // a later entry of a layer may have replaced it: never follow a link here
            if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                FileTime t = (FileTime) dirTimes.get(i)[1];
                Files.getFileAttributeView(d, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, null, null);
            }
        }
        return count;
    }

    static boolean isWhiteout(String name) {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = n.lastIndexOf('/');
        return n.substring(slash + 1).startsWith(WHITEOUT);
    }

    /** Handles a whiteout entry; returns true if something was deleted. */
    private boolean whiteout(String name) throws IOException {
        resolve(name); // refuses absolute names, '..' and NUL like any entry
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        int slash = n.lastIndexOf('/');
        String dirName = slash < 0 ? "" : n.substring(0, slash);
        String base = n.substring(slash + 1);
        Path dir = dirName.isEmpty() ? root : resolve(dirName);
        if (!existingParents(name, dir.equals(root) ? root.resolve("x") : dir.resolve("x"))) {
            return false; // the directory is not there: nothing to hide
        }
        if (!dir.equals(root) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(dir)) {
                throw new UnsafeArchiveException(name, "whiteout through the symbolic link " + root.relativize(dir));
            }
            return false;
        }
        if (base.equals(OPAQUE)) {
            return opaque(dir);
        }
        String target = base.substring(WHITEOUT.length());
        if (target.isEmpty() || target.equals(".") || target.equals("..") || target.startsWith(WHITEOUT)) {
            throw new UnsafeArchiveException(name, "bad whiteout target '" + target + "'");
        }
        Path victim = resolve(dirName.isEmpty() ? target : dirName + "/" + target);
        if (!victim.getParent().equals(dir) || victim.equals(root)) {
            throw new UnsafeArchiveException(name, "whiteout outside its directory");
        }
        if (written.contains(victim) || !Files.exists(victim, LinkOption.NOFOLLOW_LINKS)) {
            return false; // whiteouts hide lower layers only
        }
        ImageStore.deleteTree(victim);
        return true;
    }

    /** Deletes what lower layers put in {@code dir}, keeping what this layer wrote. */
    private boolean opaque(Path dir) throws IOException {
        boolean any = false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path child : s) {
                if (!written.contains(child)) {
                    ImageStore.deleteTree(child);
                    any = true;
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    any |= opaque(child);
                }
            }
        }
        return any;
    }

    /** Like {@link #checkParents} but creates nothing: false if a parent is missing or not a directory. */
    private boolean existingParents(String entry, Path p) throws IOException {
        return walkParents(entry, p, false);
    }

    /** Maps an entry name to a path strictly inside the root, or throws. */
    Path resolve(String name) throws UnsafeArchiveException {
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeArchiveException(name, "NUL in name");
        }
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.startsWith("/")) {
            throw new UnsafeArchiveException(name, "absolute name");
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeArchiveException(name, "'..' in name");
            }
        }
        Path p = root.resolve(n).normalize();
        if (!p.startsWith(root)) {
            throw new UnsafeArchiveException(name, "outside the root");
        }
        return p;
    }

    /** Refuses a path whose parent directories are anything but real directories (a planted link, say). */
    private void checkParents(String entry, Path p) throws IOException {
        walkParents(entry, p, true);
    }

    /**
     * Walks the parents of {@code p} below the root, never through a symbolic link (throws). A missing parent is
     * created when {@code create}, else the walk answers false; so does a parent that is not a directory when not
     * creating (creating, it throws).
     */
    private boolean walkParents(String entry, Path p, boolean create) throws IOException {
        Path rel = root.relativize(p);
        Path cur = root;
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            cur = cur.resolve(rel.getName(i));
            if (Files.isSymbolicLink(cur)) {
                throw new UnsafeArchiveException(entry, "path goes through the symbolic link " + root.relativize(cur));
            }
            if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                if (!create) {
                    return false;
                }
                Files.createDirectory(cur);
                Posix.chmod(cur, 0755);
            } else if (!Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
                if (!create) {
                    return false;
                }
                throw new UnsafeArchiveException(entry, root.relativize(cur) + " is not a directory");
            }
        }
        return true;
    }

    private boolean write(InputStream in, TarArchiveEntry e) throws IOException {
        String name = e.getName();
        Path p = resolve(name);
        if (p.equals(root)) {
            if (e.isDirectory()) {
                Posix.chmod(root, e.getMode() & 07777);
            }
            return false;
        }
        checkParents(name, p);
        if (written != null) {
            written.add(p);
        }
        if (e.isDirectory()) {
            if (Files.isSymbolicLink(p) || (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                Files.delete(p);
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
            }
            owner(p, e);
            Posix.chmod(p, e.getMode() & 07777);
            dirTimes.add(new Object[]{p, FileTime.from(e.getLastModifiedDate().toInstant())});
            return true;
        }
        if (e.isSymbolicLink()) {
            replaceable(name, p);
            String target = e.getLinkName();
            if (target.indexOf('\0') >= 0 || target.isEmpty()) {
                throw new UnsafeArchiveException(name, "bad link target");
            }
            // Kept as written: inside the sandbox it resolves against the sandbox's root. The host never follows it.
            Files.createSymbolicLink(p, Path.of(target));
            owner(p, e);
            return true;
        }
        if (e.isLink()) {
            replaceable(name, p);
            Path target = resolve(e.getLinkName());
            checkParents(name, target);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException ex) {
                throw new UnsafeArchiveException(name, "hard link to missing " + e.getLinkName());
            }
            if (!a.isRegularFile()) {
                throw new UnsafeArchiveException(name, "hard link to something not a regular file: " + e.getLinkName());
            }
            Files.createLink(p, target);
            return true;
        }
        if (e.isFile()) {
            replaceable(name, p);
            Path part = p.resolveSibling(p.getFileName() + ".kerat-part");
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(out);
            }
            owner(part, e);
            Posix.chmod(part, e.getMode() & 07777);
            Files.setLastModifiedTime(part, FileTime.from(e.getLastModifiedDate().toInstant()));
            Files.move(part, p, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
        // character and block devices, FIFOs: runsc supplies its own /dev
        return false;
    }

    /**
     * An entry may replace an earlier file or link of the same name (tar semantics), never a directory, except
     * a directory of a lower layer (layer semantics; deleted without following links).
     */
    private void replaceable(String name, Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            if (written == null) {
                throw new UnsafeArchiveException(name, "would replace a directory");
            }
            ImageStore.deleteTree(p);
            return;
        }
        Files.deleteIfExists(p);
    }

    private void owner(Path p, TarArchiveEntry e) throws IOException {
        if (chown) {
            Posix.lchown(p, (int) e.getLongUserId(), (int) e.getLongGroupId());
        }
    }
}
