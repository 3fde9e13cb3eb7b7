package io.kerat.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tar unpacker on arbitrary bytes (plain, gzip or zstd, as {@code kerat image import} detects them): it either
 * unpacks or throws an {@link IOException}, in bounded time, and never writes outside its root, also when a lower
 * layer planted links to the outside. Corpus: {@code TarUnpackerFuzzTestInputs/<method>/}.
 */
@Tag("fuzz")
@Timeout(10)
class TarUnpackerFuzzTest {
    private static Path base;

    @BeforeAll
    static void setUp() throws IOException {
        base = Files.createTempDirectory("kerat-fuzz-tar-");
    }

    @AfterAll
    static void tearDown() throws IOException {
        ImageStore.deleteTree(base);
    }

    /** A rootfs tarball into an empty root. */
    @FuzzTest(maxDuration = "5m")
    void unpack(byte[] input) throws IOException {
        try (Confinement c = new Confinement(base)) {
            try (InputStream in = Confinement.capped(Compression.decompress(new ByteArrayInputStream(input)))) {
                new TarUnpacker(c.root, false).unpack(in);
            } catch (IOException expected) {
                // refused or damaged: the unpacker's own error
            }
            c.check();
        }
    }

    /** An image layer (whiteouts, opaque directories, replacements) over a root whose lower layer planted links. */
    @FuzzTest(maxDuration = "5m")
    void applyLayer(byte[] input) throws IOException {
        try (Confinement c = new Confinement(base)) {
            c.plantLinks();
            try (InputStream in = Confinement.capped(Compression.decompress(new ByteArrayInputStream(input)))) {
                new TarUnpacker(c.root, false).applyLayer(in);
            } catch (IOException expected) {
                // refused or damaged
            }
            c.check();
        }
    }
}
