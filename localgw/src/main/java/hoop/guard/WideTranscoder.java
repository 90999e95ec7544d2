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
 * Masks UTF-16 or UTF-32 output (a spreadsheet's "Unicode text" export, a Windows tool's, a UTF-32 dump): the masker
 * reads bytes as UTF-8 text would be, so the stream is decoded to UTF-8 for it and its output encoded back. Decoders
 * keep their state between chunks, so a character cut by a chunk is whole again; unmasked text comes out byte for
 * byte, its byte order mark too.
 */
public final class WideTranscoder {
    public static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    public static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    private final StreamMasker inner;
    private final CharsetDecoder in;
    private final CharsetDecoder fromMasker = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharsetEncoder out;
    private ByteBuffer carryIn = ByteBuffer.allocate(0);
    /**
     * UTF-32's byte order mark, which the JDK's decoder drops (UTF-16's it keeps as U+FEFF): looked for at the start
     * and sent back as it came, ahead of the first output. Null once looked for.
     */
    private byte[] bom;
    private byte[] bomOut = new byte[0];
    private ByteBuffer carryOut = ByteBuffer.allocate(0);

    WideTranscoder(StreamMasker inner, Charset cs) {
        this.inner = inner;
        if (cs.equals(UTF_32LE)) bom = new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0};
        if (cs.equals(UTF_32BE)) bom = new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF};
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
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.ceil(chars.remaining() * out.maxBytesPerChar()) + 8);
        out.encode(chars, bytes, end);
        if (end) out.flush(bytes);
        byte[] encoded = array(bytes);
        if (bomOut.length == 0) return encoded;
        byte[] first = java.util.Arrays.copyOf(bomOut, bomOut.length + encoded.length);
        System.arraycopy(encoded, 0, first, bomOut.length, encoded.length);
        bomOut = new byte[0];
        return first;
    }

    /** The body's bytes as UTF-8 for the masker; a character's first bytes or half a surrogate pair wait for the next chunk. */
    private byte[] decode(ByteBuffer src, boolean end) {
        if (bom != null) {
            if (src.remaining() < bom.length && !end) {
                carryIn = copyRest(src);
                return new byte[0];
            }
            if (src.remaining() >= bom.length && java.util.Arrays.equals(bom, 0, bom.length, src.array(), src.position(), src.position() + bom.length)) {
                bomOut = bom;
                src.position(src.position() + bom.length);
            }
            bom = null;
        }
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
     * The wide encoding text in head is in, or null: by a byte order mark, or by how ASCII-range text looks in it in
     * at least 16 bytes: NULs in every other byte with hardly one between (UTF-16), or three NULs beside each other
     * byte (UTF-32). UTF-32 goes first: its little-endian mark begins with UTF-16's, and read as UTF-16 its text was
     * a NUL between letters, where no detector found anything.
     */
    public static Charset sniff(byte[] head, int off, int len) {
        if (len >= 4 && (head[off] & 0xFF) == 0xFF && (head[off + 1] & 0xFF) == 0xFE && head[off + 2] == 0 && head[off + 3] == 0) return UTF_32LE;
        if (len >= 4 && head[off] == 0 && head[off + 1] == 0 && (head[off + 2] & 0xFF) == 0xFE && (head[off + 3] & 0xFF) == 0xFF) return UTF_32BE;
        if (len >= 2 && (head[off] & 0xFF) == 0xFF && (head[off + 1] & 0xFF) == 0xFE) return StandardCharsets.UTF_16LE;
        if (len >= 2 && (head[off] & 0xFF) == 0xFE && (head[off + 1] & 0xFF) == 0xFF) return StandardCharsets.UTF_16BE;
        if (len < 16) return null;
        int quads = len / 4, le32 = 0, be32 = 0;
        for (int i = off; i + 3 < off + quads * 4; i += 4) {
            // A letter beside its three NULs, not a small number (an array of int32 counts is no text).
            if (letter(head[i]) && head[i + 1] == 0 && head[i + 2] == 0 && head[i + 3] == 0) le32++;
            if (head[i] == 0 && head[i + 1] == 0 && head[i + 2] == 0 && letter(head[i + 3])) be32++;
        }
        if (le32 * 10 >= quads * 7) return UTF_32LE;
        if (be32 * 10 >= quads * 7) return UTF_32BE;
        int evenZero = 0, oddZero = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            if (head[off + i] == 0) evenZero++;
            if (head[off + i + 1] == 0) oddZero++;
        }
        int pairs = len / 2;
        if (oddZero * 10 >= pairs * 7 && evenZero * 20 < pairs) return StandardCharsets.UTF_16LE;
        if (evenZero * 10 >= pairs * 7 && oddZero * 20 < pairs) return StandardCharsets.UTF_16BE;
        return null;
    }

    private static boolean letter(byte b) {
        int c = b & 0xFF;
        return c >= 0x20 || c == '\t' || c == '\n' || c == '\r';
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
