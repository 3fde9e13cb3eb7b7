package io.kerat.api.judge0;

import io.kerat.api.ApiException;
import io.kerat.api.RequestValidator;
import io.kerat.execution.SourceFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Unpacks Judge0's {@code additional_files} (a zip) into files of the request, in memory, with the rules of image
 * layers: names are relative paths of plain components (no absolute name, no {@code ..}), symbolic links and any
 * other non-regular entry are refused, and every bound counts the bytes actually inflated, never the sizes the zip
 * declares (a zip bomb stops at the bound). Directory entries are skipped (files make their directories).
 */
public final class ZipUnpacker {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;

    private final int maxEntries;
    private final long maxFileBytes;
    private final long maxTotalBytes;

    /** Thrown when the zip is refused: the message says which entry and why. */
    public static final class UnsafeZipException extends Exception {
        UnsafeZipException(String message) {
            super(message);
        }
    }

    public ZipUnpacker(int maxEntries, long maxFileBytes, long maxTotalBytes) {
        this.maxEntries = maxEntries;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    public List<SourceFile> unpack(byte[] zip) throws UnsafeZipException {
        List<SourceFile> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long total = 0;
        try (ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            Enumeration<ZipArchiveEntry> entries = z.getEntriesInPhysicalOrder();
            int count = 0;
            while (entries.hasMoreElements()) {
                ZipArchiveEntry e = entries.nextElement();
                if (++count > maxEntries * 2 + 16) {
                    throw new UnsafeZipException("the zip has too many entries (at most " + maxEntries + " files)");
                }
                String name = e.getName();
                int type = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() & S_IFMT : 0;
                if (e.isUnixSymlink()) {
                    throw new UnsafeZipException("entry '" + shown(name) + "' is a symbolic link; links are refused");
                }
                if (e.isDirectory() || type == S_IFDIR) {
                    checkName(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                    continue;
                }
                if (type != 0 && type != S_IFREG) {
                    throw new UnsafeZipException("entry '" + shown(name) + "' is not a regular file");
                }
                checkName(name);
                if (!names.add(name)) {
                    throw new UnsafeZipException("entry '" + shown(name) + "' appears twice");
                }
                if (names.size() > maxEntries) {
                    throw new UnsafeZipException("the zip has more than " + maxEntries + " files");
                }
                if (!z.canReadEntryData(e)) {
                    throw new UnsafeZipException("entry '" + shown(name) + "' uses an unsupported zip feature (encryption or method)");
                }
                byte[] data = read(z, e, Math.min(maxFileBytes, maxTotalBytes - total));
                total += data.length;
                out.add(new SourceFile(name, data));
            }
        } catch (IOException e) {
            throw new UnsafeZipException("not a valid zip: " + e.getMessage());
        }
        return out;
    }

    private byte[] read(ZipFile z, ZipArchiveEntry e, long room) throws IOException, UnsafeZipException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = z.getInputStream(e)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() + (long) n > room) {
                    throw new UnsafeZipException("entry '" + shown(e.getName()) + "' inflates past the bound of "
                            + Math.min(maxFileBytes, maxTotalBytes) + " bytes (per file " + maxFileBytes
                            + ", all files " + maxTotalBytes + ")");
                }
                buf.write(chunk, 0, n);
            }
        }
        return buf.toByteArray();
    }

    private static void checkName(String name) throws UnsafeZipException {
        try {
            RequestValidator.checkName(name);
        } catch (ApiException ex) {
            throw new UnsafeZipException("entry '" + shown(name) + "': " + ex.getMessage());
        }
    }

    private static String shown(String name) {
        String s = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return s.replace("\0", "\\0");
    }
}
