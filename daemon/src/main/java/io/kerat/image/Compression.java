package io.kerat.image;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Tells plain, gzip and zstd streams apart by their magic bytes (never by a file name or media type). */
public enum Compression {
    NONE, GZIP, ZSTD;

    /** Peeks at the first bytes of a stream that supports mark/reset. */
    public static Compression detect(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("stream must support mark/reset");
        }
        in.mark(4);
        byte[] b = in.readNBytes(4);
        in.reset();
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (b.length == 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** Wraps a stream so that it reads decompressed bytes; the caller closes the result. */
    public static InputStream decompress(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        return switch (detect(in)) {
            case GZIP -> new GzipCompressorInputStream(in, true);
            case ZSTD -> new ZstdCompressorInputStream(in);
            case NONE -> in;
        };
    }
}
