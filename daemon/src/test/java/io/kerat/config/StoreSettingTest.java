package io.kerat.config;

import io.kerat.submissions.PostgresUrl;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code store} setting (SQLite or a PostgreSQL URL), its lease settings, and the URL's parsing. */
class StoreSettingTest {

    @Test
    void sqliteByDefault() {
        SubmissionSettings s = HttpSettingsTest.env(Map.of()).submissions();
        assertNull(s.store());
        assertEquals(30_000, s.leaseMs());
        assertEquals(10_000, s.leaseRenewMs());
        assertNull(HttpSettingsTest.env(Map.of("KERAT_STORE", "SQLite")).submissions().store());
        SubmissionSettings shipped = ConfigFileTest.settings(ConfigFileTest.SHIPPED, Map.of()).submissions();
        assertNull(shipped.store());
        assertEquals(30_000, shipped.leaseMs());
    }

    @Test
    void postgresUrlsAndTheirPassword() {
        SubmissionSettings s = HttpSettingsTest.env(Map.of("KERAT_STORE", "postgresql://kerat@db:5433/kq",
                "KERAT_STORE_PASSWORD", "s3cret", "KERAT_STORE_LEASE_MS", "6000")).submissions();
        assertEquals("postgresql://kerat@db:5433/kq", s.store());
        assertEquals(2_000, s.leaseRenewMs(), "renewed three times per lease unless set");
        PostgresUrl u = PostgresUrl.parse(s.store(), s.storePassword());
        assertEquals(new PostgresUrl("jdbc:postgresql://db:5433/kq", "kerat", "s3cret"), u);
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertFalse(u.toString().contains("s3cret"), u.toString());

        PostgresUrl inUrl = PostgresUrl.parse("jdbc:postgresql://k%40x:p%3Aw@[::1]/kerat?sslmode=require", "env");
        assertEquals(new PostgresUrl("jdbc:postgresql://[::1]/kerat?sslmode=require", "k@x", "p:w"), inUrl,
                "the URL's own password wins over the environment's");
        assertFalse(HttpSettingsTest.env(Map.of("KERAT_STORE", "postgresql://u:hidden@h/d")).submissions().toString()
                .contains("hidden"));
    }

    @Test
    void badValuesNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HttpSettingsTest.env(Map.of("KERAT_STORE", "mysql://u:pw@h/d")));
        assertTrue(e.getMessage().startsWith("store (KERAT_STORE): sqlite (the default) or a PostgreSQL URL"), e.getMessage());
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> HttpSettingsTest.env(Map.of("KERAT_STORE", "postgresql://h")));
        assertTrue(e.getMessage().contains("no database"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> HttpSettingsTest.env(Map.of("KERAT_STORE_LEASE_MS", "3000",
                "KERAT_STORE_RENEW_MS", "2000")));
        assertTrue(e.getMessage().startsWith("store_renew_ms (KERAT_STORE_RENEW_MS): 2000 ms is more than half"),
                e.getMessage());
    }
}
