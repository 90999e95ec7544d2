package hoop.protocol.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Frames and parses server-to-client traffic into {@link PgBackendMessage}s, for hoop acting as
 * a client of the upstream PostgreSQL.
 *
 * <p>The answers to SSLRequest and GSSENCRequest are single unframed bytes; the caller announces
 * them with {@link #expectSslResponse()} / {@link #expectGssEncResponse()} after writing the
 * request. Those methods must be called on the channel's event loop (or before the bytes can
 * arrive), as the decoder is not thread-safe.
 *
 * <p>After the first protocol error all further input is discarded.
 */
public final class PgBackendDecoder extends ByteToMessageDecoder {
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1 << 30;
    private static final int MIN_FRAME_CAP = 16 << 20;

    /**
     * The largest answer message hoop takes in: a row is held whole while it is masked, several times over (the
     * frame, the text, the masked text, the frame re-encoded), so a row near PostgreSQL's 1 GB limit would take
     * more than the heap and fail at random, in another client's connection as likely as in its own. An eighth of
     * the heap, at least 16 MiB; a larger row is refused before any of it is buffered.
     */
    static int capForHeap(long maxHeap) {
        return (int) Math.min(DEFAULT_MAX_FRAME_LENGTH, Math.max(MIN_FRAME_CAP, maxHeap / 8));
    }

    private enum Expect { FRAME, SSL_RESPONSE, GSSENC_RESPONSE, FAILED }

    private final int maxFrameLength;
    private Expect expect = Expect.FRAME;

    public PgBackendDecoder() {
        this(capForHeap(Runtime.getRuntime().maxMemory()));
    }

    /** @param maxFrameLength largest frame accepted, counting the length word itself */
    public PgBackendDecoder(int maxFrameLength) {
        if (maxFrameLength < 4) {
            throw new IllegalArgumentException("maxFrameLength must be at least 4");
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** The next input byte is the unframed answer to an SSLRequest. */
    public void expectSslResponse() {
        expect = Expect.SSL_RESPONSE;
    }

    /** The next input byte is the unframed answer to a GSSENCRequest. */
    public void expectGssEncResponse() {
        expect = Expect.GSSENC_RESPONSE;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (expect) {
                case SSL_RESPONSE -> decodeSingleByte(in, out, (byte) 'S');
                case GSSENC_RESPONSE -> decodeSingleByte(in, out, (byte) 'G');
                case FRAME -> decodeFrames(in, out);
                case FAILED -> in.skipBytes(in.readableBytes());
            }
        } catch (PgProtocolException e) {
            expect = Expect.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeSingleByte(ByteBuf in, List<Object> out, byte yes) {
        if (!in.isReadable()) {
            return;
        }
        byte b = in.getByte(in.readerIndex());
        if (b == 'E') {
            // A server may answer with an ordinary ErrorResponse (e.g. too many connections).
            expect = Expect.FRAME;
            decodeFrames(in, out);
            return;
        }
        if (b != yes && b != 'N') {
            throw new PgProtocolException("invalid answer to encryption request: 0x" + Integer.toHexString(b & 0xFF));
        }
        in.skipBytes(1);
        expect = Expect.FRAME;
        // Anything the server sent after 'S'/'G' arrived before the handshake, i.e. in cleartext,
        // but would be read as if it had been encrypted (CVE-2021-23222): refuse it.
        if (b == yes && in.isReadable()) {
            throw new PgProtocolException("unexpected data after encryption response before handshake");
        }
        out.add(yes == 'S' ? new PgBackendMessage.SslResponse(b) : new PgBackendMessage.GssEncResponse(b));
    }

    private void decodeFrames(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 5) {
            int start = in.readerIndex();
            byte type = in.getByte(start);
            int length = in.getInt(start + 1);
            if (length > maxFrameLength && length <= DEFAULT_MAX_FRAME_LENGTH) {
                throw new PgProtocolException((type == 'D' ? "a result row" : "an answer message 0x" + Integer.toHexString(type & 0xFF))
                        + " of " + length + " bytes is more than hoop can mask with its heap (at most " + maxFrameLength
                        + " bytes; give the gateway a larger -Xmx)");
            }
            if (length < 4 || length > maxFrameLength) {
                throw new PgProtocolException("invalid length " + length + " for backend message 0x"
                        + Integer.toHexString(type & 0xFF) + " (max " + maxFrameLength + ")");
            }
            if (in.readableBytes() - 1 < length) {
                return;
            }
            PgBackendMessage m = BackendParser.parse(type, in.slice(start + 5, length - 4));
            in.skipBytes(1 + length);
            out.add(m);
        }
    }
}
