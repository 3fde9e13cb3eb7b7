package io.kerat.util;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

import java.io.IOException;
import java.nio.file.Path;

/** The few system calls the JDK lacks: mount/umount of per-stage tmpfs, lchown, chmod with full mode bits. */
public final class Posix {
    /** libc as seen through jnr-ffi. */
    public interface LibC {
        int mount(String source, String target, String fstype, long flags, String data);

        int umount2(String target, int flags);

        int open(String path, int flags);

        int fcntl(int fd, int cmd, int arg);

        int close(int fd);
    }

    private static final int O_RDONLY_NONBLOCK_CLOEXEC = 0 | 04000 | 02000000;
    private static final int F_SETPIPE_SZ = 1031;

    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final int MNT_DETACH = 2;

    private static final POSIX POSIX_API = POSIXFactory.getNativePOSIX();
    private static volatile LibC libc;

    private Posix() {}

    private static LibC libc() {
        LibC l = libc;
        if (l == null) {
            synchronized (Posix.class) {
                if (libc == null) {
                    libc = LibraryLoader.create(LibC.class).load(Platform.getNativePlatform().getStandardCLibraryName());
                }
                l = libc;
            }
        }
        return l;
    }

    /**
     * Grows the pipe that process {@code pid} holds as {@code fd} to {@code bytes} (F_SETPIPE_SZ, through
     * /proc/PID/fd). Returns false when it is not a pipe or the kernel refuses.
     */
    public static boolean growPipe(long pid, int fd, int bytes) {
        int f = libc().open("/proc/" + pid + "/fd/" + fd, O_RDONLY_NONBLOCK_CLOEXEC);
        if (f < 0) {
            return false;
        }
        try {
            return libc().fcntl(f, F_SETPIPE_SZ, bytes) >= bytes;
        } finally {
            libc().close(f);
        }
    }

    public static POSIX posix() {
        return POSIX_API;
    }

    public static void mountTmpfs(Path target, String options) throws IOException {
        int rc = libc().mount("kerat", target.toString(), "tmpfs", MS_NOSUID | MS_NODEV, options);
        if (rc != 0) {
            throw new IOException("mount tmpfs on " + target + " (" + options + ") failed: errno " + POSIX_API.errno());
        }
    }

    /** Lazily unmounts; returns false when nothing was mounted there. */
    public static boolean umount(Path target) {
        return libc().umount2(target.toString(), MNT_DETACH) == 0;
    }

    public static void lchown(Path path, int uid, int gid) throws IOException {
        if (POSIX_API.lchown(path.toString(), uid, gid) != 0) {
            throw new IOException("lchown " + path + " failed: errno " + POSIX_API.errno());
        }
    }

    /** chmod with all 12 mode bits; never call it on a symbolic link (chmod follows links). */
    public static void chmod(Path path, int mode) throws IOException {
        if (POSIX_API.chmod(path.toString(), mode) != 0) {
            throw new IOException("chmod " + path + " failed: errno " + POSIX_API.errno());
        }
    }

    public static int geteuid() {
        return POSIX_API.geteuid();
    }

    public static int kill(long pid, int signal) {
        return POSIX_API.kill((int) pid, signal);
    }
}
