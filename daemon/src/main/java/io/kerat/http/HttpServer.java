package io.kerat.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Netty server: HTTP/1.1 with a size-capped aggregator in front of the dialects. */
public final class HttpServer implements AutoCloseable {
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("kerat-accept", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("kerat-http", true));
    private final List<Routes> dialects;
    private final long maxBody;
    private Channel channel;

    public HttpServer(List<Routes> dialects, long maxBody) {
        this.dialects = dialects;
        this.maxBody = maxBody;
    }

    /** Binds and returns the bound address (port 0 picks a free port). */
    public InetSocketAddress bind(String host, int port, String token) throws InterruptedException {
        Auth auth = token == null ? Auth.none() : new Auth(token);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("codec", new HttpServerCodec(8192, 16384, 65536))
                                .addLast("aggregate", new JsonAggregator((int) Math.min(Integer.MAX_VALUE, maxBody)))
                                .addLast("handler", new HttpHandler(dialects, auth));
                    }
                });
        channel = b.bind(host, port).sync().channel();
        return (InetSocketAddress) channel.localAddress();
    }

    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    /** Stops accepting connections (in-flight responses may still be written). */
    public void stopAccepting() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        stopAccepting();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** An aggregator whose oversized-body answer is our JSON 413. */
    static final class JsonAggregator extends HttpObjectAggregator {
        private final int max;

        JsonAggregator(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            Responses.error(ctx, false, 413, "body_too_large",
                    "the request body is over " + max + " bytes; send fewer or smaller files");
        }
    }
}
