package io.kerat.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentReplyTest {
    static HostLoad load(int slots, int active, int queue, int queued) {
        return new HostLoad(false, null, slots, active, queue, queued);
    }

    @Test
    void anIdleHostIsFullyUpAndUndoesAnEarlierDrain() {
        assertEquals("up ready 100%\n", AgentReply.of(load(2, 0, 64, 0)));
    }

    @Test
    void freeSlotsWeighTwiceAsMuchAsQueueRoom() {
        assertEquals(67, AgentReply.weightPercent(load(2, 1, 64, 0)));   // (2 * 1/2 + 1) / 3
        assertEquals(33, AgentReply.weightPercent(load(2, 2, 64, 0)));   // every slot busy, queue empty
        assertEquals(17, AgentReply.weightPercent(load(2, 2, 64, 32)));  // and half the queue taken
        assertEquals(67, AgentReply.weightPercent(load(4, 1, 10, 5)));   // (2 * 3/4 + 5/10) / 3
    }

    @Test
    void aFullHostKeepsOnePercentNotZero() {
        // 0% would be a drain in HAProxy: with every host full a request would find no server at all
        assertEquals("up ready 1%\n", AgentReply.of(load(1, 1, 1, 1)));
        assertEquals(1, AgentReply.weightPercent(load(2, 5, 3, 9))); // counts past the capacity never go negative
    }

    @Test
    void drainingSaysDrainWhateverTheLoad() {
        assertEquals("drain\n", AgentReply.of(new HostLoad(true, null, 2, 0, 64, 0)));
        assertEquals("drain\n", AgentReply.of(new HostLoad(true, null, 2, 2, 1, 1)));
    }

    @Test
    void downBeatsDrainAndCarriesTheReasonOnOneLine() {
        assertEquals("down #runsc does not answer\n",
                AgentReply.of(new HostLoad(true, "runsc does not answer", 2, 0, 64, 0)));
        String r = AgentReply.of(new HostLoad(false, "image 'python' is damaged\n(bad json)\r\u00e9", 2, 0, 64, 0));
        assertEquals("down #image 'python' is damaged (bad json)\n", r); // newline, CR, non-ASCII: spaces, trimmed
        String longReason = "x".repeat(1000);
        String l = AgentReply.of(new HostLoad(false, longReason, 2, 0, 64, 0));
        assertEquals("down #".length() + AgentReply.MAX_REASON + 1, l.length());
        assertTrue(l.endsWith("\n") && l.indexOf('\n') == l.length() - 1);
        assertEquals("down #unavailable\n", AgentReply.of(new HostLoad(false, " \n ", 2, 0, 64, 0)));
    }
}
