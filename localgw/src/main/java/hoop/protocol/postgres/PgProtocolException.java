package hoop.protocol.postgres;

import io.netty.handler.codec.DecoderException;

/**
 * A peer violated the wire protocol. Extends {@link DecoderException} so Netty's
 * {@code ByteToMessageDecoder} rethrows it untouched: callers can distinguish a hostile or broken
 * peer (close the connection) from a bug in hoop (any other exception).
 */
public final class PgProtocolException extends DecoderException {
    public PgProtocolException(String message) {
        super(message);
    }

    public PgProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
