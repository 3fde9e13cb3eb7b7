package io.kerat.submissions;

import io.kerat.config.SubmissionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Delivers callbacks: a {@code PUT} of the dialect's body to the submission's URL, no redirects followed, with short
 * timeouts. Connection errors and 5xx answers are retried with exponential backoff up to the configured number of
 * attempts; any other answer ends it (2xx delivered, else failed). Every attempt is recorded in the store, so a
 * restart resumes pending deliveries where they were; with a shared store the host that finished the run holds the
 * callback (a lease) until it is delivered or given up, and another host adopts it only once that lease expired
 * (its holder died), so two hosts never make the same attempt. Before each attempt the host is resolved and every address
 * must be inside the allowlist's networks (DNS rebinding); the JDK caches the answer (30 s by default), so the
 * connection that follows uses the addresses just checked.
 */
final class CallbackSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    static final long MAX_BACKOFF_MS = 300_000;

    private final SubmissionStore store;
    private final CallbackAllowlist allow;
    private final SubmissionSettings settings;
    private final Function<Submission, byte[]> bodies;
    private final ScheduledExecutorService timer;
    private final HttpClient client;
    /** Deliveries scheduled in this process (one timer task each: adopting one again schedules nothing). */
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    CallbackSender(SubmissionStore store, CallbackAllowlist allow, SubmissionSettings settings,
                   Function<Submission, byte[]> bodies) {
        this.store = store;
        this.allow = allow;
        this.settings = settings;
        this.bodies = bodies;
        AtomicInteger n = new AtomicInteger();
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "kerat-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofMillis(settings.callbackTimeoutMs()))
                .build(); // its own executor: the timer's threads block in send() and must not starve it
    }

    /** Schedules the deliveries left pending by a process that died (at start, then now and then). */
    void adopt() {
        for (SubmissionStore.PendingCallback p : store.adoptCallbacks()) {
            schedule(p.token(), p.attempts(), p.nextAt());
        }
    }

    void schedule(String token, int attemptsSoFar, Instant at) {
        if (!scheduled.add(token)) {
            return; // already on the timer
        }
        long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
        try {
            timer.schedule(() -> attempt(token, attemptsSoFar), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.remove(token); // closing: the delivery stays pending in the store, resumed at the next start
        }
    }

    /** How long one attempt holds a callback: a lease, plus connecting and the answer. */
    private long holdMs() {
        return settings.leaseMs() + 2 * settings.callbackTimeoutMs();
    }

    private void attempt(String token, int attemptsSoFar) {
        scheduled.remove(token);
        try {
            if (!store.holdCallback(token, holdMs())) {
                return; // delivered, given up, deleted, or another host's to deliver (shared store)
            }
            Submission s = store.get(token).orElse(null);
            if (s == null || s.callback() == null || !s.state().isFinal()) {
                return; // deleted or expired meanwhile
            }
            int n = attemptsSoFar + 1;
            byte[] body = bodies.apply(s);
            if (body == null) {
                store.callbackAttempted(token, attemptsSoFar, SubmissionStore.CallbackState.DELIVERED, null);
                return;
            }
            URI uri = s.callback();
            String refused = refusedAddress(uri.getHost());
            if (refused != null) {
                LOG.warn("callback of {} to {} not sent: {}", token, uri.getHost(), refused);
                store.callbackAttempted(token, n, SubmissionStore.CallbackState.FAILED, null);
                return;
            }
            String why;
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofMillis(settings.callbackTimeoutMs()))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                int code = r.statusCode();
                if (code >= 200 && code < 300) {
                    store.callbackAttempted(token, n, SubmissionStore.CallbackState.DELIVERED, null);
                    LOG.debug("callback of {} delivered on attempt {}", token, n);
                    return;
                }
                if (code < 500) {
                    LOG.warn("callback of {} to {} answered {}: not retried", token, uri.getHost(), code);
                    store.callbackAttempted(token, n, SubmissionStore.CallbackState.FAILED, null);
                    return;
                }
                why = "answered " + code;
            } catch (IOException e) {
                why = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing: still pending in the store
            }
            if (n >= settings.callbackAttempts()) {
                LOG.warn("callback of {} to {} given up after {} attempts: {}", token, uri.getHost(), n, why);
                store.callbackAttempted(token, n, SubmissionStore.CallbackState.FAILED, null);
                return;
            }
            Instant next = Instant.now().plusMillis(backoff(settings.callbackBackoffMs(), n));
            LOG.info("callback of {} to {} failed ({}), attempt {} of {}; next at {}", token, uri.getHost(), why, n,
                    settings.callbackAttempts(), next);
            store.callbackAttempted(token, n, SubmissionStore.CallbackState.PENDING, next);
            schedule(token, n, next);
        } catch (RuntimeException e) {
            LOG.error("callback of {} failed", token, e);
        }
    }

    /** The delay after the {@code n}th failed attempt: base, 2 base, 4 base, ... at most {@link #MAX_BACKOFF_MS}. */
    static long backoff(long baseMs, int n) {
        int shift = Math.min(Math.max(n - 1, 0), 30);
        return Math.min(MAX_BACKOFF_MS, baseMs << shift);
    }

    /** Null when every address of {@code host} may be connected to, else why not. */
    private String refusedAddress(String host) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return null; // the send fails the same way (the JDK caches the failure too) and is retried
        }
        for (InetAddress a : all) {
            if (!allow.allowsAddress(a.getAddress())) {
                return host + " resolves to " + a.getHostAddress() + ", outside the allowed networks";
            }
        }
        return null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
