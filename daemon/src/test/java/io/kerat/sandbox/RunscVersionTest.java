package io.kerat.sandbox;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunscVersionTest {
    private static LocalDate date(String versionOutput) {
        return RunscVersion.parse(versionOutput).orElseThrow().date();
    }

    @Test
    void debianPackagesNameTheReleaseAfterTheTilde() {
        assertEquals(LocalDate.of(2024, 7, 29), date("runsc version 0.0~20240729.0\nspec: 1.0.2-dev\n"));
        assertEquals(LocalDate.of(2022, 12, 19), date("runsc version 0.0~20221219.0"));
        assertEquals("20240729", RunscVersion.parse("runsc version 0.0~20240729.0").orElseThrow().release());
    }

    @Test
    void upstreamAndOtherPackagings() {
        assertEquals(LocalDate.of(2024, 7, 29), date("runsc version release-20240729.0"));
        assertEquals(LocalDate.of(2023, 9, 4), date("runsc version release-20230904.0-12-gabcdef0"));
        // Fedora: the release first, then the snapshot date of the packaging
        assertEquals(LocalDate.of(2024, 4, 8), date("runsc version 20240408.0-1.20240418git9e5a99b.fc41"));
    }

    @Test
    void onlyTheFirstLineCounts() {
        assertEquals(Optional.empty(), RunscVersion.parse("runsc version VERSION_MISSING\nspec: 20240101"));
    }

    @Test
    void noReleaseDate() {
        assertEquals(Optional.empty(), RunscVersion.parse("runsc version VERSION_MISSING\nspec: 1.1.0-rc.1"));
        assertEquals(Optional.empty(), RunscVersion.parse("runsc version google-551234567"));
        assertEquals(Optional.empty(), RunscVersion.parse(""));
        assertEquals(Optional.empty(), RunscVersion.parse(null));
        // eight digits that are no date, and digits glued to a longer number, are skipped
        assertEquals(Optional.empty(), RunscVersion.parse("runsc version 20241399.0"));
        assertEquals(Optional.empty(), RunscVersion.parse("runsc version 1202407290"));
        assertEquals(LocalDate.of(2024, 7, 29), date("runsc version build 20241399 release-20240729.0"));
    }

    @Test
    void systrapIsTheDefaultFromSeptember2023() {
        assertFalse(RunscVersion.parse("runsc version 0.0~20221219.0").orElseThrow().systrapByDefault());
        assertFalse(RunscVersion.parse("runsc version release-20230831.0").orElseThrow().systrapByDefault());
        assertTrue(RunscVersion.parse("runsc version release-20230901.0").orElseThrow().systrapByDefault());
        assertTrue(RunscVersion.parse("runsc version 0.0~20240729.0").orElseThrow().systrapByDefault());
    }
}
