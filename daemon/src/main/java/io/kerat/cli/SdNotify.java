package io.kerat.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * systemd readiness (Type=notify): sends "READY=1" to $NOTIFY_SOCKET once the listeners are bound. Abstract
 * socket names ('@...') are not supported by the JDK's Unix datagrams; systemd uses a path by default.
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
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.UNIX)) {
            ch.send(ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8)), java.net.UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("kerat: cannot notify systemd at " + socket + ": " + e.getMessage());
            return false;
        }
    }
}
