package hoop.protocol.awshttp;

import hoop.relay.Transport;
import hoop.core.SigV4;
import hoop.guard.GuardedConnection;
import hoop.guard.LiveSessions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;

/** The AWS-API-speaking listener of one aws connection (`hoop connect` points clients here). */
public final class AwsHttpListener implements AutoCloseable {
    private final Channel server;

    private AwsHttpListener(Channel server) {
        this.server = server;
    }

    /** heldBodies: the gateway's budget for request bodies and answers held whole (shared by its AWS connections). scope: the connection's region and its role's account; endpoint: where requests go (null: AWS's regional endpoints); the credentials come from conn per session. */
    public static AwsHttpListener start(EventLoopGroup group, String host, int port, GuardedConnection conn, LiveSessions live,
                                        SigV4 sigv4, hoop.core.aws.AwsResources.Scope scope, URI endpoint,
                                        HeldBodies heldBodies, ClientTimeouts timeouts) throws InterruptedException, java.net.BindException {
        if (conn.credentials() == null) throw new IllegalArgumentException("connection " + conn.name() + " issues no credentials");
        // Virtual-hosted S3 requests come as BUCKET.localhost or BUCKET.<listen name>; an IP cannot carry a bucket.
        java.util.Set<String> names = new java.util.HashSet<>(java.util.Set.of("localhost"));
        if (!io.netty.util.NetUtil.isValidIpV4Address(host) && !io.netty.util.NetUtil.isValidIpV6Address(host)) {
            names.add(host.toLowerCase(java.util.Locale.ROOT));
        }
        AwsProxy proxy = new AwsProxy(conn, live, sigv4, scope, endpoint, names, Clock.systemUTC(), heldBodies, timeouts);
        Channel ch = Transport.bind(new ServerBootstrap().group(group).channel(Transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Object bodies are written 64 KiB at a time from a virtual thread that waits while the channel is
                // unwritable: Netty's 64 KiB default high mark made that wait a round trip per write.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new io.netty.channel.WriteBufferWaterMark(1 << 20, 2 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        // Header and line limits bound what is held before a request is judged.
                        AwsProxyHandler aws = new AwsProxyHandler(proxy);
                        c.pipeline().addLast("wire", aws.wireReads())
                                .addLast("http", new HttpServerCodec(8192, 64 << 10, 64 << 10))
                                .addLast("aws", aws);
                    }
                })
                , host, port);
        return new AwsHttpListener(ch);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
