package hoop.protocol.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Pipeline adapter for {@link PgWire}: writes client messages (hoop facing the upstream). */
@ChannelHandler.Sharable
public final class PgFrontendEncoder extends MessageToByteEncoder<PgFrontendMessage> {
    public PgFrontendEncoder() {
        super(PgFrontendMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, PgFrontendMessage msg, ByteBuf out) {
        PgWire.encode(out, msg);
    }
}
