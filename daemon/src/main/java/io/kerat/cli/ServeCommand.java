package io.kerat.cli;

import io.kerat.Kerat;
import io.kerat.cli.Main.UsageException;
import io.kerat.cluster.Balancer;
import io.kerat.config.BalancerSettings;
import io.kerat.config.Settings;
import io.kerat.http.AllRoutes;
import io.kerat.http.HttpServer;
import io.kerat.sandbox.Recovery;
import io.kerat.state.ServeLock;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code kerat serve}: the lock on the data dir, recovery of gone processes' state, the listeners, readiness for
 * systemd, and the graceful stop on SIGTERM.
 */
final class ServeCommand {
    private ServeCommand() {}

    static int serve(Deque<String> args, PrintStream err) throws Exception {
        Settings settings = Settings.fromEnvironment();
        BalancerSettings balancerSettings = BalancerSettings.fromEnvironment(); // agent_listen, drain_grace_ms
        String listen = settings.listen();
        String token = settings.token();
        String socket = settings.socket();
        String group = settings.socketGroup();
        boolean explicitSocket = false;
        while (!args.isEmpty()) {
            String a = args.pop();
            switch (a) {
                case "--listen" -> {
                    listen = Main.value(args, a);
                    // an explicit TCP listener on the command line serves only there unless --socket is given too
                    if (!explicitSocket) {
                        socket = null;
                    }
                }
                case "--no-tcp" -> listen = "";
                case "--socket" -> {
                    socket = Main.value(args, a);
                    explicitSocket = true;
                }
                case "--socket-group" -> group = Main.value(args, a);
                case "--token" -> token = Main.value(args, a);
                default -> throw new UsageException("serve: unknown option " + a);
            }
        }
        String host = null;
        int port = 0;
        boolean loopback = true;
        if (!listen.isEmpty()) {
            int colon = listen.lastIndexOf(':');
            if (colon < 0) {
                throw new UsageException("--listen wants HOST:PORT, got " + listen);
            }
            host = listen.substring(0, colon).replace("[", "").replace("]", "");
            port = Integer.parseInt(listen.substring(colon + 1));
            loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
            if ((!loopback || settings.http().requireToken()) && (token == null || token.isBlank())) {
                throw new UsageException("listening on " + host + (loopback ? " with require_token: true" : " (not loopback)")
                        + " needs a token: set KERAT_TOKEN or --token");
            }
        } else if (socket == null) {
            throw new UsageException("--no-tcp needs --socket");
        }
        // one daemon per data dir, taken before anything there is touched; held until the process ends
        ServeLock lock = ServeLock.acquire(settings.dataDir());
        Kerat kerat = new Kerat(settings);
        // stored asynchronous submissions (<data>/submissions.db): opened here, under the serve lock, never by
        // `kerat run` or `doctor`; each dialect's routes register their handler, then start() runs what is queued
        HttpServer server;
        try {
            kerat.openSubmissions();
            server = new HttpServer(AllRoutes.of(kerat), settings.maxRequestBytes(), settings.http());
        } catch (Exception e) {
            kerat.shutdown(); // leave nothing of this process behind
            throw e;
        }
        kerat.metrics().register(server.stats().collector(server.budget()::used));
        StringBuilder where = new StringBuilder();
        String poolLine = "off";
        boolean started = false;
        Balancer balancer = null;
        try {
            kerat.recover();
            // after recovery, which would remove them: pre-started sandboxes per language (pool in kerat.yaml)
            poolLine = kerat.executor().configurePool(settings.pool());
            // what a previous process left queued or running is run again, now that recovery cleaned its sandboxes
            kerat.submissions().start();
            if (host != null) {
                // loopback is open to every local user unless the admin asks for the token there too (require_token)
                boolean needToken = !loopback || settings.http().requireToken();
                InetSocketAddress bound = server.bind(host, port, needToken ? token : null);
                where.append("http://").append(bound.getHostString()).append(':').append(bound.getPort());
            }
            if (socket != null) {
                server.bindUnix(Path.of(socket), group);
                where.append(where.length() > 0 ? " and " : "").append("unix:").append(socket);
            }
            // HAProxy's agent check (agent_listen), once the daemon serves: several hosts behind HAProxy
            balancer = Balancer.start(balancerSettings, kerat);
            started = true;
        } finally {
            if (!started) { // a failed bind: leave nothing of this process behind
                server.close();
                kerat.shutdown();
            }
        }
        long grace = settings.shutdownGraceMs(); // kerat.yaml's shutdown_grace_ms, or KERAT_SHUTDOWN_GRACE_MS
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch hurry = new CountDownLatch(1); // a second signal: skip the rest of the drain grace
        AtomicBoolean stopped = new AtomicBoolean();
        Balancer lb = balancer;
        // SIGTERM/SIGINT start the graceful stop on the main thread (drain first), which then exits 0; the JVM's own
        // handling would exit 143/130. The hook covers the other ways the JVM can end (no drain grace there).
        boolean signals = onSignals(() -> {
            if (stop.getCount() == 0) {
                hurry.countDown();
            }
            stop.countDown();
        }, "TERM", "INT");
        kerat.leaveExitToCaller(); // this hook stops it, gracefully
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.compareAndSet(false, true)) {
                hurry.countDown();
                stopGracefully(server, kerat, lb, grace, hurry, err);
            }
        }, "kerat-shutdown"));
        Thread watcher = new Thread(() -> {
            try {
                server.awaitClose();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            stop.countDown();
        }, "kerat-listeners");
        watcher.setDaemon(true);
        watcher.start();
        err.println("kerat " + Main.version() + " listening on " + where
                + " (data " + settings.dataDir() + ", lock " + lock.file() + ", own state " + kerat.layout().stateDir()
                + ", runsc " + settings.runscPath() + ", platform " + kerat.platform().describe() + ", cgroup "
                + kerat.cgroups().describe() + ", warm pool " + poolLine
                + (signals ? "" : ", no SIGTERM handler")
                + (balancer.describe().isEmpty() ? "" : ", " + balancer.describe()) + ")");
        SdNotify.notify("READY=1\nSTATUS=serving on " + where);
        stop.await();
        if (stopped.compareAndSet(false, true)) {
            stopGracefully(server, kerat, lb, grace, hurry, err);
        }
        return 0;
    }

    /** Installs {@code action} for the named signals; false where the JVM does not let us (then the hook stops us). */
    @SuppressWarnings("restriction")
    private static boolean onSignals(Runnable action, String... names) {
        try {
            for (String n : names) {
                sun.misc.Signal.handle(new sun.misc.Signal(n), sig -> action.run());
            }
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Drains first (health 503 {@code draining}, the agent {@code drain}, new requests still accepted for
     * {@code drain_grace_ms} unless {@code hurry} ends it), then stops accepting, lets accepted requests finish for up
     * to {@code graceMs}, cancels the rest (their sandboxes killed), sends the last responses, then removes whatever
     * is left of its own runsc root, cgroups and run dirs.
     */
    static void stopGracefully(HttpServer server, Kerat kerat, Balancer balancer, long graceMs, CountDownLatch hurry,
                               PrintStream err) {
        balancer.drain(err, hurry);
        err.println("kerat: stopping: no new connections; waiting up to " + graceMs + " ms for "
                + kerat.admission().active() + " running and " + kerat.admission().queued() + " queued request(s)");
        server.stopAccepting();
        // stored submissions: no new ones start; running ones finish within the grace or go back to the queue
        kerat.stopTakingSubmissions();
        int cancelled = 0;
        try {
            cancelled = kerat.admission().drain(graceMs, 8_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close(); // runs the event loops' pending writes (the last responses) before closing
        balancer.close(); // the agent answers `drain` until here
        Recovery.Report left = kerat.shutdown(); // this daemon's own state only
        err.println("kerat: stopped" + (cancelled > 0 ? " (" + cancelled + " request(s) cancelled after the grace period)" : "")
                + (left.isEmpty() ? "" : "; cleaned up " + left));
    }
}
