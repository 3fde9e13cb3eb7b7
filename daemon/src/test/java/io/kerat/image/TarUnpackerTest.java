package io.kerat.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Safe unpacking: what a rootfs needs is kept, what escapes is refused. Archives are built in the test. */
class TarUnpackerTest {

    /** Tiny tar builder. */
    static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

        Tar() {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar dir(String name, int mode) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
            e.setMode(040000 | mode);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        Tar file(String name, String content, int mode) throws IOException {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(0100000 | mode);
            e.setSize(b.length);
            out.putArchiveEntry(e);
            out.write(b);
            out.closeArchiveEntry();
            return this;
        }

        /** A file entry whose name keeps its leading '/' (commons-compress strips it unless told not to). */
        Tar absolute(String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setMode(0100644);
            e.setSize(1);
            out.putArchiveEntry(e);
            out.write('x');
            out.closeArchiveEntry();
            return this;
        }

        Tar symlink(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(target);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        Tar hardlink(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
            e.setLinkName(target);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        ByteArrayInputStream stream() throws IOException {
            out.finish();
            return new ByteArrayInputStream(bytes.toByteArray());
        }
    }

    @Test
    void keepsModesSymlinksAndHardlinks(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        Tar t = new Tar().dir("usr", 0755).dir("usr/bin", 0755)
                .file("usr/bin/python3.11", "#!elf", 0755)
                .symlink("usr/bin/python3", "python3.11")
                .symlink("bin", "usr/bin")
                .symlink("etc-abs", "/etc/shadow")
                .hardlink("usr/bin/py-hard", "usr/bin/python3.11")
                .file("usr/bin/sudoish", "x", 04755)
                .dir("tmp", 01777);
        new TarUnpacker(root, false).unpack(t.stream());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("usr/bin/python3.11"))));
        assertEquals(Path.of("python3.11"), Files.readSymbolicLink(root.resolve("usr/bin/python3")));
        assertEquals(Path.of("/etc/shadow"), Files.readSymbolicLink(root.resolve("etc-abs")), "kept verbatim, for the sandbox");
        assertEquals(Files.getAttribute(root.resolve("usr/bin/python3.11"), "unix:ino"),
                Files.getAttribute(root.resolve("usr/bin/py-hard"), "unix:ino"));
        assertEquals(04755, (int) Files.getAttribute(root.resolve("usr/bin/sudoish"), "unix:mode") & 07777);
        assertEquals(01777, (int) Files.getAttribute(root.resolve("tmp"), "unix:mode") & 07777);
    }

    @Test
    void refusesDotDot(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        Tar t = new Tar().file("../evil", "x", 0644);
        assertThrows(UnsafeArchiveException.class, () -> new TarUnpacker(root, false).unpack(t.stream()));
        assertFalse(Files.exists(tmp.resolve("evil")));
    }

    @Test
    void refusesNestedDotDot(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        Tar t = new Tar().dir("a", 0755).file("a/../../evil", "x", 0644);
        assertThrows(UnsafeArchiveException.class, () -> new TarUnpacker(root, false).unpack(t.stream()));
        assertFalse(Files.exists(tmp.resolve("evil")));
    }

    @Test
    void refusesAbsoluteNames(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        Tar t = new Tar().absolute("/tmp/kerat-evil-abs");
        assertThrows(UnsafeArchiveException.class, () -> new TarUnpacker(root, false).unpack(t.stream()));
        assertFalse(Files.exists(Path.of("/tmp/kerat-evil-abs")));
    }

    @Test
    void neverWritesThroughASymlinkFromTheArchive(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Tar t = new Tar().symlink("escape", outside.toString()).file("escape/pwned", "x", 0644);
        assertThrows(UnsafeArchiveException.class, () -> new TarUnpacker(root, false).unpack(t.stream()));
        assertFalse(Files.exists(outside.resolve("pwned")));
    }

    @Test
    void neverWritesThroughARelativeSymlinkEither(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        Tar t = new Tar().symlink("up", "..").file("up/pwned", "x", 0644);
        assertThrows(UnsafeArchiveException.class, () -> new TarUnpacker(root, false).unpack(t.stream()));
        assertFalse(Files.exists(tmp.resolve("pwned")));
    }

    @Test
    void aFileEntryReplacesASymlinkInsteadOfFollowingIt(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        Path victim = Files.writeString(tmp.resolve("victim"), "safe");
        Tar t = new Tar().symlink("f", victim.toString()).file("f", "new", 0644);
        new TarUnpacker(root, false).unpack(t.stream());
        assertEquals("safe", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(root.resolve("f")));
        assertEquals("new", Files.readString(root.resolve("f")));
    }

    @Test
    void refusesHardlinksOutsideOrToLinks(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        Files.writeString(tmp.resolve("secret"), "s");
        Tar out = new Tar().hardlink("h", "../secret");
        assertThrows(UnsafeArchiveException.class, () -> new TarUnpacker(root, false).unpack(out.stream()));
        Tar abs = new Tar().hardlink("h2", tmp.resolve("secret").toString());
        assertThrows(UnsafeArchiveException.class, () -> new TarUnpacker(root, false).unpack(abs.stream()));
        Tar toLink = new Tar().symlink("l", "/etc/passwd").hardlink("h3", "l");
        assertThrows(UnsafeArchiveException.class, () -> new TarUnpacker(root, false).unpack(toLink.stream()));
        assertFalse(Files.exists(root.resolve("h3"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void unpackingTwiceIsIdempotent(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("rootfs"));
        for (int i = 0; i < 2; i++) {
            Tar t = new Tar().dir("etc", 0755).file("etc/hostname", "kerat", 0644).symlink("etc/alias", "hostname");
            new TarUnpacker(root, false).unpack(t.stream());
        }
        assertEquals("kerat", Files.readString(root.resolve("etc/alias")));
    }

    @Test
    void dpkgVersionsBecomeUpstreamVersions() {
        assertEquals("3.11.2", DpkgStatus.upstream("3.11.2-1+b1"));
        assertEquals("1.19", DpkgStatus.upstream("2:1.19~1"));
        assertEquals("17.0.15", DpkgStatus.upstream("17.0.15+6-1~deb12u1"));
        assertEquals("18.19.0", DpkgStatus.upstream("18.19.0+dfsg-6~deb12u2"));
        assertEquals("unknown", DpkgStatus.upstream(null));
    }

    @Test
    void readsVersionFromDpkgStatus(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), """
                Package: libc6
                Version: 2.36-9

                Package: python3
                Status: install ok installed
                Version: 3.11.2-1+b1
                """);
        assertEquals("3.11.2-1+b1", DpkgStatus.version(root, "python3"));
        assertEquals(null, DpkgStatus.version(root, "ruby"));
        assertTrue(DpkgStatus.version(root, "libc6").startsWith("2.36"));
    }
}
