package io.kerat.http;

import io.kerat.util.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedStream;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayInputStream;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The only code that writes HTTP responses; it also owns keep-alive and close. */
public final class Responses {
    private Responses() {}

    /** What happens to the connection once a response is written. */
    private enum Then { KEEP_ALIVE, CLOSE, LINGER }

    /** How long a lingering close reads (and discards) what the client still sends. */
    static final long LINGER_MILLIS = 5_000;
    /** Bodies larger than this are written in chunks of this size. */
    static final int CHUNK = 64 * 1024;

    public static void json(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body) {
        json(ctx, keepAlive, status, body, Map.of());
    }

    public static void json(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body,
                            Map<String, String> headers) {
        json(ctx, keepAlive ? Then.KEEP_ALIVE : Then.CLOSE, status, body, headers);
    }

    private static void json(ChannelHandlerContext ctx, Then then, int status, Object body, Map<String, String> headers) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (Exception e) {
            bytes = "{\"error\":{\"code\":\"internal_error\",\"message\":\"cannot encode the response\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            status = 500;
        }
        send(ctx, then, status, "application/json", bytes, headers);
    }

    public static void error(ChannelHandlerContext ctx, boolean keepAlive, int status, String code, String message) {
        error(ctx, keepAlive, status, code, message, Map.of());
    }

    public static void error(ChannelHandlerContext ctx, boolean keepAlive, int status, String code, String message,
                             Map<String, String> headers) {
        json(ctx, keepAlive ? Then.KEEP_ALIVE : Then.CLOSE, status, errorBody(code, message), headers);
    }

    /**
     * An error answered before the request body was read (413): the response, then a lingering close. Closing at
     * once while the client is still sending makes the kernel reset the connection, and the client may lose the
     * response and see only "broken pipe"; so the output side is shut down after the response and the rest of the
     * body is read and discarded (by the aggregator) until the client closes, for at most {@link #LINGER_MILLIS}.
     */
    public static void errorThenLinger(ChannelHandlerContext ctx, int status, String code, String message) {
        errorThenLinger(ctx, status, code, message, Map.of());
    }

    public static void errorThenLinger(ChannelHandlerContext ctx, int status, String code, String message,
                                       Map<String, String> headers) {
        json(ctx, Then.LINGER, status, errorBody(code, message), headers);
    }

    private static Map<String, Object> errorBody(String code, String message) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", code);
        err.put("message", message);
        return Map.of("error", err);
    }

    public static void text(ChannelHandlerContext ctx, boolean keepAlive, int status, String contentType, String body) {
        send(ctx, keepAlive ? Then.KEEP_ALIVE : Then.CLOSE, status, contentType, body.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private static void send(ChannelHandlerContext ctx, Then then, int status, String type, byte[] body,
                             Map<String, String> headers) {
        // a large body goes out in chunks as the client takes them (the ChunkedWriteHandler in front of the
        // HttpHandler), so at most one chunk at a time is copied to a direct buffer
        boolean chunked = body.length > CHUNK && ctx.handler() instanceof HttpHandler;
        HttpResponse res = chunked
                ? new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status))
                : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach((k, v) -> res.headers().set(k, v));
        HttpUtil.setKeepAlive(res, then == Then.KEEP_ALIVE);
        if (then != Then.KEEP_ALIVE) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(res);
            return;
        }
        ChannelFuture f;
        if (chunked) {
            ctx.write(res);
            f = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedStream(new ByteArrayInputStream(body), CHUNK)));
        } else {
            f = ctx.writeAndFlush(res);
        }
        if (then == Then.CLOSE) {
            f.addListener(ChannelFutureListener.CLOSE);
        } else if (then == Then.LINGER) {
            f.addListener((ChannelFutureListener) done -> {
                if (!done.isSuccess() || !(done.channel() instanceof DuplexChannel d)) {
                    done.channel().close();
                    return;
                }
                d.shutdownOutput();
                d.eventLoop().schedule(() -> d.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            });
        }
    }
}
