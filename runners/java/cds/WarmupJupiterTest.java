package kerat_warmup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertIterableEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Not a test of Kerat: the image recipe runs these tests once, when the image is built, to record which classes a
 * typical JUnit 5 run loads into a class data sharing archive (runners/java/image-setup.sh). Some fail on purpose,
 * so that the failure paths (messages, stack traces) are recorded too.
 */
@DisplayName("warm-up")
class WarmupJupiterTest {
    enum Kind { A, B }

    private StringBuilder log;

    @BeforeAll
    static void once() {
    }

    @BeforeEach
    void setUp() {
        log = new StringBuilder();
    }

    @AfterEach
    void tearDown() {
        log.setLength(0);
    }

    @Test
    @Tag("task:1")
    @DisplayName("assertions that pass")
    void passes() {
        assertEquals(4, 2 + 2);
        assertEquals("ab", "a" + "b", "strings");
        assertEquals(0.3, 0.1 + 0.2, 1e-9);
        assertTrue(log.length() == 0);
        assertFalse(log.length() > 0, () -> "lazy message");
        assertNull(null);
        assertNotNull(log);
        assertArrayEquals(new int[]{1, 2}, new int[]{1, 2});
        assertIterableEquals(List.of(1, 2), List.of(1, 2));
        assertAll(() -> assertEquals(1, 1), () -> assertTrue(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            throw new IllegalArgumentException("bad");
        });
        assertEquals("bad", e.getMessage());
        assertTimeout(Duration.ofSeconds(5), () -> log.append('x'));
        System.out.println("output of a test");
    }

    @Test
    void fails() {
        assertEquals(5, 2 + 2, "two plus two");
    }

    @Test
    void failsOnObjects() {
        assertEquals(List.of("a", "b"), List.of("a", "c"));
    }

    @Test
    void errors() {
        Object o = "text";
        Integer i = (Integer) o;
        assertNotNull(i);
    }

    @Test
    @Timeout(5)
    void withTimeout() {
        assertTrue(true);
    }

    @Disabled("Remove to run test")
    @Test
    void disabled() {
    }

    @Test
    void assumption() {
        assumeTrue(false, "not here");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void values(int n) {
        assertTrue(n > 0);
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({"1, 2, 3", "2, 2, 5", "'a b', 0, 0"})
    void csv(String a, int b, int c) {
        assertTrue(c >= 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "yz"})
    @NullAndEmptySource
    void strings(String s) {
        assertTrue(s == null || s.length() < 3);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void enums(Kind k) {
        assertNotNull(k);
    }

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(1, "one"), Arguments.of(2, "two"));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void method(int n, String name) {
        assertEquals(name.length(), 3);
    }

    @RepeatedTest(2)
    void repeated() {
        assertTrue(true);
    }

    @TestFactory
    Stream<DynamicTest> dynamic() {
        return Stream.of("a", "b").map(s -> DynamicTest.dynamicTest("dyn " + s, () -> assertEquals(1, s.length())));
    }

    @Nested
    @DisplayName("a nested class")
    class Inner {
        @Test
        void nested() {
            assertEquals(3, "abc".length());
        }
    }
}
