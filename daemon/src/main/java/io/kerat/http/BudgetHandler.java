package io.kerat.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * One connection's share of the {@link BodyBudget}, between the codec and the aggregator. A request whose body
 * does not fit is answered 503 {@code busy} with {@code Retry-After} as soon as its headers (or, chunked, the chunk
 * that does not fit) arrive; the connection then only discards input until it closes. Body chunks are copied to
 * the heap so that bodies held while they arrive never pin Netty's direct read buffers. Each request's bytes are
 * released when its response has been written, or when the connection closes.
 */
final class BudgetHandler extends ChannelDuplexHandler {
    static final String RETRY_AFTER_SECONDS = "2";

    private final BodyBudget budget;
    private final long maxBody;
    private final HttpStats stats;
    /** Bytes of received requests waiting for their response, oldest first. */
    private final ArrayDeque<Long> answered = new ArrayDeque<>();
    /** Bytes reserved for the request being received. */
    private long current;
    private long received;
    private boolean byLength;
    private boolean counting;
    private boolean refused;

    BudgetHandler(BodyBudget budget, long maxBody, HttpStats stats) {
        this.budget = budget;
        this.maxBody = maxBody;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // the connection is closing: discard, hold nothing
            return;
        }
        if (msg instanceof HttpRequest req) {
            startRequest(req);
            if (counting && byLength && !budget.tryReserve(contentLength(req), contentLength(req) > BodyBudget.LARGE)) {
                refuse(ctx, msg);
                return;
            }
            if (counting && byLength) {
                current = contentLength(req);
            }
        }
        if (msg instanceof HttpContent c) {
            int n = c.content().readableBytes();
            if (counting && !byLength && n > 0) {
                received += n;
                if (received > maxBody) {
                    counting = false; // the aggregator answers 413 and discards the rest
                } else if (!budget.tryReserve(n, received > BodyBudget.LARGE)) {
                    refuse(ctx, msg);
                    return;
                } else {
                    current += n;
                }
            }
            if (counting && n > 0 && c.content().isDirect()) {
                ByteBuf heap = Unpooled.buffer(n, n).writeBytes(c.content(), c.content().readerIndex(), n);
                HttpContent copy = c.replace(heap);
                c.release();
                msg = copy;
            }
            if (msg instanceof LastHttpContent) {
                answered.addLast(current);
                current = 0;
                counting = false;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void startRequest(HttpRequest req) {
        if (current > 0) { // a request that was cut off by an early answer and a new one pipelined: keep it held
            answered.addLast(current);
        }
        current = 0;
        received = 0;
        long length = contentLength(req);
        byLength = length >= 0;
        counting = req.decoderResult().isSuccess() && length <= maxBody;
    }

    private static long contentLength(HttpRequest req) {
        try {
            return HttpUtil.getContentLength(req, -1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        refused = true;
        stats.busy.incrementAndGet();
        Responses.errorThenLinger(ctx, 503, "busy", "the daemon is receiving too many request bodies at once ("
                        + budget.total() + " bytes); retry later", Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !informational) {
            promise = promise.unvoid();
            promise.addListener((ChannelFutureListener) f -> releaseOldest());
        }
        ctx.write(msg, promise);
    }

    /** A response is out: the oldest request's bytes go back (or the one still arriving, answered early). */
    private void releaseOldest() {
        Long n = answered.pollFirst();
        if (n != null) {
            budget.release(n);
        } else {
            budget.release(current);
            current = 0;
        }
    }

    private void releaseAll() {
        for (Long n : answered) {
            budget.release(n);
        }
        answered.clear();
        budget.release(current);
        current = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
    }
}
