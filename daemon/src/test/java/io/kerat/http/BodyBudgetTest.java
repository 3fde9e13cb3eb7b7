package io.kerat.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyBudgetTest {
    static final long MIB = 1L << 20;

    @Test
    void reservesUntilFullThenRefusesWithoutWaiting() {
        BodyBudget b = new BodyBudget(100 * MIB, 16 * MIB);
        int admitted = 0;
        while (b.tryReserve(16 * MIB, true)) {
            admitted++;
        }
        // large requests leave an eighth of the budget to small ones
        assertEquals(5, admitted);
        assertTrue(b.used() <= b.largeLimit());
        assertTrue(b.tryReserve(10 * 1024, false), "a small request still fits");
        b.release(10 * 1024);
        b.release(16 * MIB);
        assertTrue(b.tryReserve(16 * MIB, true));
        for (int i = 0; i < 5; i++) {
            b.release(16 * MIB);
        }
        assertEquals(0, b.used());
    }

    @Test
    void aBudgetOfOneRequestAdmitsOneLargestRequest() {
        BodyBudget b = new BodyBudget(16 * MIB, 16 * MIB);
        assertTrue(b.tryReserve(16 * MIB, true));
        assertFalse(b.tryReserve(1, false));
        b.release(16 * MIB);
        assertEquals(0, b.used());
    }

    @Test
    void concurrentReservationsNeverPassTheBudget() throws Exception {
        BodyBudget b = new BodyBudget(10 * MIB, MIB);
        Thread[] ts = new Thread[8];
        java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 20_000; k++) {
                    if (b.tryReserve(MIB / 2, false)) {
                        peak.accumulateAndGet(b.used(), Math::max);
                        b.release(MIB / 2);
                    }
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertTrue(peak.get() <= 10 * MIB);
        assertEquals(0, b.used());
    }
}
