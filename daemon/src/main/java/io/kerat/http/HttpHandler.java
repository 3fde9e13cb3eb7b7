package io.kerat.http;

import io.kerat.api.ApiException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Routes each full request to the dialects in turn; errors become JSON, never a dropped connection. */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);
    /** Cancelled when the connection closes, so queued or running work for it stops. */
    static final AttributeKey<io.kerat.sandbox.CancelToken> CANCEL = AttributeKey.valueOf("kerat.cancel");

    private final List<Routes> dialects;
    private final Auth auth;

    HttpHandler(List<Routes> dialects, Auth auth) {
        this.dialects = dialects;
        this.auth = auth;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        io.kerat.sandbox.CancelToken t = ctx.channel().attr(CANCEL).getAndSet(null);
        if (t != null) {
            t.cancel();
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            Responses.error(ctx, false, 400, "bad_http", "the request is not valid HTTP/1.1");
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        try {
            if (!auth.allows(req, path)) {
                Responses.error(ctx, keepAlive, 401, "unauthorized",
                        "this listener needs an \"Authorization: Bearer <token>\" header", java.util.Map.of("WWW-Authenticate", "Bearer"));
                return;
            }
            for (Routes d : dialects) {
                if (d.handle(ctx, req, path, keepAlive)) {
                    return;
                }
            }
            Responses.error(ctx, keepAlive, 404, "not_found", "no endpoint " + req.method() + " " + path
                    + "; GET /api/v1/openapi.json lists the endpoints");
        } catch (ApiException e) {
            Responses.error(ctx, keepAlive, e.httpStatus(), e.code(), e.getMessage());
        } catch (Exception e) {
            LOG.error("request {} {} failed", req.method(), path, e);
            Responses.error(ctx, keepAlive, 500, "internal_error", "unexpected error: " + e.getMessage());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
