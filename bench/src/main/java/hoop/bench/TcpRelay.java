package hoop.bench;

import hoop.relay.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;

/**
 * A byte relay with nothing in it (Netty's HexDumpProxy shape: upstream on the client's event loop, read only
 * after a write succeeded): what any user-space proxy on this machine costs at least. Bench only.
 */
final class TcpRelay implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(Transport.ioHandlers());
    private final Channel server;

    TcpRelay(int targetPort) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(Transport.serverChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new Accept(targetPort)).bind("127.0.0.1", 0).sync().channel();
    }

    /** One instance serves every accepted connection (it keeps no state), so Netty must be told it may be shared. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Accept extends ChannelInboundHandlerAdapter {
        private final int targetPort;

        Accept(int targetPort) {
            this.targetPort = targetPort;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel in = ctx.channel();
            var f = new Bootstrap().group(in.eventLoop()).channel(Transport.socketChannel()).option(ChannelOption.AUTO_READ, false)
                    .handler(new Pass(in)).connect("127.0.0.1", targetPort);
            Channel out = f.channel();
            in.pipeline().addLast(new Pass(out));
            f.addListener((ChannelFutureListener) done -> {
                if (done.isSuccess()) {
                    in.read();
                    out.read();
                } else in.close();
            });
        }
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    private static final class Pass extends ChannelInboundHandlerAdapter {
        private final Channel other;

        Pass(Channel other) {
            this.other = other;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            other.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) ctx.channel().read();
                else f.channel().close();
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            other.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully();
    }
}
