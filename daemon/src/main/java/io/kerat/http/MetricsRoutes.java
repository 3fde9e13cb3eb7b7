package io.kerat.http;

import io.kerat.Kerat;
import io.kerat.metrics.Metrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;

/** {@code GET /metrics}: the daemon's Prometheus metrics in the text exposition format. */
public final class MetricsRoutes implements Routes {
    private final Kerat kerat;

    public MetricsRoutes(Kerat kerat) {
        this.kerat = kerat;
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) throws Exception {
        if (!path.equals("/metrics")) {
            return false;
        }
        NativeRoutes.requireMethod(req, HttpMethod.GET);
        Responses.text(ctx, keepAlive, 200, Metrics.contentType(), kerat.metrics().scrape());
        return true;
    }
}
