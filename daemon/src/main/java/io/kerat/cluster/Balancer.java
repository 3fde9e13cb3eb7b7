package io.kerat.cluster;

import io.kerat.Kerat;
import io.kerat.config.BalancerSettings;
import io.kerat.execution.Admission;
import io.kerat.runner.RunnerDef;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A host's side of a load balancer (docs/HAPROXY.md): the agent-check listener with its cached essentials, and the
 * first step of a graceful stop, the drain. Without {@code agent_listen} only the drain remains (health answers 503
 * {@code draining} for {@code drain_grace_ms}, default 0 then).
 */
public final class Balancer implements AutoCloseable {
    private final BalancerSettings settings;
    private final Kerat kerat;
    private final Essentials essentials;
    private AgentServer agent;

    private Balancer(BalancerSettings settings, Kerat kerat, Essentials essentials) {
        this.settings = settings;
        this.kerat = kerat;
        this.essentials = essentials;
    }

    /** Starts the agent listener when {@code settings} has one; call once the daemon serves. */
    public static Balancer start(BalancerSettings settings, Kerat kerat) throws IOException {
        if (!settings.agentOn()) {
            return new Balancer(settings, kerat, null);
        }
        Balancer b = new Balancer(settings, kerat,
                Essentials.watch(kerat.runsc(), kerat.settings().runscPath(), kerat.images(), installedImages(kerat)));
        try {
            b.agent = AgentServer.start(settings.agentHost(), settings.agentPort(), b::load);
            return b;
        } catch (IOException | RuntimeException ex) {
            b.close();
            throw ex;
        }
    }

    /** The default image of every language installed now: what the host must keep to stay up. */
    static List<String> installedImages(Kerat kerat) {
        List<String> out = new ArrayList<>();
        for (RunnerDef r : kerat.runners().all()) {
            if (!out.contains(r.image()) && Essentials.image(kerat.images(), r.image()) == null) {
                out.add(r.image());
            }
        }
        return out;
    }

    /** For the start-up line: {@code agent tcp://127.0.0.1:31416 (up ready 100%)}, or "" when off. */
    public String describe() {
        if (agent == null) {
            return "";
        }
        return "agent check on " + agent.address().getHostString() + ":" + agent.address().getPort()
                + " (now: " + AgentReply.of(load()).trim() + "), drain grace " + settings.drainGraceMs() + " ms";
    }

    private HostLoad load() {
        Admission a = kerat.admission();
        return new HostLoad(a.draining(), essentials == null ? null : essentials.failure(), a.slots(), a.active(),
                a.queueCapacity(), a.queued());
    }

    /**
     * The drain: health and the agent say so at once, no stored submission starts any more, and new requests are
     * still accepted for {@code drain_grace_ms} (the balancer's checks need that long to notice), or until
     * {@code hurry} is counted down (a second SIGTERM).
     */
    public void drain(PrintStream err, CountDownLatch hurry) {
        kerat.admission().startDraining();
        kerat.stopTakingSubmissions();
        long ms = settings.drainGraceMs();
        if (ms <= 0) {
            return;
        }
        err.println("kerat: draining: health answers 503" + (agent == null ? "" : ", the agent answers drain")
                + "; still accepting new requests for " + ms + " ms (drain_grace_ms; a second SIGTERM skips it)");
        try {
            hurry.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
        if (essentials != null) {
            essentials.close();
        }
    }
}
