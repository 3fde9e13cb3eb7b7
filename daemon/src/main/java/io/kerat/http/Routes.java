package io.kerat.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/** An API dialect: answers the requests it knows and says false for the others. */
public interface Routes {
    /**
     * Handles the request if it is one of this dialect's; the response may be written later from another thread.
     *
     * @return false when the path is not one of this dialect's
     */
    boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) throws Exception;
}
