package io.kerat.cluster;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentServerTest {
    /** Everything the agent sends before it closes the connection. */
    static String ask(InetSocketAddress a) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(a, 2_000);
            s.setSoTimeout(5_000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void answersEachConnectionWithTheCurrentLoadAndCloses() throws Exception {
        AtomicReference<HostLoad> load = new AtomicReference<>(new HostLoad(false, null, 2, 0, 64, 0));
        try (AgentServer agent = AgentServer.start("127.0.0.1", 0, load::get)) {
            assertEquals("up ready 100%\n", ask(agent.address()));
            load.set(new HostLoad(false, null, 2, 2, 64, 0));
            assertEquals("up ready 33%\n", ask(agent.address()));
            load.set(new HostLoad(true, null, 2, 2, 64, 0));
            assertEquals("drain\n", ask(agent.address()));
            load.set(new HostLoad(true, "runsc does not answer", 2, 0, 64, 0));
            assertEquals("down #runsc does not answer\n", ask(agent.address()));
        }
    }

    @Test
    void silentOrTalkativeClientsHoldNothing() throws Exception {
        try (AgentServer agent = AgentServer.start("127.0.0.1", 0, () -> new HostLoad(false, null, 1, 0, 1, 0))) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) { // connect and never read nor write: more than the backlog
                    Socket s = new Socket();
                    try {
                        s.connect(agent.address(), 2_000);
                    } catch (IOException refusedOrTimedOut) {
                        s.close();
                        continue;
                    }
                    idle.add(s);
                }
                Socket talker = new Socket();
                talker.connect(agent.address(), 2_000);
                idle.add(talker);
                talker.getOutputStream().write("backend/server\n".getBytes(StandardCharsets.US_ASCII)); // agent-send
                // the silent ones were answered and closed one by one: a new client still gets its line
                assertEquals("up ready 100%\n", ask(agent.address()));
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aFailingLoadIsADownReplyNotASilentClose() throws Exception {
        try (AgentServer agent = AgentServer.start("127.0.0.1", 0, () -> {
            throw new IllegalStateException("boom");
        })) {
            assertEquals("down #agent failed: IllegalStateException\n", ask(agent.address()));
        }
    }

    @Test
    void closeStopsListeningAndItsThread() throws Exception {
        AgentServer agent = AgentServer.start("127.0.0.1", 0, () -> new HostLoad(false, null, 1, 0, 1, 0));
        InetSocketAddress a = agent.address();
        agent.close();
        assertThrows(IOException.class, () -> ask(a));
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("kerat-agent") && t.isAlive()),
                "the agent thread outlived close()");
    }

    @Test
    void aPortInUseIsAnErrorNamingIt() throws Exception {
        try (AgentServer agent = AgentServer.start("127.0.0.1", 0, () -> new HostLoad(false, null, 1, 0, 1, 0))) {
            IOException e = assertThrows(IOException.class,
                    () -> AgentServer.start("127.0.0.1", agent.address().getPort(), () -> null));
            assertTrue(e.getMessage().contains("cannot listen for the agent check on 127.0.0.1:" + agent.address().getPort()),
                    e.getMessage());
        }
    }
}
