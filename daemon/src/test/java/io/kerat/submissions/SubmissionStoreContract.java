package io.kerat.submissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link SubmissionStore} does, run against each one (SQLite on a real file, PostgreSQL on a real server):
 * states, requeue, bounds, retention, callbacks, concurrent accepts, a process that dies and one that opens after.
 */
abstract class SubmissionStoreContract {
    static final Set<String> K = Set.of("k");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    SubmissionStore store;

    /** An empty store to start each test from. */
    abstract void empty() throws Exception;

    /**
     * Opens the store as a new process would (the same data as before; for PostgreSQL a new host name in the
     * leases).
     */
    abstract SubmissionStore open(int maxQueued, long maxRows, long maxBytes) throws Exception;

    /** Waits until the leases of a process that stopped renewing have expired (SQLite: at once, it has none). */
    abstract void awaitLeasesExpired() throws Exception;

    @BeforeEach
    void openEmpty() throws Exception {
        empty();
        store = open(10, 100, 1 << 20);
    }

    @AfterEach
    void close() {
        if (store != null) { // null when the test was skipped before opening
            store.close();
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lifeOfASubmission() throws Exception {
        store.insert("a", "k", b("req"), URI.create("http://127.0.0.1:1/cb"), T0);
        Submission q = store.get("a").orElseThrow();
        assertEquals(Submission.State.QUEUED, q.state());
        assertArrayEquals(b("req"), q.request());
        assertEquals(T0, q.createdAt());
        assertNull(q.startedAt());
        assertEquals(URI.create("http://127.0.0.1:1/cb"), q.callback());
        assertFalse(store.delete("a"), "not finished: not deleted");

        assertEquals(Optional.empty(), store.claimNext(Set.of("other"), T0), "another dialect's handler does not take it");
        Submission r = store.claimNext(K, T0.plusSeconds(1)).orElseThrow();
        assertEquals(Submission.State.RUNNING, r.state());
        assertEquals(T0.plusSeconds(1), r.startedAt());
        assertEquals(Optional.empty(), store.claimNext(K, T0), "claimed once only");
        assertEquals(1, store.unfinished());
        assertEquals(0, store.queued());

        assertTrue(store.finish("a", b("res"), null, T0.plusSeconds(2)));
        Submission d = store.get("a").orElseThrow();
        assertEquals(Submission.State.DONE, d.state());
        assertArrayEquals(b("res"), d.result());
        assertEquals(T0.plusSeconds(2), d.finishedAt());
        assertEquals(0, store.unfinished());
        assertEquals("PENDING/0", store.callbackState("a"));
        assertTrue(store.holdCallback("a", 10_000), "the process that finished it delivers its callback");
        store.callbackAttempted("a", 1, SubmissionStore.CallbackState.DELIVERED, null);
        assertFalse(store.holdCallback("a", 10_000), "delivered: no other attempt");
        assertEquals("DELIVERED/1", store.callbackState("a"));
        assertFalse(store.finish("a", b("again"), null, T0.plusSeconds(3)), "finished once only");
        assertArrayEquals(b("res"), store.get("a").orElseThrow().result(), "the first result stays");

        assertTrue(store.delete("a"));
        assertEquals(Optional.empty(), store.get("a"));
        assertFalse(store.delete("a"));
        assertArrayEquals(new long[]{0, 0}, store.size());
    }

    @Test
    void failedKeepsTheErrorAndNoResult() throws Exception {
        store.insert("f", "k", b("x"), null, T0);
        store.claimNext(K, T0);
        store.finish("f", null, "boom", T0);
        Submission s = store.get("f").orElseThrow();
        assertEquals(Submission.State.FAILED, s.state());
        assertEquals("boom", s.error());
        assertNull(s.result());
        assertNull(store.callbackState("f"), "no callback URL: no callback");
    }

    @Test
    void fifoAndRequeueKeepsItsPlace() throws Exception {
        for (String t : List.of("1", "2", "3")) {
            store.insert(t, "k", b(t), null, T0);
        }
        assertEquals("1", store.claimNext(K, T0).orElseThrow().token());
        store.requeue("1"); // busy: back in its place, first again
        assertEquals(Submission.State.QUEUED, store.get("1").orElseThrow().state());
        assertEquals("1", store.claimNext(K, T0).orElseThrow().token());
        assertEquals("2", store.claimNext(K, T0).orElseThrow().token());
        assertEquals(1, store.queued());
    }

    @Test
    void runningOnesAreRequeuedAfterTheirProcessDied() throws Exception {
        for (String t : List.of("1", "2", "3")) {
            store.insert(t, "k", b(t), null, T0);
        }
        store.claimNext(K, T0);
        store.claimNext(K, T0);
        assertEquals(Set.of(), store.renewLeases(List.of("1", "2")), "held while this process runs them");
        store.close(); // as if the process had died (the database is all there is)
        store = open(10, 100, 1 << 20);
        assertEquals(3, store.unfinished());
        assertEquals(1, store.queued());
        awaitLeasesExpired();
        assertEquals(2, store.requeueRunning());
        assertEquals(3, store.queued());
        assertEquals("1", store.claimNext(K, T0).orElseThrow().token());
        assertEquals(Set.of("2", "3"), store.renewLeases(List.of("1", "2", "3")), "1 is held again, 2 and 3 are queued");
    }

    @Test
    void aPendingCallbackIsAdoptedByTheNextProcessOnly() throws Exception {
        URI cb = URI.create("http://127.0.0.1:1/cb");
        store.insert("c", "k", b("x"), cb, T0);
        store.insert("d", "k", b("x"), cb, T0);
        store.claimNext(K, T0);
        store.claimNext(K, T0);
        assertTrue(store.finish("c", b("r"), null, T0));
        assertTrue(store.finish("d", b("r"), null, T0));
        assertTrue(store.holdCallback("c", 10_000));
        store.callbackAttempted("c", 1, SubmissionStore.CallbackState.PENDING, T0.plusSeconds(5)); // retry later
        store.callbackAttempted("d", 1, SubmissionStore.CallbackState.FAILED, null);
        assertEquals(List.of(), store.adoptCallbacks(), "its own callbacks: this process schedules them itself");
        store.close(); // died before the retry
        store = open(10, 100, 1 << 20);
        awaitLeasesExpired();
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<SubmissionStore.PendingCallback> adopted;
        while ((adopted = store.adoptCallbacks()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100); // PostgreSQL: the hold ends at the retry time plus a lease
        }
        assertEquals(List.of(new SubmissionStore.PendingCallback("c", 1, T0.plusSeconds(5))), adopted);
        assertEquals(List.of(), store.adoptCallbacks(), "adopted once");
        assertTrue(store.holdCallback("c", 10_000));
        store.callbackAttempted("c", 2, SubmissionStore.CallbackState.DELIVERED, null);
        assertEquals("DELIVERED/2", store.callbackState("c"));
        assertEquals("FAILED/1", store.callbackState("d"));
    }

    @Test
    void queueBound() throws Exception {
        store.close();
        store = open(2, 100, 1 << 20);
        store.insert("1", "k", b("x"), null, T0);
        store.insert("2", "k", b("x"), null, T0);
        assertThrows(AsyncSubmissions.QueueFull.class, () -> store.insert("3", "k", b("x"), null, T0));
        assertEquals(Optional.empty(), store.get("3"), "nothing stored");
        store.claimNext(K, T0);
        assertThrows(AsyncSubmissions.QueueFull.class, () -> store.insert("3", "k", b("x"), null, T0),
                "running ones count too");
        store.finish("1", b("r"), null, T0);
        store.insert("3", "k", b("x"), null, T0);
    }

    @Test
    void rowBoundDeletesTheOldestFinishedFirst() throws Exception {
        store.close();
        store = open(10, 3, 1 << 20);
        for (String t : List.of("1", "2", "3")) {
            store.insert(t, "k", b(t), null, T0);
        }
        assertThrows(AsyncSubmissions.QueueFull.class, () -> store.insert("4", "k", b("4"), null, T0),
                "only unfinished ones: refused");
        store.claimNext(K, T0);
        store.claimNext(K, T0);
        store.finish("2", b("r"), null, T0.plusSeconds(1));
        store.finish("1", b("r"), null, T0.plusSeconds(2));
        store.insert("4", "k", b("4"), null, T0.plusSeconds(3));
        assertEquals(Optional.empty(), store.get("2"), "finished first: deleted first");
        assertTrue(store.get("1").isPresent());
        assertEquals(3, store.size()[0]);
    }

    @Test
    void byteBound() throws Exception {
        store.close();
        store = open(10, 100, 100);
        assertThrows(AsyncSubmissions.QueueFull.class, () -> store.insert("big", "k", new byte[101], null, T0));
        store.insert("1", "k", new byte[40], null, T0);
        store.claimNext(K, T0);
        store.finish("1", new byte[40], null, T0); // 80 bytes
        store.insert("2", "k", new byte[40], null, T0); // 120 > 100: the finished one goes
        assertEquals(Optional.empty(), store.get("1"));
        assertArrayEquals(new long[]{1, 40}, store.size());
        assertThrows(AsyncSubmissions.QueueFull.class, () -> store.insert("3", "k", new byte[61], null, T0));
    }

    @Test
    void sweepDeletesOnlyFinishedOnesPastTheCutoff() throws Exception {
        store.insert("old", "k", b("x"), null, T0);
        store.insert("new", "k", b("x"), null, T0);
        store.insert("queued", "k", b("x"), null, T0);
        store.claimNext(K, T0);
        store.claimNext(K, T0);
        store.finish("old", b("r"), null, T0);
        store.finish("new", b("r"), null, T0.plusSeconds(100));
        assertEquals(1, store.sweep(T0.plusSeconds(50)));
        assertEquals(Optional.empty(), store.get("old"));
        assertTrue(store.get("new").isPresent());
        assertTrue(store.get("queued").isPresent());
        assertEquals(0, store.sweep(T0.plusSeconds(50)));
        assertEquals(2, store.size()[0]);
    }

    @Test
    void concurrentAcceptsNeverExceedTheBoundAndLoseNothing() throws Exception {
        store.close();
        store = open(50, 1000, 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger full = new AtomicInteger();
        List<Future<String>> fs = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String t = "t" + i;
            fs.add(pool.submit(() -> {
                try {
                    store.insert(t, "k", b(t), null, Instant.now());
                    return t;
                } catch (AsyncSubmissions.QueueFull e) {
                    full.incrementAndGet();
                    return null;
                }
            }));
        }
        Set<String> accepted = Collections.synchronizedSet(new HashSet<>());
        for (Future<String> f : fs) {
            if (f.get() != null) {
                accepted.add(f.get());
            }
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(50, accepted.size());
        assertEquals(30, full.get());
        Set<String> claimed = new HashSet<>();
        for (Optional<Submission> s; (s = store.claimNext(K, T0)).isPresent(); ) {
            claimed.add(s.get().token());
        }
        assertEquals(accepted, claimed);
    }
}
