package io.kerat.execution;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pooled sandbox's hand-over script: every word single-quoted, the environment replaced, not inherited. */
class HandOverScriptTest {
    @Test
    void quotesEveryWord() {
        String s = Executor.handOverScript(List.of("python3", "main.py", "it's", "$(rm -rf /)", "a b\nc"),
                Map.of("HOME", "/tmp", "KERAT_ENTRYPOINT", "m'a.py"));
        assertEquals("exec env -i 'HOME=/tmp' 'KERAT_ENTRYPOINT=m'\\''a.py' 'python3' 'main.py' 'it'\\''s' '$(rm -rf /)' 'a b\nc'\n", s);
    }
}
