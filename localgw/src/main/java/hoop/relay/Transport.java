package hoop.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.BindException;

/**
 * The one place that picks Netty's transport: native epoll on Linux, where it saves the JDK selector's
 * bookkeeping and a copy per read (measured with bench/pg.sh), and NIO elsewhere or with
 * {@code -Dhoop.transport=nio}. Event loops and the channels registered on them must come from the same
 * transport, so every listener and upstream bootstrap asks here.
 */
public final class Transport {
    private static final boolean EPOLL = !"nio".equals(System.getProperty("hoop.transport")) && Epoll.isAvailable();

    private Transport() {
    }

    public static IoHandlerFactory ioHandlers() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Binds a listener, failing with a {@link BindException} that names the address whatever the transport
     * reports (epoll's native error says neither), so the CLI can say which port is taken.
     */
    public static Channel bind(ServerBootstrap b, String host, int port) throws InterruptedException, BindException {
        ChannelFuture f = b.bind(host, port).await();
        if (f.isSuccess()) {
            return f.channel();
        }
        // A host that does not resolve fails with an exception that has no message ("cannot listen: null").
        String why = f.cause() instanceof java.nio.channels.UnresolvedAddressException ? "host does not resolve"
                : f.cause().getMessage() != null ? f.cause().getMessage() : f.cause().getClass().getSimpleName();
        BindException e = new BindException(why.substring(why.lastIndexOf(": ") + 1).strip() + " (" + host + ":" + port + ")");
        e.initCause(f.cause());
        throw e;
    }

    /**
     * For an upstream that streams answers (object bodies, result sets): reads of up to 1 MiB when that much is
     * waiting, where Netty's default stops at 64 KiB. A 10 MB GetObject then took about 15 reads instead of 160,
     * each a system call and a pass through the pipeline (strace of bench/s3.sh). Small answers keep small
     * buffers: the size adapts to what the last reads brought.
     */
    public static io.netty.channel.RecvByteBufAllocator bulkReads() {
        return new io.netty.channel.AdaptiveRecvByteBufAllocator(512, 8192, 1 << 20);
    }

    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }
}
