package edu.course.isbn;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("ISBN-10 verifier")
class IsbnVerifierTest {

    private IsbnVerifier verifier;

    @BeforeEach
    void setUp() {
        verifier = new IsbnVerifier();
    }

    @ParameterizedTest(name = "{0} is valid")
    @ValueSource(strings = {"3-598-21508-8", "3-598-21507-X", "3598215088", "359821507X"})
    void validIsbns(String isbn) {
        assertTrue(verifier.isValid(isbn));
    }

    @ParameterizedTest(name = "{0} is invalid: {1}")
    @CsvSource({
            "3-598-21508-9, wrong check digit",
            "3-598-21507-A, letter as check digit",
            "3-598-P1581-X, letter in the middle",
            "3-598-2X507-9, X in the middle",
            "3-598-21507, too short",
            "3-598-21507-XX, too long"
    })
    void invalidIsbns(String isbn, String reason) {
        assertFalse(verifier.isValid(isbn), reason);
    }

    static Stream<String> emptyish() {
        return Stream.of("", "-", "----------");
    }

    @ParameterizedTest
    @MethodSource("emptyish")
    void emptyInputsAreInvalid(String isbn) {
        assertFalse(verifier.isValid(isbn));
    }

    @Test
    void nullIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> verifier.isValid(null));
        assertEquals("candidate must not be null", e.getMessage());
    }

    @Nested
    @DisplayName("check digit X")
    class CheckDigitX {
        @Test
        void onlyAllowedAtTheEnd() {
            assertFalse(verifier.isValid("X-598-21507-1"));
        }

        @Test
        void lowercaseIsNotAllowed() {
            assertFalse(verifier.isValid("3-598-21507-x"));
        }
    }
}
