package io.kerat.http;

import io.kerat.config.HttpSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's clock and back-pressure, just after the codec (a {@link RawSide} before the codec sees the raw
 * bytes). At any time at most one timer runs:
 * <ul>
 * <li>no request in progress: the idle timer (also for a connection that never sends a byte): close;</li>
 * <li>part of a request received: the request timer, from its first byte: 408 and close;</li>
 * <li>a request received and its answer being computed (a run in its sandbox): no timer;</li>
 * <li>a response being written: the response timer, from its start until the client has taken it all: close.</li>
 * </ul>
 * While the connection cannot take more output (the client does not read), the daemon stops reading from it, and a
 * client that still has sent a new request by then is cut off: unread responses never pile up.
 */
final class Timeouts extends ChannelDuplexHandler {
    private enum Kind { IDLE, REQUEST, RESPONSE }

    private final HttpSettings limits;
    private final HttpStats stats;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private Kind armed;
    /** Requests received completely and not yet answered. */
    private int pending;
    /** Responses started and not yet written completely. */
    private int responding;
    /** Bytes of a request that is not complete yet have arrived, since {@link #partialSince}. */
    private boolean partial;
    private long partialSince;
    private boolean closing;

    Timeouts(HttpSettings limits, HttpStats stats) {
        this.limits = limits;
        this.stats = stats;
    }

    /** Before the codec: any bytes mark the start of a request if none is in progress. */
    final class RawSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            if (msg instanceof ByteBuf b && b.isReadable() && !partial && pending == 0) {
                partial = true;
                partialSince = System.nanoTime();
                update();
            }
            c.fireChannelRead(msg);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            update();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        update();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        closing = true;
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof LastHttpContent) {
            if (!ctx.channel().isWritable() && responding > 0) {
                // a new request while earlier answers lie unread: the client does not read, so it is cut off
                io.netty.util.ReferenceCountUtil.release(msg);
                closing = true;
                ctx.close();
                return;
            }
            partial = false;
            pending++;
            update();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse r && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            responding++;
            if (r.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
                closing = true;
            }
            update();
        }
        boolean informational = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !informational) {
            promise = promise.unvoid();
            promise.addListener((ChannelFutureListener) f -> {
                responding = Math.max(0, responding - 1);
                pending = Math.max(0, pending - 1);
                update();
            });
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        super.channelWritabilityChanged(ctx);
    }

    /** Arms the one timer the connection's state calls for. */
    private void update() {
        if (ctx == null || !ctx.channel().isActive()) {
            return;
        }
        Kind want;
        long delayNs;
        if (responding > 0) {
            want = Kind.RESPONSE;
            delayNs = TimeUnit.MILLISECONDS.toNanos(limits.responseTimeoutMs());
        } else if (closing) {
            want = null; // the response that closes the connection is out: its own close (or linger) follows
            delayNs = 0;
        } else if (pending > 0) {
            want = null; // computing the answer: a long run is not idleness
            delayNs = 0;
        } else if (partial) {
            want = Kind.REQUEST;
            delayNs = Math.max(0, TimeUnit.MILLISECONDS.toNanos(limits.requestTimeoutMs()) - (System.nanoTime() - partialSince));
        } else {
            want = Kind.IDLE;
            delayNs = TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMs());
        }
        if (want == armed && want != Kind.IDLE) {
            return; // keep the running deadline (request: from its first byte; response: from its start)
        }
        cancel();
        if (want != null) {
            armed = want;
            Kind k = want;
            timer = ctx.executor().schedule(() -> expired(k), delayNs, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        armed = null;
    }

    private void expired(Kind k) {
        timer = null;
        armed = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        closing = true;
        switch (k) {
            case IDLE -> {
                stats.idleTimeouts.incrementAndGet();
                ctx.close();
            }
            case RESPONSE -> {
                stats.responseTimeouts.incrementAndGet();
                ctx.close();
            }
            case REQUEST -> {
                stats.requestTimeouts.incrementAndGet();
                Responses.error(ctx, false, 408, "request_timeout", "the request did not arrive completely within "
                        + limits.requestTimeoutMs() + " ms of its first byte");
                // the answer is written and the connection closed; a client that does not even read it is cut off
                ctx.executor().schedule(() -> {
                    ctx.close();
                }, 2, TimeUnit.SECONDS);
            }
            default -> throw new IllegalStateException(k.toString());
        }
    }
}
