package io.kerat.cgroup;

import java.io.IOException;

/** Thrown when a cgroup cannot be created, limited, read or removed; carries the path it failed on. */
public class CgroupException extends IOException {
    private final String path;

    public CgroupException(String path, String message, Throwable cause) {
        super(message + " (" + path + ")", cause);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
