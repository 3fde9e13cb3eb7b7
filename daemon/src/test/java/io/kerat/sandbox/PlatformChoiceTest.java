package io.kerat.sandbox;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlatformChoiceTest {
    private static final String NEW = "runsc version 0.0~20240729.0\nspec: 1.0.2-dev\n";
    private static final String OLD = "runsc version 0.0~20221219.0\nspec: 1.0.2-dev\n";
    private final AtomicInteger probes = new AtomicInteger();

    private Supplier<String> probe(String failure) {
        return () -> {
            probes.incrementAndGet();
            return failure;
        };
    }

    @Test
    void autoTakesSystrapOnANewRunscWhenTheProbeWorks() {
        PlatformChoice c = PlatformChoice.decide("auto", NEW, probe(null));
        assertEquals("systrap", c.platform());
        assertEquals("systrap (auto: runsc 20240729)", c.describe());
        assertEquals(1, probes.get());
    }

    @Test
    void autoFallsBackToPtraceWhenTheProbeFails() {
        PlatformChoice c = PlatformChoice.decide("auto", NEW,
                probe("exit 2: panic: unable to initialize systrap source: unable to attach: operation not permitted"));
        assertEquals("ptrace", c.platform());
        assertEquals("ptrace (auto: systrap probe failed: exit 2: panic: unable to initialize systrap source: "
                + "unable to attach: operation not permitted)", c.describe());
    }

    @Test
    void autoTakesPtraceOnAnOldRunscWithoutProbing() {
        assertEquals("ptrace (auto: runsc 20221219 has no systrap)", PlatformChoice.decide("auto", OLD, probe(null)).describe());
        PlatformChoice between = PlatformChoice.decide("auto", "runsc version release-20230605.0", probe(null));
        assertEquals("ptrace", between.platform());
        assertEquals(true, between.reason().startsWith("auto: runsc 20230605 predates systrap as gVisor's default"),
                between.reason());
        assertEquals(0, probes.get());
    }

    @Test
    void autoWithoutRunscTakesPtrace() {
        assertEquals("ptrace (auto: `runsc --version` failed)", PlatformChoice.decide("auto", null, probe(null)).describe());
        assertEquals(0, probes.get());
    }

    @Test
    void aRunscOfUnknownReleaseIsProbed() {
        PlatformChoice ok = PlatformChoice.decide("auto", "runsc version VERSION_MISSING\nspec: 1.1.0-rc.1", probe(null));
        assertEquals("systrap (auto: runsc of unknown release ('runsc version VERSION_MISSING'))", ok.describe());
        PlatformChoice no = PlatformChoice.decide("auto", "runsc version VERSION_MISSING", probe("exit 128: unknown platform: systrap"));
        assertEquals("ptrace (auto: systrap probe failed: exit 128: unknown platform: systrap)", no.describe());
        assertEquals(2, probes.get());
    }

    @Test
    void anExplicitPlatformIsTakenAsIsAndNeverProbed() {
        for (String p : new String[] {"ptrace", "systrap", "kvm"}) {
            assertEquals(p + " (configured)", PlatformChoice.decide(p, OLD, probe("never")).describe());
            assertEquals(p, PlatformChoice.decide(p, null, probe("never")).platform());
        }
        assertEquals(0, probes.get());
    }
}
