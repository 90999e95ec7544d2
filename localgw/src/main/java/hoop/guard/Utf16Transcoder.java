package hoop.guard;

import hoop.masking.StreamMasker;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Masks UTF-16 output (a spreadsheet's "Unicode text" export, a Windows tool's): the masker reads bytes as UTF-8 text
 * would be, so the stream is decoded to UTF-8 for it and its output encoded back. Decoders keep their state between
 * chunks, so a character cut by a chunk is whole again; unmasked text comes out byte for byte, its byte order mark too.
 */
public final class Utf16Transcoder {
    private final StreamMasker inner;
    private final CharsetDecoder in;
    private final CharsetDecoder fromMasker = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharsetEncoder out;
    private ByteBuffer carryIn = ByteBuffer.allocate(0);
    private ByteBuffer carryOut = ByteBuffer.allocate(0);

    Utf16Transcoder(StreamMasker inner, boolean littleEndian) {
        this.inner = inner;
        Charset cs = littleEndian ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
        this.in = cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.out = cs.newEncoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    byte[] feed(byte[] data, int off, int len) {
        byte[] utf8 = decode(concat(carryIn, data, off, len), false);
        return encode(inner.feed(utf8, 0, utf8.length), false);
    }

    byte[] flushIdle() {
        return encode(inner.flushIdle(), false);
    }

    byte[] finish() {
        byte[] utf8 = decode(carryIn, true);
        byte[] masked = inner.feed(utf8, 0, utf8.length);
        byte[] rest = inner.finish();
        byte[] both = new byte[masked.length + rest.length];
        System.arraycopy(masked, 0, both, 0, masked.length);
        System.arraycopy(rest, 0, both, masked.length, rest.length);
        return encode(both, true);
    }

    /** UTF-8 bytes from the masker back to the body's encoding; a character the masker cut waits for its end. */
    private byte[] encode(byte[] utf8, boolean end) {
        ByteBuffer src = concat(carryOut, utf8, 0, utf8.length);
        CharBuffer chars = CharBuffer.allocate(src.remaining() + 1);
        fromMasker.decode(src, chars, end);
        if (end) fromMasker.flush(chars);
        carryOut = copyRest(src);
        chars.flip();
        ByteBuffer bytes = ByteBuffer.allocate(chars.remaining() * 2 + 4);
        out.encode(chars, bytes, end);
        if (end) out.flush(bytes);
        return array(bytes);
    }

    /** The body's bytes as UTF-8 for the masker; an odd byte or half a surrogate pair waits for the next chunk. */
    private byte[] decode(ByteBuffer src, boolean end) {
        CharBuffer chars = CharBuffer.allocate(src.remaining() / 2 + 2);
        in.decode(src, chars, end);
        if (end) in.flush(chars);
        carryIn = copyRest(src);
        chars.flip();
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(chars);
        byte[] a = new byte[utf8.remaining()];
        utf8.get(a);
        return a;
    }

    /**
     * Little-endian (true), big-endian (false) or not UTF-16 (null), by a byte order mark or by NULs in every other
     * byte of at least 16 bytes with hardly one between: how ASCII-range text looks in UTF-16.
     */
    public static Boolean sniff(byte[] head, int off, int len) {
        if (len >= 2 && (head[off] & 0xFF) == 0xFF && (head[off + 1] & 0xFF) == 0xFE) return true;
        if (len >= 2 && (head[off] & 0xFF) == 0xFE && (head[off + 1] & 0xFF) == 0xFF) return false;
        if (len < 16) return null;
        int evenZero = 0, oddZero = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            if (head[off + i] == 0) evenZero++;
            if (head[off + i + 1] == 0) oddZero++;
        }
        int pairs = len / 2;
        if (oddZero * 10 >= pairs * 7 && evenZero * 20 < pairs) return true;
        if (evenZero * 10 >= pairs * 7 && oddZero * 20 < pairs) return false;
        return null;
    }

    private static ByteBuffer concat(ByteBuffer carry, byte[] data, int off, int len) {
        ByteBuffer b = ByteBuffer.allocate(carry.remaining() + len);
        b.put(carry.duplicate()).put(data, off, len).flip();
        return b;
    }

    private static ByteBuffer copyRest(ByteBuffer src) {
        ByteBuffer rest = ByteBuffer.allocate(src.remaining());
        rest.put(src).flip();
        return rest;
    }

    private static byte[] array(ByteBuffer b) {
        b.flip();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }
}
