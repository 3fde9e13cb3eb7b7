package io.kerat.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DpkgStatusTest {

    @Test
    void upstreamStripsEpochRevisionAndSuffixes() {
        assertEquals("1.19", DpkgStatus.upstream("2:1.19~1"));
        assertEquals("3.11.2", DpkgStatus.upstream("3.11.2-1+b1"));
        assertEquals("17.0.15", DpkgStatus.upstream("17.0.15+6-1~deb12u1"));
        assertEquals("18.19.0", DpkgStatus.upstream("18.19.0+dfsg-6~deb12u2"));
        assertEquals("3.1.2", DpkgStatus.upstream("1:3.1.2-2"));
        assertEquals("12.2.0", DpkgStatus.upstream("12.2.0-14"));
        assertEquals("8.2.28", DpkgStatus.upstream("8.2.28-1~deb12u1"));
    }

    @Test
    void versionsWithoutRevisionOrEpoch() {
        assertEquals("1.2.3", DpkgStatus.upstream("1.2.3"));
        assertEquals("7", DpkgStatus.upstream("7"));
    }

    @Test
    void hyphenInTheUpstreamPartKeepsAllButTheRevision() {
        assertEquals("1.0-rc1", DpkgStatus.upstream("1.0-rc1-3"));
    }

    @Test
    void nullIsUnknown() {
        assertEquals("unknown", DpkgStatus.upstream(null));
    }

    @Test
    void versionReadsTheStatusFile(@TempDir Path root) throws Exception {
        Path status = root.resolve("var/lib/dpkg/status");
        Files.createDirectories(status.getParent());
        Files.writeString(status, String.join("\n",
                "Package: python3-minimal",
                "Status: install ok installed",
                "Version: 3.11.2-1+b1",
                "",
                "Package: python3",
                "Status: install ok installed",
                "Architecture: amd64",
                "Version: 3.11.2-1+b1",
                "",
                "Package: golang-go",
                "Version: 2:1.19~1",
                ""));
        assertEquals("3.11.2-1+b1", DpkgStatus.version(root, "python3"));
        assertEquals("2:1.19~1", DpkgStatus.version(root, "golang-go"));
        assertNull(DpkgStatus.version(root, "python"));
        assertNull(DpkgStatus.version(root, "nodejs"));
    }
}
