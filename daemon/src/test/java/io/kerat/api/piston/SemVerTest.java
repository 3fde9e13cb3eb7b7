package io.kerat.api.piston;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SemVerTest {
    @Test
    void parsesInstalledVersionsLeniently() {
        assertArrayEquals(new int[] {3, 11, 2}, SemVer.parse("3.11.2"));
        assertArrayEquals(new int[] {3, 11, 2}, SemVer.parse("3.11.2-1+b1"));
        assertArrayEquals(new int[] {12, 0, 0}, SemVer.parse("12"));
        assertArrayEquals(new int[] {1, 21, 0}, SemVer.parse("v1.21"));
        assertNull(SemVer.parse("latest"));
    }

    @Test
    void exactWildcardAndXRanges() {
        assertTrue(SemVer.satisfies("3.11.2", "3.11.2"));
        assertFalse(SemVer.satisfies("3.11.2", "3.11.3"));
        assertTrue(SemVer.satisfies("3.11.2", "*"));
        assertTrue(SemVer.satisfies("3.11.2", "3.x"));
        assertTrue(SemVer.satisfies("3.11.2", "3"));
        assertTrue(SemVer.satisfies("3.11.2", "3.11.x"));
        assertTrue(SemVer.satisfies("3.11.2", "3.11.*"));
        assertFalse(SemVer.satisfies("3.11.2", "2.x"));
        assertFalse(SemVer.satisfies("3.11.2", "3.10.x"));
    }

    @Test
    void comparatorsCaretTildeAndAlternatives() {
        assertTrue(SemVer.satisfies("3.11.2", ">=3.10"));
        assertTrue(SemVer.satisfies("3.10.0", ">=3.10"));
        assertFalse(SemVer.satisfies("3.9.18", ">=3.10"));
        assertFalse(SemVer.satisfies("3.10.5", ">3.10"));
        assertTrue(SemVer.satisfies("3.11.0", ">3.10"));
        assertTrue(SemVer.satisfies("3.10.5", "<=3.10"));
        assertFalse(SemVer.satisfies("3.11.0", "<3.11"));
        assertTrue(SemVer.satisfies("3.11.2", ">= 3.10 < 4"));
        assertFalse(SemVer.satisfies("4.0.0", ">=3.10 <4"));
        assertTrue(SemVer.satisfies("3.13.5", "^3.10"));
        assertFalse(SemVer.satisfies("4.0.0", "^3.10"));
        assertTrue(SemVer.satisfies("0.2.5", "^0.2.1"));
        assertFalse(SemVer.satisfies("0.3.0", "^0.2.1"));
        assertTrue(SemVer.satisfies("3.11.9", "~3.11.2"));
        assertFalse(SemVer.satisfies("3.12.0", "~3.11.2"));
        assertTrue(SemVer.satisfies("18.19.0", "16.x || 18.x"));
        assertFalse(SemVer.satisfies("20.1.0", "16.x || 18.x"));
    }

    @Test
    void garbageIsRefused() {
        assertThrows(SemVer.InvalidRangeException.class, () -> SemVer.satisfies("3.11.2", "three"));
        assertThrows(SemVer.InvalidRangeException.class, () -> SemVer.satisfies("3.11.2", "1.2.3.4"));
        assertThrows(SemVer.InvalidRangeException.class, () -> SemVer.satisfies("3.11.2", "=>3"));
    }

    @Test
    void newestFirst() {
        assertTrue(SemVer.newestFirst("3.13.5", "3.9.2") < 0);
        assertTrue(SemVer.newestFirst("3.9.2", "3.13.5") > 0);
    }
}
