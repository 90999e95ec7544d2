package hoop.protocol.exec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/** Frames on a Netty channel; the length is checked before anything is allocated. */
public final class ExecFrameCodec extends ByteToMessageCodec<ExecFrame> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ExecFrame f, ByteBuf out) {
        out.writeByte(f.type().code).writeInt(f.payload().length).writeBytes(f.payload());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < ExecFrame.HEADER) return;
        int start = in.readerIndex();
        int code = in.getUnsignedByte(start);
        int len = in.getInt(start + 1);
        ExecFrame.Type type = ExecFrame.Type.of(code);
        if (type != ExecFrame.Type.STDIN && type != ExecFrame.Type.STDIN_EOF) {
            throw new CorruptedFrameException("unexpected exec frame type " + code);
        }
        if (len < 0 || len > ExecFrame.MAX_PAYLOAD) throw new CorruptedFrameException("exec frame length " + len + " out of bounds");
        if (in.readableBytes() < ExecFrame.HEADER + len) return;
        in.skipBytes(ExecFrame.HEADER);
        byte[] payload = new byte[len];
        in.readBytes(payload);
        out.add(new ExecFrame(type, payload));
    }
}
