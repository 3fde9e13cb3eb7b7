package io.kerat.cluster;

/**
 * The one line of HAProxy's agent-check protocol (HAProxy configuration manual, "agent-check"): words separated by
 * spaces, ended by a newline. Pure, so every case is a unit test.
 * <ul>
 *   <li>{@code down #<reason>}: the host can run nothing (doctor's essentials fail); HAProxy marks it DOWN and
 *       shows the reason; it takes precedence over everything else. The blank before {@code #} matters: HAProxy
 *       (2.6, src/check.c) ends a word only at a blank or comma, so {@code down#reason} would be one unknown word,
 *       silently ignored (HaproxyIT saw that).</li>
 *   <li>{@code drain}: a graceful stop has begun; HAProxy sends it no new requests, lets running ones end.</li>
 *   <li>{@code up ready <weight>%}: serving. {@code up} undoes an earlier {@code down}, {@code ready} an earlier
 *       {@code drain} (a restarted host is back without anyone's help; only the agent may undo what the agent
 *       did); the weight is a share of the server's configured {@code weight}.</li>
 * </ul>
 * The weight is free capacity, free sandbox slots counting twice as much as free queue places:
 * {@code 100 × (2 × freeSlots / slots + freeQueue / queueCapacity) / 3}, rounded, at least 1%: an idle host is
 * 100%, one with every slot busy and an empty queue 33%, a full one 1% (not 0%, which HAProxy treats as drain: when
 * every host is full a request still goes somewhere and gets a quick 503 that HAProxy retries).
 */
public final class AgentReply {
    /** HAProxy stores the reason for its stats page; keep it short and on one line. */
    static final int MAX_REASON = 200;

    private AgentReply() {}

    public static String of(HostLoad load) {
        if (load.downReason() != null) {
            return "down #" + clean(load.downReason()) + "\n";
        }
        if (load.draining()) {
            return "drain\n";
        }
        return "up ready " + weightPercent(load) + "%\n";
    }

    /** The weight in percent of the configured one, 1 to 100. */
    public static int weightPercent(HostLoad load) {
        double slots = Math.max(1, load.slots());
        double queue = Math.max(1, load.queueCapacity());
        double freeSlots = Math.max(0, Math.min(slots, slots - load.active()));
        double freeQueue = Math.max(0, Math.min(queue, queue - load.queued()));
        long p = Math.round(100 * (2 * freeSlots / slots + freeQueue / queue) / 3);
        return (int) Math.max(1, Math.min(100, p));
    }

    /** Printable ASCII only (no newline, which would end the reply early), at most {@link #MAX_REASON} characters. */
    static String clean(String reason) {
        StringBuilder b = new StringBuilder();
        for (char c : reason.toCharArray()) {
            if (b.length() >= MAX_REASON) {
                break;
            }
            b.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        String s = b.toString().trim();
        return s.isEmpty() ? "unavailable" : s;
    }
}
