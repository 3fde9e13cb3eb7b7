package io.kerat.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.api.ApiException;
import io.kerat.api.piston.PistonRequests;
import io.kerat.api.piston.PistonResults;
import io.kerat.execution.Admission;
import io.kerat.execution.ExecutionException;
import io.kerat.execution.ExecutionRequest;
import io.kerat.sandbox.CancelToken;
import io.kerat.sandbox.SandboxResult;
import io.kerat.sandbox.StageStreams;
import io.kerat.util.Json;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Piston interactive session on {@code /api/v2/connect}, with Piston's protocol: the client sends
 * {@code init} (an execute body) within 1 s, then {@code data} (stdin, written to the run stage as it arrives)
 * and {@code signal}; the server sends {@code runtime}, {@code stage}, {@code data} (stdout/stderr chunks as read),
 * {@code exit} per stage and {@code error}, and closes with Piston's codes: 4000 already initialised, 4001 no init
 * within 1 s, 4002 error (after an {@code error} message), 4003 not initialised yet, 4004 data not for stdin,
 * 4005 unknown signal, 4999 job completed. The run is an ordinary one (admission, every limit, wall time from
 * the sandbox's start whatever the client does); a socket that closes cancels it, which kills the sandbox.
 *
 * <p>After the handshake the HTTP-only handlers (raw-byte clock, {@link Timeouts}, {@link BudgetHandler}, the
 * aggregator) leave the pipeline: the session has its own clock (the 1 s init timer, then the run's limits).
 */
final class PistonSocket extends SimpleChannelInboundHandler<WebSocketFrame> implements StageStreams {
    private static final Logger LOG = LoggerFactory.getLogger(PistonSocket.class);
    static final long INIT_TIMEOUT_MS = 1000;
    private static final byte[] EOF = new byte[0];
    /** Stdin received and not yet written to the program; past it the session stops reading from the client. */
    static final long MAX_PENDING_STDIN = 1 << 20;

    private final PistonRoutes routes;
    private final WebSocketServerHandshaker handshaker;
    private final CancelToken cancel = new CancelToken();
    private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private volatile ChannelHandlerContext ctx;
    private volatile String stage;
    private boolean initialised;
    private volatile boolean closed;

    private PistonSocket(PistonRoutes routes, WebSocketServerHandshaker handshaker) {
        this.routes = routes;
        this.handshaker = handshaker;
    }

    /** Answers the upgrade request (or a Piston error when it is not one) and hands the channel to a session. */
    static void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, PistonRoutes routes) {
        boolean isUpgrade = req.method().equals(HttpMethod.GET)
                && "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE, ""));
        if (!isUpgrade) {
            PistonRoutes.message(ctx, false, 400, "this endpoint takes a WebSocket (GET with Upgrade: websocket)");
            return;
        }
        int maxFrame = (int) Math.min(Integer.MAX_VALUE, routes.kerat().settings().maxRequestBytes());
        String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri();
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(url, null, true, maxFrame)
                .newHandshaker(req);
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        for (String name : new String[] {"raw", "timeouts", "budget", "chunked"}) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        PistonSocket session = new PistonSocket(routes, hs);
        hs.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close();
            }
        });
        p.addLast("ws-aggregate", new WebSocketFrameAggregator(maxFrame));
        p.addLast("piston-session", session);
        p.remove(ctx.handler());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.executor().schedule(() -> {
            if (!initialised) {
                close(4001, "Initialization Timeout");
            }
        }, INIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        cancel.cancel(); // kills the sandbox if one runs
        stdin.offer(EOF);
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame c) {
            cancel.cancel();
            handshaker.close(ctx.channel(), c.retain());
            return;
        }
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            return;
        }
        if (!(frame instanceof TextWebSocketFrame t)) {
            return; // Piston reads text messages only
        }
        JsonNode msg;
        try {
            msg = Json.mapper().readTree(t.text());
            if (msg == null || !msg.isObject()) {
                throw new IOException("a message must be a JSON object");
            }
        } catch (IOException e) {
            error("Unexpected token in JSON: " + PistonRoutes.firstLine(e.getMessage()));
            return;
        }
        String type = msg.path("type").asText("");
        switch (type) {
            case "init" -> {
                if (initialised) {
                    close(4000, "Already Initialized");
                    return;
                }
                initialised = true;
                start(msg);
            }
            case "data" -> {
                if (!initialised) {
                    close(4003, "Not yet initialized");
                } else if (!"stdin".equals(msg.path("stream").asText())) {
                    close(4004, "Can only write to stdin");
                } else {
                    byte[] b = msg.path("data").asText("").getBytes(StandardCharsets.UTF_8);
                    stdin.offer(b);
                    if (pending.addAndGet(b.length) > MAX_PENDING_STDIN) {
                        ctx.channel().config().setAutoRead(false); // back-pressure: the program reads slower
                    }
                }
            }
            case "signal" -> {
                if (!initialised) {
                    close(4003, "Not yet initialized");
                } else if (PistonResults.signalNumber(msg.path("signal").asText()) < 0) {
                    close(4005, "Invalid signal");
                } else {
                    cancel.cancel(); // the sandbox is killed: Kerat delivers no other signal into it
                }
            }
            default -> {
                // Piston ignores other message types
            }
        }
    }

    private void start(JsonNode msg) {
        PistonRequests.Parsed p;
        ExecutionRequest domain;
        try {
            p = routes.check(msg, true);
            domain = routes.toDomain(p).withStreams(this);
        } catch (ApiException e) {
            error(e.getMessage());
            return;
        }
        send(Map.of("type", "runtime", "language", p.runtime().piston().language(),
                "version", p.runtime().piston().version()));
        try {
            routes.kerat().admission().submit(domain, cancel).whenComplete((result, err) -> {
                if (err == null) {
                    close(4999, "Job Completed");
                    return;
                }
                Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (t instanceof CancellationException) {
                    close(4999, "Job Completed");
                    return;
                }
                if (!(t instanceof ExecutionException)) {
                    LOG.error("session run failed", t);
                }
                error(t.getMessage() == null ? t.toString() : t.getMessage());
            });
        } catch (Admission.QueueFullException e) {
            routes.kerat().recordRejection();
            error(e.getMessage());
        }
    }

    // --- StageStreams: called from the sandbox's threads ------------------------------------------------------

    @Override
    public void stageStarted(String name) {
        stage = name;
        send(Map.of("type", "stage", "stage", name));
    }

    @Override
    public void output(boolean stderr, byte[] buf, int off, int len) {
        send(Map.of("type", "data", "stream", stderr ? "stderr" : "stdout",
                "data", new String(buf, off, len, StandardCharsets.UTF_8)));
    }

    @Override
    public boolean needsOrder() {
        return true;
    }

    @Override
    public boolean streamsStdin() {
        return true;
    }

    @Override
    public void pumpStdin(OutputStream out) throws IOException, InterruptedException {
        if (!"run".equals(stage)) {
            // input waits for the run stage: a compiler gets none
            while (!Thread.currentThread().isInterrupted() && !closed) {
                Thread.sleep(50);
            }
            return;
        }
        while (true) {
            byte[] b = stdin.take();
            if (b == EOF) {
                return;
            }
            if (pending.addAndGet(-b.length) <= MAX_PENDING_STDIN / 2) {
                ChannelHandlerContext c = ctx;
                if (c != null && !c.channel().config().isAutoRead()) {
                    c.channel().config().setAutoRead(true);
                }
            }
            out.write(b);
            out.flush();
        }
    }

    @Override
    public void stageEnded(SandboxResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "exit");
        m.put("stage", stage);
        String signal = PistonResults.signalName(r.signal());
        m.put("code", signal == null ? r.exitCode() : null);
        m.put("signal", signal);
        m.put("kerat_termination", r.termination().name().toLowerCase(java.util.Locale.ROOT));
        send(m);
    }

    // --- writing ------------------------------------------------------------------------------------------

    private void send(Map<String, ?> m) {
        ChannelHandlerContext c = ctx;
        if (c == null || closed) {
            return;
        }
        try {
            c.channel().writeAndFlush(new TextWebSocketFrame(Json.mapper().writeValueAsString(m)));
        } catch (IOException e) {
            LOG.warn("cannot encode a session message", e);
        }
    }

    private void error(String message) {
        send(Map.of("type", "error", "message", message == null ? "error" : message));
        close(4002, "Notified Error");
    }

    private void close(int code, String reason) {
        ChannelHandlerContext c = ctx;
        if (c == null || closed) {
            return;
        }
        closed = true;
        c.channel().writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("session error: {}", cause.toString());
        cancel.cancel();
        ctx.close();
    }
}
