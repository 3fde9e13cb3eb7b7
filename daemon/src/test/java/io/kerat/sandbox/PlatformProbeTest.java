package io.kerat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlatformProbeTest {
    @Test
    void theSummaryIsAPanicsMessageElseTheLastLine() {
        assertEquals("unknown platform: systrap", PlatformProbe.summary(
                "W1201 03:27:42.402784   19469 util.go:64] FATAL ERROR: unknown platform: systrap\nunknown platform: systrap\n"));
        assertEquals("panic: unable to initialize systrap source: unable to attach: operation not permitted",
                PlatformProbe.summary("starting\npanic: unable to initialize systrap source: unable to attach: operation not permitted\n\n"
                        + "goroutine 1 gp=0xc0000061c0 m=3 [running]:\nsync.(*Once).doSlow(...)\n"));
        assertEquals("no output", PlatformProbe.summary("\n \n"));
    }

    @Test
    void theProbeRunsAShellAsNobodyOnTheHostRootReadOnly() {
        JsonNode s = PlatformProbe.spec(65534);
        assertEquals(false, s.path("process").path("terminal").asBoolean(true));
        assertEquals(65534, s.path("process").path("user").path("uid").asInt());
        assertEquals("/", s.path("root").path("path").asText());
        assertEquals(true, s.path("root").path("readonly").asBoolean());
        assertEquals("echo " + PlatformProbe.MARK, s.path("process").path("args").get(2).asText());
        assertEquals("size=1m", s.path("mounts").get(1).path("options").get(0).asText());
    }
}
