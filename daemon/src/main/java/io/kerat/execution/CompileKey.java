package io.kerat.execution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The cache key: SHA-256 over length-prefixed fields, so no two different field lists hash alike by
 * concatenation.
 */
public final class CompileKey {
    private final MessageDigest md;

    public CompileKey() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        add("kerat-compile-cache-v1");
    }

    public CompileKey add(byte[] b) {
        long n = b.length;
        for (int i = 0; i < 8; i++) {
            md.update((byte) (n >>> (8 * i)));
        }
        md.update(b);
        return this;
    }

    public CompileKey add(String s) {
        return add(s == null ? new byte[]{0} : ("s" + s).getBytes(StandardCharsets.UTF_8));
    }

    public CompileKey add(List<String> list) {
        add("list" + list.size());
        list.forEach(this::add);
        return this;
    }

    public CompileKey add(Map<String, String> map) {
        add("map" + map.size());
        new java.util.TreeMap<>(map).forEach((k, v) -> add(k).add(v));
        return this;
    }

    /** Every regular file under a daemon-owned directory (the runner's scripts), by relative path. */
    public CompileKey addTree(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (var s = Files.walk(root)) {
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
            }
        }
        files.sort(null);
        add("tree" + files.size());
        for (Path f : files) {
            add(root.relativize(f).toString());
            add(Files.readAllBytes(f));
        }
        return this;
    }

    public String build() {
        return HexFormat.of().formatHex(md.digest());
    }
}
