package io.kerat.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness reaches a socket the way systemd's NOTIFY_SOCKET receives it: one datagram, "READY=1". */
class SdNotifyTest {
    @Test
    void sendsReadyAsOneDatagram(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("notify");
        try (UnixDatagramChannel server = UnixDatagramChannel.open()) {
            server.bind(new UnixSocketAddress(sock.toFile()));
            assertTrue(SdNotify.notifyTo(sock, "READY=1\nSTATUS=serving"));
            ByteBuffer buf = ByteBuffer.allocate(256);
            server.receive(buf);
            buf.flip();
            assertEquals("READY=1\nSTATUS=serving", StandardCharsets.UTF_8.decode(buf).toString());
        }
    }

    @Test
    void aMissingSocketIsReportedNotThrown(@TempDir Path dir) {
        assertFalse(SdNotify.notifyTo(dir.resolve("nobody"), "READY=1"));
    }
}
