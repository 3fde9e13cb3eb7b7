package io.kerat.submissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store contract on a real PostgreSQL server (env {@code KERAT_TEST_POSTGRES}, a URL: {@code eval
 * "$(tools/test-postgres.sh)"} gives one), plus what only a shared store does: two hosts claiming at once, a lease
 * taken over after it expired, a late result that does not overwrite, callbacks held by one host, and hosts
 * migrating the schema at the same time. Each test starts from an empty database (the tables are dropped).
 */
class PostgresSubmissionStoreTest extends SubmissionStoreContract {
    /** Short enough for tests to wait for, long enough that a loaded machine never lets one expire by accident. */
    static final long LEASE_MS = 2_000;
    static PostgresUrl url;

    static final String SKIPPED = "KERAT_TEST_POSTGRES is not set and no local PostgreSQL could be started: the"
            + " PostgreSQL store tests are skipped (apt-get install postgresql, or run eval \"$(tools/test-postgres.sh)\""
            + " as root to start a local server and set it)";

    @BeforeAll
    static void server() {
        String env = System.getenv("KERAT_TEST_POSTGRES");
        if (env == null || env.isBlank()) {
            env = localServer();
        }
        if (env == null || env.isBlank()) {
            System.out.println("[postgres] " + SKIPPED);
        } else {
            url = PostgresUrl.parse(env, System.getenv("KERAT_STORE_PASSWORD"));
        }
    }

