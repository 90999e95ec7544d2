package hoop.protocol.postgres;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one message body that has already been framed completely. Every read is bounds-checked
 * against the body so that a forged count or length can never read into the next frame or make
 * us allocate more than the frame itself holds.
 */
final class Body {
    private final ByteBuf buf;
    private final String what;
    private final boolean strictUtf8;

    Body(ByteBuf buf, String what, boolean strictUtf8) {
        this.buf = buf;
        this.what = what;
        this.strictUtf8 = strictUtf8;
    }

    PgProtocolException error(String detail) {
        return new PgProtocolException(what + ": " + detail);
    }

    private void need(int n) {
        if (n < 0 || buf.readableBytes() < n) {
            throw error("needs " + n + " more bytes, " + buf.readableBytes() + " left");
        }
    }

    int remaining() {
        return buf.readableBytes();
    }

    byte int8() {
        need(1);
        return buf.readByte();
    }

    short int16() {
        need(2);
        return buf.readShort();
    }

    /** Counts are sent as int16 but PostgreSQL reads them unsigned. */
    int count16() {
        need(2);
        return buf.readUnsignedShort();
    }

    int int32() {
        need(4);
        return buf.readInt();
    }

    byte[] bytes(int n) {
        need(n);
        byte[] b = new byte[n];
        buf.readBytes(b);
        return b;
    }

    byte[] rest() {
        return bytes(buf.readableBytes());
    }

    /** A length-prefixed value where -1 means SQL NULL. */
    byte[] nullableBytes() {
        int len = int32();
        if (len == -1) {
            return null;
        }
        if (len < 0) {
            throw error("negative value length " + len);
        }
        return bytes(len);
    }

    String cstring() {
        int nul = buf.bytesBefore((byte) 0);
        if (nul < 0) {
            throw error("string without NUL terminator");
        }
        String s = decode(buf.readerIndex(), nul);
        buf.skipBytes(nul + 1);
        return s;
    }

    private String decode(int index, int len) {
        if (!strictUtf8) {
            // Server text in a non-UTF-8 database must still pass through; lossy is acceptable there.
            return buf.toString(index, len, StandardCharsets.UTF_8);
        }
        // Client text is judged by hoop: the String we judge must be exactly what the bytes say,
        // so malformed UTF-8 is refused rather than silently replaced.
        ByteBuffer nio = buf.nioBuffer(index, len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(nio)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PgProtocolException(what + ": invalid UTF-8 in string", e);
        }
    }

    void end() {
        if (buf.isReadable()) {
            throw error(buf.readableBytes() + " trailing bytes");
        }
    }
}
