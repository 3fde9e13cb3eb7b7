package io.kerat.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * systemd readiness (Type=notify): sends "READY=1" to $NOTIFY_SOCKET once the listeners are bound, through
 * jnr-unixsocket (the JDK has no Unix datagram sockets). Abstract socket names ('@...') are not supported;
 * systemd uses a path by default.
 */
public final class SdNotify {
    private SdNotify() {}

    /** Returns true when a notification was sent to $NOTIFY_SOCKET. */
    public static boolean notify(String state) {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty() || socket.startsWith("@")) {
            return false;
        }
        return notifyTo(Path.of(socket), state);
    }

    /** Sends one datagram with {@code state} to the Unix socket at {@code socket}. */
    static boolean notifyTo(Path socket, String state) {
        // the JDK (17) has no Unix datagram sockets: jnr-unixsocket's
        try (UnixDatagramChannel ch = UnixDatagramChannel.open()) {
            ch.send(ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8)), new UnixSocketAddress(socket.toFile()));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("kerat: cannot notify systemd at " + socket + ": " + e.getMessage());
            return false;
        }
    }
}
