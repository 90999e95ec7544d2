package hoop.protocol.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Drives a decoder through an EmbeddedChannel with the input cut into chosen pieces. */
final class Feed {
    /** What a decoder made of an input: the messages, and the protocol error if one was raised. */
    record Outcome(List<Object> messages, String error) {
    }

    private Feed() {
    }

    static Outcome oneShot(ChannelHandler decoder, byte[] data) {
        return chunks(decoder, data, new int[] {data.length});
    }

    static Outcome byteByByte(ChannelHandler decoder, byte[] data) {
        int[] sizes = new int[data.length];
        java.util.Arrays.fill(sizes, 1);
        return chunks(decoder, data, sizes);
    }

    static Outcome randomChunks(ChannelHandler decoder, byte[] data, Random rnd) {
        List<Integer> sizes = new ArrayList<>();
        int left = data.length;
        while (left > 0) {
            int n = 1 + rnd.nextInt(Math.min(left, 1 + rnd.nextInt(64)));
            sizes.add(n);
            left -= n;
        }
        return chunks(decoder, data, sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Any exception other than PgProtocolException propagates and fails the calling test, which
     * is exactly the property under test.
     */
    static Outcome chunks(ChannelHandler decoder, byte[] data, int[] sizes) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<Object> out = new ArrayList<>();
        String error = null;
        int pos = 0;
        try {
            for (int size : sizes) {
                ch.writeInbound(Unpooled.copiedBuffer(data, pos, size));
                pos += size;
                drain(ch, out);
            }
            ch.finish();
        } catch (PgProtocolException e) {
            error = e.getMessage();
        }
        drain(ch, out);
        ch.finishAndReleaseAll();
        return new Outcome(out, error);
    }

    private static void drain(EmbeddedChannel ch, List<Object> out) {
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
    }

    static byte[] bytes(PgFrontendMessage... msgs) {
        ByteBuf buf = Unpooled.buffer();
        for (PgFrontendMessage m : msgs) {
            PgWire.encode(buf, m);
        }
        return ByteBufUtil.getBytes(buf);
    }

    static byte[] bytes(PgBackendMessage... msgs) {
        ByteBuf buf = Unpooled.buffer();
        for (PgBackendMessage m : msgs) {
            PgWire.encode(buf, m);
        }
        return ByteBufUtil.getBytes(buf);
    }

    static byte[] encodeViaAllocator(PgFrontendMessage m) {
        ByteBuf b = PgWire.encode(ByteBufAllocator.DEFAULT, m);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    static byte[] encodeViaAllocator(PgBackendMessage m) {
        ByteBuf b = PgWire.encode(ByteBufAllocator.DEFAULT, m);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
