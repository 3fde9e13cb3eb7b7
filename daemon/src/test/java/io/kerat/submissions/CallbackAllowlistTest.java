package io.kerat.submissions;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbackAllowlistTest {
    private static final CallbackAllowlist DEFAULT = CallbackAllowlist.parse(List.of("127.0.0.0/8", "::1", "localhost"));

    private static byte[] ip(String s) throws Exception {
        return InetAddress.getByName(s).getAddress();
    }

    private static void allowed(CallbackAllowlist a, String url) throws Exception {
        a.check(URI.create(url));
    }

    private static String refused(CallbackAllowlist a, String url) {
        return assertThrows(AsyncSubmissions.CallbackRefused.class, () -> a.check(URI.create(url)), url).getMessage();
    }

    @Test
    void defaultIsLoopbackOnly() throws Exception {
        allowed(DEFAULT, "http://127.0.0.1:8080/cb");
        allowed(DEFAULT, "http://127.255.1.2/cb");
        allowed(DEFAULT, "https://localhost/cb");
        allowed(DEFAULT, "http://LOCALHOST./cb");
        allowed(DEFAULT, "http://[::1]:9000/cb");
        allowed(DEFAULT, "http://[::ffff:127.0.0.1]/cb");
        refused(DEFAULT, "http://10.0.0.1/cb");
        refused(DEFAULT, "http://169.254.169.254/latest/meta-data");
        refused(DEFAULT, "http://[::2]/cb");
        refused(DEFAULT, "http://[::ffff:10.0.0.1]/cb");
        refused(DEFAULT, "http://localhost.evil.example/cb");
        refused(DEFAULT, "http://evil.example/cb");
        refused(DEFAULT, "http://2130706433/cb"); // a number is a name here, and not a listed one
    }

    @Test
    void schemesCredentialsAndLength() {
        assertTrue(refused(DEFAULT, "ftp://127.0.0.1/x").contains("http"));
        assertTrue(refused(DEFAULT, "file:///etc/passwd").contains("http"));
        assertTrue(refused(DEFAULT, "http://user:pw@127.0.0.1/x").contains("credentials"));
        assertTrue(refused(DEFAULT, "http://127.0.0.1/" + "a".repeat(3000)).contains("longer"));
        refused(DEFAULT, "http:///nohost");
    }

    @Test
    void cidrsOfBothFamilies() throws Exception {
        CallbackAllowlist a = CallbackAllowlist.parse(List.of("10.1.0.0/16", "192.168.1.7", "fd00::/8", "0.0.0.0/0"));
        assertTrue(a.allowsAddress(ip("10.1.255.3")));
        assertTrue(a.allowsAddress(ip("8.8.8.8")), "/0 is everything (of IPv4)");
        assertTrue(a.allowsAddress(ip("fdab::1")));
        assertFalse(a.allowsAddress(ip("fe80::1")));
        CallbackAllowlist b = CallbackAllowlist.parse(List.of("10.1.0.0/17", "192.168.1.7", "2001:db8::/33"));
        assertTrue(b.allowsAddress(ip("10.1.127.255")));
        assertFalse(b.allowsAddress(ip("10.1.128.0")));
        assertTrue(b.allowsAddress(ip("192.168.1.7")));
        assertFalse(b.allowsAddress(ip("192.168.1.8")));
        assertTrue(b.allowsAddress(ip("2001:db8:7fff::1")));
        assertFalse(b.allowsAddress(ip("2001:db8:8000::1")));
        assertFalse(b.allowsAddress(ip("::1")));
    }

    @Test
    void namesAndDomains() throws Exception {
        CallbackAllowlist a = CallbackAllowlist.parse(List.of("grader.example", ".judge.example.org", "10.0.0.0/8"));
        allowed(a, "https://grader.example/cb");
        allowed(a, "https://GRADER.example:8443/cb");
        allowed(a, "https://judge.example.org/cb");
        allowed(a, "https://a.b.judge.example.org/cb");
        refused(a, "https://notjudge.example.org/cb");
        refused(a, "https://grader.example.evil/cb");
        refused(a, "https://sub.grader.example/cb");
        refused(a, "http://127.0.0.1/cb");
        allowed(a, "http://10.9.8.7/cb");
        assertFalse(a.allowsAddress(ip("127.0.0.1")), "a name entry never allows an address by itself");
    }

    @Test
    void badEntriesAreNamed() {
        for (String bad : List.of("10.0.0.0/33", "::1/129", "10.0.0.0/x", "300.1.1.1", "under_score.example",
                "a..b", "-x.example", "http://x", "1.2.3.4/-1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CallbackAllowlist.parse(List.of(bad)), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        assertEquals(List.of("localhost"), CallbackAllowlist.parse(List.of("localhost")).entries());
    }

    @Test
    void backoffDoublesUpToItsCap() {
        assertEquals(1000, CallbackSender.backoff(1000, 1));
        assertEquals(2000, CallbackSender.backoff(1000, 2));
        assertEquals(8000, CallbackSender.backoff(1000, 4));
        assertEquals(CallbackSender.MAX_BACKOFF_MS, CallbackSender.backoff(1000, 60));
    }
}
