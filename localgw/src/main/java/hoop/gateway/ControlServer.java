package hoop.gateway;

import hoop.relay.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** Netty listener for the control API; request bodies are bounded before they are buffered. */
final class ControlServer implements AutoCloseable {
    static final String HTTP_CODEC = "http";
    static final String AGGREGATOR = "aggregator";
    private static final int MAX_BODY = 1 << 20;

    private final EventLoopGroup group;
    private final Channel channel;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    ControlServer(EventLoopGroup group, String host, int port, Supplier<ControlHandler> handlers) throws InterruptedException, java.net.BindException {
        this.group = group;
        channel = Transport.bind(new ServerBootstrap().group(group).channel(Transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast(HTTP_CODEC, new HttpServerCodec())
                                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_BODY))
                                .addLast(handlers.get());
                    }
                })
                , host, port);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        // Closing clients first lets waiting exec streams end (and their approvals cancel) before the loops stop.
        clients.close().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
    }
}
