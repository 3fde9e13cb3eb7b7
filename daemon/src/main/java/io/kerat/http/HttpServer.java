package io.kerat.http;

import io.kerat.config.HttpSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Netty server: HTTP/1.1 with a size-capped aggregator in front of the dialects, on TCP (NIO) and/or a
 * Unix domain socket (Netty's epoll transport: the same pipeline, no bridging; jnr-unixsocket would need an
 * HTTP stack of its own). Blocking work never runs on these event loops, and they never wait for memory: bodies
 * being received share one {@link BodyBudget} (past it, 503 busy), are held on the heap, and every connection is
 * under {@link Timeouts} and its listener's {@link ConnectionCap}.
 */
public final class HttpServer implements AutoCloseable {
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("kerat-accept", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("kerat-http", true));
    private EventLoopGroup unixGroup;
    /**
     * Heap buffers wherever Netty lets us choose (cumulation, aggregation, responses); socket reads and writes
     * still go through small pooled direct buffers, which stay few because no body is held in them.
     */
    private static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(false);
    /** Output queued beyond this makes a connection unwritable (the daemon then stops reading from it). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final List<Routes> dialects;
    private final long maxBody;
    private final HttpSettings limits;
    private final BodyBudget budget;
    private final HttpStats stats = new HttpStats();
    private final List<Channel> channels = new ArrayList<>();
    private Path socketPath;

    /** A server with the default front-door limits. */
    public HttpServer(List<Routes> dialects, long maxBody) {
        this(dialects, maxBody, HttpSettings.defaults(maxBody));
    }

    public HttpServer(List<Routes> dialects, long maxBody, HttpSettings limits) {
        this.dialects = dialects;
        this.maxBody = maxBody;
        this.limits = limits;
        this.budget = new BodyBudget(Math.max(limits.maxInflightBytes(), maxBody), maxBody);
    }

    public HttpStats stats() {
        return stats;
    }

    public BodyBudget budget() {
        return budget;
    }

    private ChannelInitializer<Channel> initializer(Auth auth) {
        ConnectionCap cap = new ConnectionCap(limits.maxConnections(), stats);
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (!cap.admit(ch)) {
                    return;
                }
                Timeouts timeouts = new Timeouts(limits, stats);
                ch.pipeline()
                        .addLast("raw", timeouts.new RawSide())
                        .addLast("codec", new HttpServerCodec(8192, 16384, 65536))
                        .addLast("timeouts", timeouts)
                        .addLast("budget", new BudgetHandler(budget, maxBody, stats))
                        .addLast("aggregate", new JsonAggregator((int) Math.min(Integer.MAX_VALUE, maxBody)))
                        .addLast("chunked", new ChunkedWriteHandler())
                        .addLast("handler", new HttpHandler(dialects, auth));
            }
        };
    }

    private ServerBootstrap bootstrap(ServerBootstrap b) {
        // one read (at most 64 KiB) per connection per turn of the event loop: a few hundred clients streaming
        // bodies (or being discarded after a 503) do not starve a health check on the same loop
        return b.childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(1))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    /** Binds TCP and returns the bound address (port 0 picks a free port). */
    public InetSocketAddress bind(String host, int port, String token) throws InterruptedException {
        Auth auth = token == null ? Auth.none() : new Auth(token);
        ServerBootstrap b = bootstrap(new ServerBootstrap())
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(initializer(auth));
        Channel ch = b.bind(host, port).sync().channel();
        channels.add(ch);
        return (InetSocketAddress) ch.localAddress();
    }

    /**
     * Serves HTTP on a Unix domain socket, mode 0660 and owned by {@code group} when that group exists. A stale
     * socket file (nobody listening) is replaced; a live one means another daemon runs: refused.
     */
    public void bindUnix(Path path, String group) throws IOException, InterruptedException {
        if (!Epoll.isAvailable()) {
            throw new IOException("Unix socket listener needs Netty's epoll transport: " + Epoll.unavailabilityCause());
        }
        Files.createDirectories(path.getParent());
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new IOException(path + " exists and is not a socket; remove it or choose another --socket");
            }
            if (alive(path)) {
                throw new IOException("another daemon is listening on " + path);
            }
            Files.delete(path);
        }
        unixGroup = new EpollEventLoopGroup(1, new DefaultThreadFactory("kerat-unix", true));
        ServerBootstrap b = bootstrap(new ServerBootstrap())
                .group(unixGroup)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(initializer(Auth.none()));
        Channel ch = b.bind(new DomainSocketAddress(path.toFile())).sync().channel();
        channels.add(ch);
        socketPath = path;
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        if (group != null) {
            try {
                GroupPrincipal g = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(g);
            } catch (IOException e) {
                // no such group: root-only socket, which is the safe default
            }
        }
    }

    private static boolean alive(Path path) {
        try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return c.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            return false;
        }
    }

    public void awaitClose() throws InterruptedException {
        for (Channel c : channels) {
            c.closeFuture().sync();
        }
    }

    /** Stops accepting connections (in-flight responses may still be written). */
    public void stopAccepting() {
        for (Channel c : channels) {
            c.close().syncUninterruptibly();
        }
        if (socketPath != null) {
            try {
                Files.deleteIfExists(socketPath);
            } catch (IOException ignored) {
                // stale file: replaced on next start
            }
        }
    }

    @Override
    public void close() {
        stopAccepting();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (unixGroup != null) {
            unixGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
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
            Responses.errorThenLinger(ctx, 413, "body_too_large",
                    "the request body is over " + max + " bytes; send fewer or smaller files");
        }
    }
}
