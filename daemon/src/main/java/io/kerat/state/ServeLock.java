package io.kerat.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-daemon-per-data-dir lock: {@code <data>/serve.lock}, locked exclusively (a POSIX record lock through
 * {@link FileChannel#tryLock()}) and holding the holder's pid, for the life of the process. The kernel drops the
 * lock when the process ends however it ends, so a stale file never blocks a restart; the file itself is never
 * deleted (deleting it would let two processes lock two different inodes).
 *
 * <p>POSIX record locks belong to the process and are dropped when the process closes <em>any</em> descriptor of
 * the file, so nothing in the holding process may open the lock file again: the holder's pid is read only by a
 * process that failed to get the lock.
 */
public final class ServeLock {
    public static final String FILE = "serve.lock";
    /** Locks held by this process, by data dir; kept reachable so the channels are never closed by a cleaner. */
    private static final Map<Path, ServeLock> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ServeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another process holds the lock of the data dir. */
    public static final class BusyException extends IOException {
        private final String holder;

        BusyException(Path dataDir, Path file, String holder) {
            super("data dir " + dataDir + " is in use by another kerat serve (pid " + holder + ", holding "
                    + file + "); stop it first, or give this one another KERAT_DATA_DIR");
            this.holder = holder;
        }

        /** The holder's pid as written in the lock file ("unknown" if it could not be read). */
        public String holder() {
            return holder;
        }
    }

    /**
     * Takes the lock of {@code dataDir} (creating the directory and the file if needed) or throws
     * {@link BusyException} at once, naming the holder's pid. Nothing else in the data dir is touched.
     */
    public static synchronized ServeLock acquire(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE);
        if (HELD.containsKey(dir)) {
            throw new BusyException(dir, file, Long.toString(ProcessHandle.current().pid()));
        }
        Files.createDirectories(dir);
        // no TRUNCATE: until the lock is ours, the file holds the holder's pid
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = readHolder(ch);
            ch.close(); // this process held no lock on the file: closing drops nothing
            throw new BusyException(dir, file, holder);
        }
        try {
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(pid), 0);
            ch.force(true);
        } catch (IOException e) {
            lock.release();
            ch.close();
            throw e;
        }
        ServeLock l = new ServeLock(file, ch, lock);
        HELD.put(dir, l);
        return l;
    }

    /** True when this process holds the lock of {@code dataDir}: then no other daemon uses it. */
    public static boolean isHeld(Path dataDir) {
        return HELD.containsKey(dataDir.toAbsolutePath().normalize());
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("[0-9]{1,10}") ? s : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    public Path file() {
        return file;
    }

    /** Releases the lock (for tests; a daemon holds it until it exits). */
    public synchronized void release() throws IOException {
        HELD.remove(file.getParent(), this);
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
