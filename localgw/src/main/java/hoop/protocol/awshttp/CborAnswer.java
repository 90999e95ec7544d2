package hoop.protocol.awshttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * An answer in CBOR (RFC 8949): Kinesis and CloudWatch through SDKs that speak {@code application/x-amz-cbor-1.1} or
 * the rpcv2Cbor protocol. Its strings lie in it as raw bytes behind binary length prefixes, and integers and floats
 * hold NULs, so the body was binary to BodyKind and passed unread: a Kinesis record's Data went out as put. The
 * answer is held whole (an API answer, at most MAX_BYTES) and walked item by item: each text string, and each byte
 * string holding text, is masked with its map key in front (so a key-worded detector sees {@code "SessionToken": ...})
 * and written back with its new length; everything else is copied as it came. A body that is no well-formed CBOR
 * fails, and with it the answer: hoop does not pass what it could not read.
 */
final class CborAnswer {
    static final int MAX_BYTES = 16 << 20;
    private static final int MAX_DEPTH = 64;

    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private byte[] in;
    private int pos;
    private ByteArrayOutputStream out;
    private UnaryOperator<String> mask;

    static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("cbor");
    }

    boolean add(byte[] data) {
        if (held.size() + data.length > MAX_BYTES) return false;
        held.writeBytes(data);
        return true;
    }

    byte[] masked(UnaryOperator<String> mask) throws IOException {
        this.in = held.toByteArray();
        this.pos = 0;
        this.out = new ByteArrayOutputStream(in.length + 64);
        this.mask = mask;
        try {
            while (pos < in.length) item(null, 0);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException("a CBOR answer ended inside an item");
        }
        return out.toByteArray();
    }

    /** Copies (or masks) one item; key: the text key of the map entry it is the value of, or null. */
    private void item(String key, int depth) throws IOException {
        if (depth > MAX_DEPTH) throw new IOException("a CBOR answer nests deeper than " + MAX_DEPTH);
        int start = pos;
        int ib = in[pos++] & 0xFF;
        int major = ib >>> 5, ai = ib & 31;
        switch (major) {
            case 0, 1 -> {
                argument(ai);
                out.write(in, start, pos - start);
            }
            case 2, 3 -> {
                byte[] value = string(major, ai);
                byte[] masked = maskString(key, value, major == 3);
                head(major, masked.length);
                out.writeBytes(masked);
            }
            case 4, 5 -> {
                if (ai == 31) {
                    out.write(ib);
                    while ((in[pos] & 0xFF) != 0xFF) entry(major, key, depth);
                    out.write(in[pos++]);
                } else {
                    long n = count(ai);
                    out.write(in, start, pos - start);
                    for (long i = 0; i < n; i++) entry(major, key, depth);
                }
            }
            case 6 -> {
                argument(ai);
                out.write(in, start, pos - start);
                item(key, depth + 1);
            }
            default -> {
                if (ai == 31) throw new IOException("a CBOR break outside an indefinite item");
                argument(ai);
                out.write(in, start, pos - start);
            }
        }
    }

    /** One element of an array (it keeps the array's key), or one key and value of a map. */
    private void entry(int major, String key, int depth) throws IOException {
        if (major == 4) {
            item(key, depth + 1);
            return;
        }
        int k = in[pos] & 0xFF;
        String name = k >>> 5 == 3 && (k & 31) < 28 ? peekText() : null;
        item(null, depth + 1);
        item(name, depth + 1);
    }

    private String peekText() throws IOException {
        int save = pos;
        int ib = in[pos++] & 0xFF;
        String s = new String(string(3, ib & 31), StandardCharsets.UTF_8);
        pos = save;
        return s;
    }

    /** A string's bytes, its chunks joined when it is of indefinite length. */
    private byte[] string(int major, int ai) throws IOException {
        if (ai != 31) {
            long n = count(ai);
            if (n > in.length - pos) throw new IOException("a CBOR string runs past the answer");
            byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + (int) n);
            pos += (int) n;
            return b;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        while ((in[pos] & 0xFF) != 0xFF) {
            int cb = in[pos++] & 0xFF;
            if (cb >>> 5 != major || (cb & 31) == 31) throw new IOException("a CBOR string chunk of another type");
            joined.writeBytes(string(major, cb & 31));
        }
        pos++;
        return joined.toByteArray();
    }

    /** A text string, or a byte string that holds text, masked as what it says; other bytes as they are. */
    private byte[] maskString(String key, byte[] value, boolean text) {
        if (value.length == 0 || (!text && BodyKind.of(null, value, value.length) != BodyKind.TEXT)) return value;
        String v = new String(value, StandardCharsets.ISO_8859_1);
        String masked = v;
        if (key != null) {
            String prefix = "\"" + key + "\": \"";
            String pair = mask.apply(prefix + v + "\"");
            if (pair.startsWith(prefix) && pair.endsWith("\"")) masked = pair.substring(prefix.length(), pair.length() - 1);
        }
        masked = mask.apply(masked);
        return masked.equals(v) ? value : masked.getBytes(StandardCharsets.ISO_8859_1);
    }

    private long argument(int ai) throws IOException {
        if (ai < 24) return ai;
        int n = switch (ai) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new IOException("a CBOR item with reserved additional information " + ai);
        };
        long v = 0;
        for (int i = 0; i < n; i++) v = v << 8 | (in[pos++] & 0xFF);
        return v;
    }

    /** A string's length or a container's count: what the answer can hold. */
    private long count(int ai) throws IOException {
        long n = argument(ai);
        if (n < 0 || n > in.length) throw new IOException("a CBOR length beyond the answer");
        return n;
    }

    private void head(int major, int len) {
        int m = major << 5;
        if (len < 24) {
            out.write(m | len);
        } else if (len < 0x100) {
            out.write(m | 24);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(m | 25);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) out.write(len >>> s);
        }
    }
}
