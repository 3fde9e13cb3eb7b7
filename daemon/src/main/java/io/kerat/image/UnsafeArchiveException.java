package io.kerat.image;

import java.io.IOException;

/** Thrown when an archive entry would land, or point a hard link, outside the directory it is unpacked into. */
public class UnsafeArchiveException extends IOException {
    public UnsafeArchiveException(String entry, String why) {
        super("refusing archive entry '" + entry + "': " + why);
    }
}
