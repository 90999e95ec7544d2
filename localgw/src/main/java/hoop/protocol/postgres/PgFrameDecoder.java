package hoop.protocol.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Frames and parses client-to-server traffic into {@link PgFrontendMessage}s.
 *
 * <p>Starts in the untyped startup phase; an SSLRequest or GSSENCRequest keeps it there because
 * the client follows up with another startup packet, a StartupMessage moves it to typed frames,
 * and a CancelRequest ends the conversation. Every declared length is checked before waiting for
 * (or allocating) the body, so a peer cannot make us buffer more than the configured maximum.
 *
 * <p>After the first protocol error all further input is discarded: the stream is no longer
 * framed reliably and the caller is expected to close the connection.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;
    /** PostgreSQL's own limit (MAX_STARTUP_PACKET_LENGTH). */
    public static final int MAX_STARTUP_LENGTH = 10000;
    private static final int MIN_STARTUP_LENGTH = 8;

    private enum Phase { STARTUP, TYPED, CANCELLED, FAILED }

    private final int maxFrameLength;
    private Phase phase;

    public PgFrameDecoder() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    /** @param maxFrameLength largest typed frame accepted, counting the length word itself */
    public PgFrameDecoder(int maxFrameLength) {
        this(maxFrameLength, true);
    }

    /**
     * @param startupPhase false when the startup packet was already consumed elsewhere and the
     *                     stream continues with typed frames
     */
    public PgFrameDecoder(int maxFrameLength, boolean startupPhase) {
        if (maxFrameLength < 4) {
            throw new IllegalArgumentException("maxFrameLength must be at least 4");
        }
        this.maxFrameLength = maxFrameLength;
        this.phase = startupPhase ? Phase.STARTUP : Phase.TYPED;
    }

    public boolean inStartupPhase() {
        return phase == Phase.STARTUP;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (phase) {
                case STARTUP -> decodeStartup(in, out);
                case TYPED -> decodeTyped(in, out);
                case CANCELLED -> throw new PgProtocolException("data after CancelRequest");
                case FAILED -> in.skipBytes(in.readableBytes());
            }
        } catch (PgProtocolException e) {
            phase = Phase.FAILED;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeStartup(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < MIN_STARTUP_LENGTH || length > MAX_STARTUP_LENGTH) {
            throw new PgProtocolException("invalid startup packet length " + length);
        }
        if (in.readableBytes() < length) {
            return;
        }
        PgFrontendMessage m = FrontendParser.parseStartup(in.slice(start + 4, length - 4));
        in.skipBytes(length);
        switch (m) {
            case PgFrontendMessage.SslRequest s -> rejectPipelined(in, "SSLRequest");
            case PgFrontendMessage.GssEncRequest g -> rejectPipelined(in, "GSSENCRequest");
            case PgFrontendMessage.CancelRequest c -> phase = Phase.CANCELLED;
            default -> phase = Phase.TYPED;
        }
        out.add(m);
    }

    /**
     * A client must wait for the single-byte answer before continuing. Bytes already buffered here
     * were sent in cleartext yet would be processed as if they came through the encrypted channel
     * installed next (the CVE-2021-23214 class of injection), so they are refused.
     */
    private static void rejectPipelined(ByteBuf in, String what) {
        if (in.isReadable()) {
            throw new PgProtocolException("unexpected data after " + what + " before encryption handshake");
        }
    }

    private void decodeTyped(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 5) {
            int start = in.readerIndex();
            byte type = in.getByte(start);
            // Checked before the length so garbage is reported as what it is, not as a bad length.
            if (!FrontendParser.isKnownType(type)) {
                throw new PgProtocolException("unknown frontend message type " + FrontendParser.describeType(type));
            }
            int length = in.getInt(start + 1);
            if (length < 4 || length > maxFrameLength) {
                throw new PgProtocolException("invalid length " + length + " for message "
                        + FrontendParser.describeType(type) + " (max " + maxFrameLength + ")");
            }
            if (in.readableBytes() - 1 < length) {
                return;
            }
            PgFrontendMessage m = FrontendParser.parseTyped(type, in.slice(start + 5, length - 4));
            in.skipBytes(1 + length);
            out.add(m);
        }
    }
}