    /**
     * Without {@code KERAT_TEST_POSTGRES}: as root on a host with Debian's {@code postgresql} installed, starts the
     * local cluster with {@code tools/test-postgres.sh} (as README's test command is all a newcomer runs) and
     * returns its URL; null otherwise.
     */
    static String localServer() {
        java.nio.file.Path script = java.nio.file.Path.of("..", "tools", "test-postgres.sh").toAbsolutePath();
        if (!"root".equals(System.getProperty("user.name")) || !java.nio.file.Files.isRegularFile(script)
                || !java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/pg_lsclusters"))) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                System.out.println("[postgres] tools/test-postgres.sh failed: " + out);
                return null;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("KERAT_TEST_POSTGRES=(\\S+)").matcher(out);
            return m.find() ? m.group(1) : null;
        } catch (java.io.IOException e) {
            System.out.println("[postgres] " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static Connection raw() throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    static void sql(String sql) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    void empty() throws Exception {
        if (url == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + SKIPPED);
        }
        Assumptions.assumeTrue(url != null, SKIPPED); // each test reported skipped, with the reason
        sql("DROP TABLE IF EXISTS submissions, schema_version");
    }

    @Override
    PostgresSubmissionStore open(int maxQueued, long maxRows, long maxBytes) throws Exception {
        return open(maxQueued, maxRows, maxBytes, LEASE_MS);
    }

    static PostgresSubmissionStore open(int maxQueued, long maxRows, long maxBytes, long leaseMs) throws Exception {
        return PostgresSubmissionStore.open(url, 4, 5_000, leaseMs, maxQueued, maxRows, maxBytes);
    }

    @Override
    void awaitLeasesExpired() throws InterruptedException {
        Thread.sleep(LEASE_MS + 500);
    }

    @Test
    void twoHostsClaimingAtOnceNeverGetTheSameSubmission() throws Exception {
        store.close();
        store = open(1_000, 10_000, 1 << 24);
        for (int i = 0; i < 200; i++) {
            store.insert(String.format("s%03d", i), "k", b("r" + i), null, T0);
        }
        List<PostgresSubmissionStore> hosts = List.of(open(1_000, 10_000, 1 << 24), open(1_000, 10_000, 1 << 24));
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger twice = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            PostgresSubmissionStore host = hosts.get(w % 2);
            fs.add(pool.submit(() -> {
                go.await();
                for (Optional<Submission> s; (s = host.claimNext(K, Instant.now())).isPresent(); ) {
                    if (claimedBy.putIfAbsent(s.get().token(), host.owner()) != null) {
                        twice.incrementAndGet();
                    }
                    assertTrue(host.finish(s.get().token(), b("done"), null, Instant.now()));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, twice.get(), "claimed twice");
        assertEquals(200, claimedBy.size());
        Map<String, Integer> perHost = new ConcurrentHashMap<>();
        claimedBy.values().forEach(o -> perHost.merge(o, 1, Integer::sum));
        System.out.println("[postgres] 200 submissions claimed once each by two hosts: " + perHost);
        assertEquals(0, store.unfinished());
        for (int i = 0; i < 200; i++) {
            assertEquals(Submission.State.DONE, store.get(String.format("s%03d", i)).orElseThrow().state());
        }
        hosts.forEach(PostgresSubmissionStore::close);
    }

    @Test
    void anExpiredLeaseIsTakenByAnotherHostAndALateResultDoesNotOverwrite() throws Exception {
        URI cb = URI.create("http://127.0.0.1:1/cb");
        try (PostgresSubmissionStore a = open(10, 100, 1 << 20, 1_000)) {
            store.insert("x", "k", b("req"), cb, T0);
            assertEquals("x", a.claimNext(K, T0).orElseThrow().token());
            assertEquals(Optional.empty(), store.claimNext(K, T0), "a holds it");
            assertEquals(0, store.requeueRunning(), "a live host's work is not taken back at another's start");
            Thread.sleep(1_500); // a stalls: no renewal
            Submission again = store.claimNext(K, T0.plusSeconds(5)).orElseThrow();
            assertEquals("x", again.token(), "expired: another host runs it");
            assertEquals(Set.of("x"), a.renewLeases(List.of("x")), "a learns it lost the lease");
            assertTrue(store.finish("x", b("second host"), null, T0.plusSeconds(6)));
            assertFalse(a.finish("x", b("late"), null, T0.plusSeconds(7)), "the late result is refused");
            Submission s = store.get("x").orElseThrow();
            assertArrayEquals(b("second host"), s.result(), "the first result stays");
            assertEquals(T0.plusSeconds(6), s.finishedAt());
            assertFalse(a.holdCallback("x", 10_000), "the callback is the finishing host's");
            assertTrue(store.holdCallback("x", 10_000));
            assertEquals(List.of(), a.adoptCallbacks(), "held: not adopted");
            assertEquals(1, store.size()[0], "no duplicate row");
        }
    }

    @Test
    void theFirstResultWinsEvenWhenTheSlowHostFinishesFirst() throws Exception {
        try (PostgresSubmissionStore a = open(10, 100, 1 << 20, 1_000)) {
            store.insert("y", "k", b("req"), null, T0);
            a.claimNext(K, T0).orElseThrow();
            Thread.sleep(1_500);
            store.claimNext(K, T0).orElseThrow(); // taken over
            assertTrue(a.finish("y", b("slow host"), null, T0.plusSeconds(1)), "still unfinished: its result counts");
            assertFalse(store.finish("y", b("rerun"), null, T0.plusSeconds(2)));
            assertArrayEquals(b("slow host"), store.get("y").orElseThrow().result());
            assertEquals(0, store.unfinished());
        }
    }

    @Test
    void renewedLeasesAreNotTakenOver() throws Exception {
        try (PostgresSubmissionStore a = open(10, 100, 1 << 20, LEASE_MS)) {
            store.insert("z", "k", b("req"), null, T0);
            a.claimNext(K, T0).orElseThrow();
            LeaseKeeper keeper = new LeaseKeeper(a, 200, () -> List.of("z"), () -> { });
            keeper.start();
            try {
                long end = System.nanoTime() + 3 * LEASE_MS * 1_000_000;
                while (System.nanoTime() < end) {
                    assertEquals(Optional.empty(), store.claimNext(K, T0), "renewed: never another host's");
                    Thread.sleep(100);
                }
            } finally {
                keeper.close();
            }
            assertEquals(Set.of(), a.renewLeases(List.of("z")));
        }
    }

    @Test
    void hostsStartingTogetherMigrateOnce() throws Exception {
        store.close();
        empty();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PostgresSubmissionStore>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fs.add(pool.submit(() -> {
                go.await();
                return open(10, 100, 1 << 20);
            }));
        }
        go.countDown();
        List<PostgresSubmissionStore> hosts = new ArrayList<>();
        for (Future<PostgresSubmissionStore> f : fs) {
            hosts.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version, count(*) FROM schema_version GROUP BY version ORDER BY version")) {
            List<String> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(r.getInt(1) + ":" + r.getInt(2));
            }
            List<String> want = new ArrayList<>();
            for (PostgresSchema.Migration m : PostgresSchema.migrations()) {
                want.add(m.version() + ":1");
            }
            assertEquals(want, rows, "each migration applied once");
        }
        hosts.get(0).insert("m", "k", b("x"), null, T0);
        assertEquals("m", hosts.get(3).claimNext(K, T0).orElseThrow().token());
        Set<String> owners = new HashSet<>();
        hosts.forEach(h -> owners.add(h.owner()));
        assertEquals(4, owners.size(), "each host its own lease name");
        hosts.forEach(PostgresSubmissionStore::close);
        store = open(10, 100, 1 << 20);
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        store.close();
        sql("INSERT INTO schema_version (version, name) VALUES (99, 'V99__future.sql')");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> open(10, 100, 1 << 20));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        sql("DELETE FROM schema_version WHERE version = 99");
        store = open(10, 100, 1 << 20);
    }

    @Test
    void anUnreachableServerIsAClearErrorAfterRetrying() {
        PostgresUrl nowhere = PostgresUrl.parse("postgresql://kerat:secret@127.0.0.1:1/kerat", null);
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> PostgresSubmissionStore.open(nowhere, 2, 1_000, LEASE_MS, 10, 100, 1 << 20));
        assertTrue(e.getMessage().contains("cannot reach the PostgreSQL submission store jdbc:postgresql://127.0.0.1:1/kerat"),
                e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "never the password: " + e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*tried ([2-9]|\\d\\d+) times.*"), "retried first: " + e.getMessage());
    }
}
