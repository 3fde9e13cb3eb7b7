package io.kerat.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * HAProxy's agent check (setting {@code agent_listen}): a TCP listener that answers every connection with one line
 * ({@link AgentReply}) and closes it. One thread accepts, writes and closes, one connection after the other: it
 * never reads, so a client that connects and sends nothing (or sends forever) holds nothing; a reply of a few bytes
 * fits any socket's send buffer, so the write never waits for the client either. Connections beyond the one being
 * answered wait in the kernel's accept backlog ({@value #BACKLOG}); past it the kernel refuses them. HAProxy's
 * {@code agent-send} string, if configured, is ignored.
 */
public final class AgentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
    static final int BACKLOG = 16;

    private final ServerSocket socket;
    private final Supplier<HostLoad> load;
    private final Thread thread;
    private volatile boolean closed;

    private AgentServer(ServerSocket socket, Supplier<HostLoad> load) {
        this.socket = socket;
        this.load = load;
        this.thread = new Thread(this::serve, "kerat-agent");
        this.thread.setDaemon(true);
    }

    /** Binds {@code host:port} (port 0: any free one) and starts answering with the reply for {@code load}. */
    public static AgentServer start(String host, int port, Supplier<HostLoad> load) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), BACKLOG);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen for the agent check on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        AgentServer a = new AgentServer(s, load);
        a.thread.start();
        return a;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        while (!closed) {
            try (Socket c = socket.accept()) {
                String line;
                try {
                    line = AgentReply.of(load.get());
                } catch (RuntimeException e) {
                    line = "down #agent failed: " + e.getClass().getSimpleName() + "\n";
                }
                OutputStream out = c.getOutputStream();
                out.write(line.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("agent check connection failed: {}", e.toString());
                }
            }
        }
    }

    /** Stops listening; the thread ends with the next accept. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
