package hoop.protocol.postgres;

import hoop.relay.Transport;
import hoop.guard.GuardedConnection;
import hoop.guard.LiveSessions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;

/** The PostgreSQL-speaking listener of one postgres connection. */
public final class PostgresListener implements AutoCloseable {
    private final Channel server;

    private PostgresListener(Channel server) {
        this.server = server;
    }

    public static PostgresListener start(EventLoopGroup group, String host, int port, GuardedConnection conn, LiveSessions live,
                                         PgUpstreamTarget upstream, int recordRows, java.time.Duration authTimeout) throws InterruptedException, java.net.BindException {
        PgEndpoint endpoint = new PgEndpoint(conn, live, upstream, new PgCancels(), recordRows, authTimeout);
        Channel ch = Transport.bind(new ServerBootstrap().group(group).channel(Transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast("decoder", new PgFrameDecoder()).addLast("client", new PgClientHandler(endpoint));
                    }
                })
                , host, port);
        return new PostgresListener(ch);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
