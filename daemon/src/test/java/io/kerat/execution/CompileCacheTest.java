package io.kerat.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompileCacheTest {
    /** One entry with a one-byte file: build dir + file + meta.json + entry dir, 4 KiB each. */
    private static final long SMALL = 4 * CompileCache.BLOCK;

    @TempDir
    Path tmp;

    private static String key(String s) {
        return new CompileKey().add(s).build();
    }

    private Path build(String name, String content) throws IOException {
        Path b = tmp.resolve("builds").resolve(name);
        Files.createDirectories(b);
        Files.writeString(b.resolve("main"), content);
        return b;
    }

    @Test
    void storeThenHitReturnsTheArtifactsAndOutput() throws Exception {
        CompileCache c = CompileCache.open(tmp.resolve("cache"), 1 << 20);
        Path b = build("a", "X");
        Files.createDirectories(b.resolve("sub/dir"));
        Files.write(b.resolve("sub/dir/lib.o"), new byte[]{1, 2, 3});
        b.resolve("main").toFile().setExecutable(true, false);
        assertNull(c.lookup(key("a")));
        assertTrue(c.store(key("a"), b, "out", "warning: x"));
        try (CompileCache.Lease l = c.lookup(key("a"))) {
            assertNotNull(l);
            assertEquals("out", l.stdout());
            assertEquals("warning: x", l.stderr());
            assertEquals("X", Files.readString(l.build().resolve("main")));
            assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(l.build().resolve("sub/dir/lib.o")));
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(l.build().resolve("main"))));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(l.build().resolve("sub/dir/lib.o"))));
        }
        CompileCache.Stats s = c.stats();
        assertEquals(1, s.entries());
        assertEquals(1, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1, s.stores());
        assertFalse(c.store(key("a"), b, "", ""), "a second store of the same key is a no-op");
    }

    @Test
    void evictsTheLeastRecentlyUsedEntry() throws Exception {
        CompileCache c = CompileCache.open(tmp.resolve("cache"), 2 * SMALL + SMALL / 2);
        assertTrue(c.store(key("a"), build("a", "A"), "", ""));
        assertTrue(c.store(key("b"), build("b", "B"), "", ""));
        assertEquals(2 * SMALL, c.stats().bytes());
        c.lookup(key("a")).close(); // a is now more recent than b
        assertTrue(c.store(key("c"), build("c", "C"), "", ""));
        assertNull(c.lookup(key("b")), "b was the least recently used");
        assertNotNull(c.lookup(key("a")));
        assertNotNull(c.lookup(key("c")));
        CompileCache.Stats s = c.stats();
        assertEquals(2, s.entries());
        assertEquals(1, s.evictions());
        assertTrue(s.bytes() <= s.maxBytes());
        assertEquals(2, entriesOnDisk(c));
    }

    @Test
    void aLeasedEntryIsNotEvictedUntilReleased() throws Exception {
        CompileCache c = CompileCache.open(tmp.resolve("cache"), SMALL + SMALL / 2);
        assertTrue(c.store(key("a"), build("a", "A"), "", ""));
        CompileCache.Lease held = c.lookup(key("a"));
        assertTrue(c.store(key("b"), build("b", "B"), "", ""));
        assertEquals("A", Files.readString(held.build().resolve("main")), "a leased entry keeps its files");
        assertEquals(2, c.stats().entries(), "over the bound while a lease is held");
        held.close();
        held.close(); // idempotent
        CompileCache.Stats s = c.stats();
        assertEquals(1, s.entries(), "eviction caught up on release");
        assertTrue(s.bytes() <= s.maxBytes());
        assertNull(c.lookup(key("a")));
        assertNotNull(c.lookup(key("b")));
        assertFalse(Files.exists(held.build()));
    }

    @Test
    void anEntryLargerThanTheBoundIsNotStored() throws Exception {
        CompileCache c = CompileCache.open(tmp.resolve("cache"), SMALL + SMALL / 2);
        Path b = build("big", "x");
        Files.write(b.resolve("blob"), new byte[(int) SMALL]);
        assertFalse(c.store(key("big"), b, "", ""));
        assertEquals(0, c.stats().entries());
        assertEquals(0, c.stats().bytes());
        assertEquals(0, entriesOnDisk(c));
        assertEquals(List.of(), list(c.tmpDir()), "no staging left");
    }

    @Test
    void survivesARestartInLruOrderAndDropsLeftovers() throws Exception {
        Path dir = tmp.resolve("cache");
        CompileCache c = CompileCache.open(dir, 10 * SMALL);
        c.store(key("a"), build("a", "A"), "", "");
        c.store(key("b"), build("b", "B"), "", "");
        Files.setLastModifiedTime(dir.resolve("entries").resolve(key("b")), java.nio.file.attribute.FileTime.fromMillis(1000));
        Files.createDirectories(dir.resolve("tmp/new-half"));
        Files.createDirectories(dir.resolve("entries").resolve(key("nometa")).resolve("build"));
        CompileCache again = CompileCache.open(dir, SMALL + SMALL / 2);
        assertEquals(1, again.stats().entries(), "shrunk bound applied at start");
        assertNull(again.lookup(key("b")), "b was used least recently (mtime)");
        assertNotNull(again.lookup(key("a")));
        assertFalse(Files.exists(dir.resolve("tmp/new-half")), "staging of a version before owners");
        assertEquals(List.of(), list(again.tmpDir()));
        assertFalse(Files.exists(dir.resolve("entries").resolve(key("nometa"))));
    }

    /**
     * Opened beside a daemon (no sweep): the staging of a process that is gone goes, everything else stays (another
     * live process's staging, leftovers of older versions, entries over the bound); close removes only its own.
     */
    @Test
    void withoutTheSweepOnlyGoneOwnersStagingIsRemoved() throws Exception {
        Path dir = tmp.resolve("cache");
        CompileCache daemon = CompileCache.open(dir, 10 * SMALL);
        daemon.store(key("a"), build("a", "A"), "", "");
        daemon.store(key("b"), build("b", "B"), "", "");
        Path live = Files.createDirectories(daemon.tmpDir().resolve("new-inflight"));
        Path gone = Files.createDirectories(dir.resolve("tmp/999999999-5-0/new-x"));
        Path legacy = Files.createDirectories(dir.resolve("tmp/new-half"));
        Path nometa = Files.createDirectories(dir.resolve("entries").resolve(key("nometa")).resolve("build"));
        CompileCache cli = CompileCache.open(dir, SMALL + SMALL / 2, io.kerat.state.Owner.next(), false);
        assertTrue(Files.isDirectory(live), "a live process's staging stays");
        assertFalse(Files.exists(gone.getParent()), "a gone process's staging goes");
        assertTrue(Files.isDirectory(legacy));
        assertTrue(Files.isDirectory(nometa));
        assertNotNull(daemon.lookup(key("a")));
        assertNotNull(daemon.lookup(key("b")));
        assertEquals(3, entriesOnDisk(cli), "no eviction at open without the sweep (a, b and the one without meta)");
        cli.close();
        assertFalse(Files.exists(cli.tmpDir()));
        assertTrue(Files.isDirectory(live));
    }

    @Test
    void zeroTurnsItOff() throws Exception {
        CompileCache c = CompileCache.open(tmp.resolve("cache"), 0);
        assertFalse(c.enabled());
        assertFalse(c.store(key("a"), build("a", "A"), "", ""));
        assertNull(c.lookup(key("a")));
        assertFalse(Files.exists(tmp.resolve("cache")));
    }

    @Test
    void keysAreLengthPrefixedAndByteExact() {
        assertNotEquals(new CompileKey().add("ab").add("c").build(),
                new CompileKey().add("a").add("bc").build());
        assertNotEquals(new CompileKey().add(new byte[]{1}).build(),
                new CompileKey().add(new byte[]{2}).build());
        assertEquals(new CompileKey().add(java.util.Map.of("x", "1", "y", "2")).build(),
                new CompileKey().add(new java.util.TreeMap<>(java.util.Map.of("y", "2", "x", "1"))).build());
        assertEquals(64, key("z").length());
    }

    /** A planted symbolic link to a secret and a FIFO: nothing is cached, the secret is never read, no hang. */
    @Test
    void refusesLinksAndFifosWithoutFollowingOrBlocking() throws Exception {
        Path secret = tmp.resolve("shadow");
        Files.writeString(secret, "root:SECRET-HASH:19000:0:99999:7:::");
        CompileCache c = CompileCache.open(tmp.resolve("cache"), 1 << 20);

        Path withLink = build("link", "A");
        Files.createSymbolicLink(withLink.resolve("aaa-shadow"), secret);
        assertFalse(c.store(key("link"), withLink, "", ""));

        Path withDirLink = build("dirlink", "A");
        Files.createSymbolicLink(withDirLink.resolve("etc"), tmp);
        assertFalse(c.store(key("dirlink"), withDirLink, "", ""));

        Path withFifo = build("fifo", "A");
        mkfifo(withFifo.resolve("aaa-fifo"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFalse(c.store(key("fifo"), withFifo, "", "")));

        Path withHardlink = build("hard", "A");
        Files.createLink(withHardlink.resolve("again"), withHardlink.resolve("main"));
        assertTrue(c.store(key("hard"), withHardlink, "", ""), "a hard link inside the build is plain content");

        assertEquals(3, c.stats().refused());
        assertEquals(1, c.stats().entries());
        assertEquals(List.of(), list(c.tmpDir()));
        try (Stream<Path> all = Files.walk(c.dir())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                assertFalse(Files.isSymbolicLink(p), "link in the cache: " + p);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("SECRET-HASH"),
                            "secret copied into " + p);
                }
            }
        }
    }

    @Test
    void capsFileCountAndDepth() throws Exception {
        Path deep = tmp.resolve("deep");
        Path d = deep;
        for (int i = 0; i <= CompileCache.MAX_DEPTH + 1; i++) {
            d = d.resolve("d");
        }
        Files.createDirectories(d);
        assertThrowsRefused(() -> SafeCopy.copy(deep, tmp.resolve("out1"), 1L << 30, 100_000, CompileCache.MAX_DEPTH));
        Path many = tmp.resolve("many");
        Files.createDirectories(many);
        for (int i = 0; i < 20; i++) {
            Files.writeString(many.resolve("f" + i), "x");
        }
        assertThrowsRefused(() -> SafeCopy.copy(many, tmp.resolve("out2"), 1L << 30, 10, 8));
        assertEquals(21 * CompileCache.BLOCK, SafeCopy.copy(many, tmp.resolve("out3"), 1L << 30, 100, 8));
    }

    /** The pool's copy into an existing build mount: contents copied, modes kept, links refused, never followed. */
    @Test
    void copiesIntoAnExistingDirectoryAndRefusesLinks() throws Exception {
        Path src = build("into", "A");
        Files.createDirectories(src.resolve("pkg"));
        Files.writeString(src.resolve("pkg/Main.class"), "classfile");
        Path dst = Files.createDirectories(tmp.resolve("mount"));
        SafeCopy.copyInto(src, dst, 1L << 20, 100, 8);
        assertEquals("classfile", Files.readString(dst.resolve("pkg/Main.class")));
        assertEquals(Files.readString(src.resolve("main")), Files.readString(dst.resolve("main")));

        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "SECRET");
        Path linked = build("into-link", "A");
        Files.createSymbolicLink(linked.resolve("zzz"), secret);
        Path dst2 = Files.createDirectories(tmp.resolve("mount2"));
        assertThrowsRefused(() -> SafeCopy.copyInto(linked, dst2, 1L << 20, 100, 8));
        assertFalse(Files.exists(dst2.resolve("zzz"), LinkOption.NOFOLLOW_LINKS));
        assertThrowsRefused(() -> SafeCopy.copyInto(src, Files.createDirectories(tmp.resolve("m3")), 1, 100, 8));
    }

    private interface Copy {
        void run() throws Exception;
    }

    private static void assertThrowsRefused(Copy c) throws Exception {
        try {
            c.run();
        } catch (SafeCopy.Refused expected) {
            return;
        }
        throw new AssertionError("not refused");
    }

    private static void mkfifo(Path p) throws Exception {
        Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertTrue(pr.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, pr.exitValue());
    }

    private static int entriesOnDisk(CompileCache c) throws IOException {
        return list(c.dir().resolve("entries")).size();
    }

    private static List<String> list(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> out.add(p.getFileName().toString()));
            }
        }
        return out;
    }
}
