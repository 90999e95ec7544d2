package hoop.protocol.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Pipeline adapter for {@link PgWire}: writes server messages (hoop facing its clients). */
@ChannelHandler.Sharable
public final class PgBackendEncoder extends MessageToByteEncoder<PgBackendMessage> {
    public PgBackendEncoder() {
        super(PgBackendMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, PgBackendMessage msg, ByteBuf out) {
        PgWire.encode(out, msg);
    }
}
