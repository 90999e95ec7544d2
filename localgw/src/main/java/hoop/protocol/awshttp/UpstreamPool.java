package hoop.protocol.awshttp;

import hoop.relay.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Upstream HTTP/1.1 connections on the client's own event loop (so bytes pass between the two channels with
 * no thread hand-off and no copy), kept alive per event loop and authority. TLS checks the host name.
 */
final class UpstreamPool {
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Idle connections are closed after this long (servers drop theirs at 30 s or more). */
    static final long MAX_IDLE_SECONDS = 15;
    private static final int MAX_IDLE_PER_KEY = 16;

    private final ConcurrentHashMap<String, Deque<Channel>> idle = new ConcurrentHashMap<>();
    private volatile SslContext ssl;

    static String key(EventLoop loop, URI target) {
        return System.identityHashCode(loop) + "|" + target.getScheme() + "://" + target.getRawAuthority();
    }

    /** A live connection to target on loop: pooled, or new. Blocks the calling (virtual) thread while connecting. */
    Channel acquire(EventLoop loop, URI target) throws IOException {
        Deque<Channel> d = idle.get(key(loop, target));
        for (Channel c; d != null && (c = d.pollLast()) != null; ) {
            if (c.isActive() && c.eventLoop() == loop) return c;
            c.close();
        }
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        String host = target.getHost();
        int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
        SslContext context = tls ? ssl() : null;
        ChannelFuture f = new Bootstrap().group(loop).channel(Transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS).option(ChannelOption.TCP_NODELAY, true)
                // Request bodies are written from another thread, which waits only above the high mark.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 2 << 20))
                .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.bulkReads())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (context != null) {
                            SslHandler h = context.newHandler(ch.alloc(), host, port);
                            SSLParameters p = h.engine().getSSLParameters();
                            p.setEndpointIdentificationAlgorithm("HTTPS");
                            h.engine().setSSLParameters(p);
                            ch.pipeline().addLast("tls", h);
                        }
                        ch.pipeline().addLast("http", new HttpClientCodec(4096, 64 << 10, 64 << 10)).addLast("relay", new Idle(null));
                    }
                }).connect(host, port);
        f.awaitUninterruptibly();
        if (!f.isSuccess()) throw new IOException("could not connect to " + target.getRawAuthority() + ": " + f.cause().getMessage(), f.cause());
        Channel ch = f.channel();
        SslHandler h = ch.pipeline().get(SslHandler.class);
        if (h != null) {
            var hs = h.handshakeFuture().awaitUninterruptibly();
            if (!hs.isSuccess()) {
                ch.close();
                throw new IOException("TLS with " + target.getRawAuthority() + " failed: " + hs.cause().getMessage(), hs.cause());
            }
        }
        return ch;
    }

    /** On the channel's event loop, once its answer was read whole and its request written whole. */
    void release(Channel ch, String key) {
        if (!ch.isActive()) return;
        Idle guard = new Idle(key);
        ch.pipeline().replace("relay", "relay", guard);
        ch.config().setAutoRead(true);
        Deque<Channel> d = idle.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        d.addLast(ch);
        while (d.size() > MAX_IDLE_PER_KEY) {
            Channel old = d.pollFirst();
            if (old != null) old.close();
        }
        ch.eventLoop().schedule(() -> {
            if (ch.pipeline().get("relay") == guard && d.remove(ch)) ch.close();
        }, MAX_IDLE_SECONDS, TimeUnit.SECONDS);
    }

    private SslContext ssl() throws SSLException {
        SslContext c = ssl;
        if (c == null) {
            synchronized (this) {
                if (ssl == null) ssl = SslContextBuilder.forClient().build();
                c = ssl;
            }
        }
        return c;
    }

    /** An idle connection: anything the server sends now is not an answer to anything, so it closes. */
    private final class Idle extends ChannelInboundHandlerAdapter {
        private final String key;

        Idle(String key) {
            this.key = key;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (key != null) {
                Deque<Channel> d = idle.get(key);
                if (d != null) d.remove(ctx.channel());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
