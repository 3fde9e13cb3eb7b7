package io.kerat.http;

import io.kerat.util.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The only code that writes HTTP responses; it also owns keep-alive and close. */
public final class Responses {
    private Responses() {}

    public static void json(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body) {
        json(ctx, keepAlive, status, body, Map.of());
    }

    public static void json(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body,
                            Map<String, String> headers) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (Exception e) {
            bytes = "{\"error\":{\"code\":\"internal_error\",\"message\":\"cannot encode the response\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            status = 500;
        }
        send(ctx, keepAlive, status, "application/json", bytes, headers);
    }

    public static void error(ChannelHandlerContext ctx, boolean keepAlive, int status, String code, String message) {
        error(ctx, keepAlive, status, code, message, Map.of());
    }

    public static void error(ChannelHandlerContext ctx, boolean keepAlive, int status, String code, String message,
                             Map<String, String> headers) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", code);
        err.put("message", message);
        json(ctx, keepAlive, status, Map.of("error", err), headers);
    }

    public static void text(ChannelHandlerContext ctx, boolean keepAlive, int status, String contentType, String body) {
        send(ctx, keepAlive, status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, int status, String type, byte[] body,
                             Map<String, String> headers) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach((k, v) -> res.headers().set(k, v));
        HttpUtil.setKeepAlive(res, keepAlive);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (!ctx.channel().isActive()) {
            res.release();
            return;
        }
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
