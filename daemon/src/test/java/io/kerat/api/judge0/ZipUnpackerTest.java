package io.kerat.api.judge0;

import io.kerat.execution.SourceFile;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipUnpackerTest {
    private final ZipUnpacker unpacker = new ZipUnpacker(10, 1 << 20, 2 << 20);

    /** name, content (null: a directory), unix mode (0: none) */
    static byte[] zip(Object... entries) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(buf)) {
            for (int i = 0; i < entries.length; i += 3) {
                ZipArchiveEntry e = new ZipArchiveEntry((String) entries[i]);
                int mode = (Integer) entries[i + 2];
                if (mode != 0) {
                    e.setUnixMode(mode);
                }
                z.putArchiveEntry(e);
                if (entries[i + 1] instanceof byte[] b) {
                    z.write(b);
                } else if (entries[i + 1] instanceof String s) {
                    z.write(s.getBytes(StandardCharsets.UTF_8));
                }
                z.closeArchiveEntry();
            }
        }
        return buf.toByteArray();
    }

    @Test
    void plainFilesAndDirectoriesUnpack() throws Exception {
        List<SourceFile> files = unpacker.unpack(zip("a.py", "x = 1\n", 0100644, "lib/", null, 040755,
                "lib/b.py", "y = 2\n", 0));
        assertEquals(2, files.size());
        assertEquals("a.py", files.get(0).name());
        assertEquals("lib/b.py", files.get(1).name());
        assertArrayEquals("y = 2\n".getBytes(StandardCharsets.UTF_8), files.get(1).content());
    }

    @Test
    void traversalAndAbsoluteNamesAreRefused() throws Exception {
        var e1 = assertThrows(ZipUnpacker.UnsafeZipException.class, () -> unpacker.unpack(zip("../evil", "x", 0)));
        assertTrue(e1.getMessage().contains("'../evil'"), e1.getMessage());
        assertThrows(ZipUnpacker.UnsafeZipException.class, () -> unpacker.unpack(zip("a/../../evil", "x", 0)));
        var e2 = assertThrows(ZipUnpacker.UnsafeZipException.class, () -> unpacker.unpack(zip("/etc/passwd", "x", 0)));
        assertTrue(e2.getMessage().contains("absolute"), e2.getMessage());
        assertThrows(ZipUnpacker.UnsafeZipException.class, () -> unpacker.unpack(zip("a\\..\\b", "x", 0)));
    }

    @Test
    void symbolicLinksAndSpecialFilesAreRefused() throws Exception {
        var e = assertThrows(ZipUnpacker.UnsafeZipException.class,
                () -> unpacker.unpack(zip("link", "/etc/shadow", UnixStat.LINK_FLAG | 0777)));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertThrows(ZipUnpacker.UnsafeZipException.class, () -> unpacker.unpack(zip("fifo", "", 0010644)));
    }

    @Test
    void zipBombsStopAtTheBoundNotAtTheDeclaredSize() throws Exception {
        byte[] zeros = new byte[64 << 20]; // 64 MiB of zeros deflate to ~64 KiB
        byte[] bomb = zip("bomb.txt", zeros, 0);
        assertTrue(bomb.length < 200_000);
        var e = assertThrows(ZipUnpacker.UnsafeZipException.class, () -> unpacker.unpack(bomb));
        assertTrue(e.getMessage().contains("inflates past the bound"), e.getMessage());
        // many files each under the per-file bound, together over the total
        byte[] half = new byte[900 << 10];
        var t = assertThrows(ZipUnpacker.UnsafeZipException.class,
                () -> unpacker.unpack(zip("a", half, 0, "b", half, 0, "c", half, 0)));
        assertTrue(t.getMessage().contains("inflates past the bound"), t.getMessage());
    }

    @Test
    void tooManyDuplicateOrGarbageAreRefused() throws Exception {
        Object[] many = new Object[33];
        for (int i = 0; i < 11; i++) {
            many[i * 3] = "f" + i;
            many[i * 3 + 1] = "x";
            many[i * 3 + 2] = 0;
        }
        assertThrows(ZipUnpacker.UnsafeZipException.class, () -> unpacker.unpack(zip(many)));
        assertThrows(ZipUnpacker.UnsafeZipException.class, () -> unpacker.unpack(zip("a", "1", 0, "a", "2", 0)));
        var g = assertThrows(ZipUnpacker.UnsafeZipException.class,
                () -> unpacker.unpack("not a zip at all".getBytes(StandardCharsets.UTF_8)));
        assertTrue(g.getMessage().startsWith("not a valid zip"), g.getMessage());
    }
}
