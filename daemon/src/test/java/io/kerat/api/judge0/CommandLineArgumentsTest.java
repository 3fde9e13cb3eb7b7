package io.kerat.api.judge0;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommandLineArgumentsTest {
    @Test
    void splitsAsAShellWouldWithoutExpanding() throws Exception {
        assertEquals(List.of("a", "b c", "d e", "$HOME", "*"),
                CommandLineArguments.split("a \"b c\" 'd e' $HOME *"));
        assertEquals(List.of("x y", "q\"r", "back\\slash"),
                CommandLineArguments.split("x\\ y \"q\\\"r\" 'back\\slash'"));
        assertEquals(List.of("ab", ""), CommandLineArguments.split("a'b' ''"));
        assertEquals(List.of(), CommandLineArguments.split("   "));
        assertEquals(List.of(), CommandLineArguments.split(null));
        assertEquals(List.of("$(id)", ";", "rm", "-rf"), CommandLineArguments.split("$(id) ; rm -rf"));
    }

    @Test
    void unclosedQuotesAreRefused() {
        assertThrows(CommandLineArguments.UnbalancedQuotes.class, () -> CommandLineArguments.split("'a"));
        assertThrows(CommandLineArguments.UnbalancedQuotes.class, () -> CommandLineArguments.split("\"a"));
    }
}
