package hoop.core;

import java.nio.ByteBuffer;

/**
 * Compressed streams inside other bytes: a gzip, xz, bzip2 or zip file as a member of a tar, or appended to anything. Masked
 * in place as binary, their text stayed unread, and whoever unpacked the archive read it (a backup .tar of .gz logs
 * showed every key in them). Only signatures too long to occur by chance in binary data are looked for: xz's six
 * bytes, bzip2's ten, gzip's magic with a header whose reserved flag bits, compression level and system byte are
 * ones gzip writes, a zip member's header with a compression method. (zstd's and lz4's four bytes, unchecked further,
 * would turn up by chance in large binary objects.)
 */
public final class EmbeddedStreams {
    /** Bytes a signature spans: a scanner keeps this many minus one from the end of one piece for the next. */
    public static final int SPAN = 10;
    private static final byte[] XZ = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    private static final byte[] BZIP2 = {'B', 'Z', 'h', 0, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59};

    private EmbeddedStreams() {}

    /** One stream's look, piece after piece: a signature cut between two pieces is found too. */
    public static final class Scanner {
        private byte[] tail = new byte[0];

        /** The format of a compressed stream beginning in what came so far (data's remaining bytes last), or null. */
        public String feed(ByteBuffer data) {
            int keep = SPAN - 1;
            int n = data.remaining();
            // Where the last piece and this one meet, then this one alone, read where it lies (no copy of the piece).
            byte[] seam = new byte[tail.length + Math.min(n, keep)];
            System.arraycopy(tail, 0, seam, 0, tail.length);
            data.get(data.position(), seam, tail.length, seam.length - tail.length);
            String format = find(ByteBuffer.wrap(seam));
            if (format == null) format = find(data);
            if (n >= keep) {
                tail = new byte[keep];
                data.get(data.limit() - keep, tail);
            } else {
                tail = java.util.Arrays.copyOfRange(seam, Math.max(0, seam.length - keep), seam.length);
            }
            return format;
        }

        public String feed(byte[] b, int off, int len) {
            return feed(ByteBuffer.wrap(b, off, len));
        }
    }

    /** The format of the first compressed stream that begins in b[off, off+len), or null. */
    public static String find(byte[] b, int off, int len) {
        return find(ByteBuffer.wrap(b, off, len));
    }

    /** A direct buffer is read through a heap copy of this many bytes at a time. */
    private static final int CHUNK = 16 * 1024;
    private static final ThreadLocal<byte[]> COPY = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    /** The same for data's remaining bytes (its position and limit stay as they were). */
    public static String find(ByteBuffer data) {
        if (data.hasArray()) return findIn(data);
        // Reading a direct buffer eight bytes at a time cost a scope check per read, three times the masking scan of the
        // same bytes: it is copied to the heap a chunk at a time, the chunks overlapping by a signature's span.
        byte[] copy = COPY.get();
        int end = data.limit();
        for (int from = data.position(); from < end; ) {
            int n = Math.min(CHUNK, end - from);
            data.get(from, copy, 0, n);
            String format = findIn(ByteBuffer.wrap(copy, 0, n));
            if (format != null || from + n == end) return format;
            from += n - (SPAN - 1);
        }
        return null;
    }

    private static String findIn(ByteBuffer data) {
        int end = data.limit();
        int i = data.position();
        boolean big = data.order() == java.nio.ByteOrder.BIG_ENDIAN;
        // Eight bytes at a time: only the bytes of a word that may start a signature (0x1F, 0xFD, 'B', 'P': one in
        // about every 64 bytes of random data) are looked at, earliest first.
        for (; i + 8 <= end; i += 8) {
            long w = data.getLong(i);
            long m = has(w, 0x1F) | has(w, 0xFD) | has(w, 'B') | has(w, 'P');
            while (m != 0) {
                int k = (big ? Long.numberOfLeadingZeros(m) : Long.numberOfTrailingZeros(m)) >>> 3;
                if (i + k + XZ.length <= end) {
                    String format = at(data, i + k, end);
                    if (format != null) return format;
                }
                m &= big ? ~(0x80L << (56 - 8 * k)) : ~(0x80L << (8 * k));
            }
        }
        for (; i + XZ.length <= end; i++) {
            String format = at(data, i, end);
            if (format != null) return format;
        }
        return null;
    }

    /** Nonzero when some byte of w is b (the classic test for a zero byte in w ^ b repeated). */
    private static long has(long w, int b) {
        long x = w ^ (0x0101010101010101L * (b & 0xFF));
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    private static String at(ByteBuffer data, int i, int end) {
        int c = data.get(i) & 0xFF;
        if (c == 0x1F) {
            if (i + SPAN <= end && gzip(data, i)) return "gzip";
        } else if (c == 0xFD) {
            if (matches(data, i, XZ)) return "xz";
        } else if (c == 'B') {
            if (i + SPAN <= end && matches(data, i, BZIP2)) return "bzip2";
        } else if (c == 'P') {
            if (i + SPAN <= end && zipEntry(data, i)) return "zip";
        }
        return null;
    }

    /** sig at i; its 0 bytes past the first stand for any byte (bzip2's block size digit, checked apart). */
    private static boolean matches(ByteBuffer d, int i, byte[] sig) {
        for (int k = 1; k < sig.length; k++) {
            if (sig == BZIP2 && k == 3) {
                if (d.get(i + k) < '1' || d.get(i + k) > '9') return false;
            } else if (d.get(i + k) != sig[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A zip member's local header whose data is compressed (a stored member's text is read in place): the signature,
     * the version needed (1.0 to 6.3), and a method zip tools write other than stored.
     */
    private static boolean zipEntry(ByteBuffer d, int i) {
        if (d.get(i + 1) != 'K' || d.get(i + 2) != 3 || d.get(i + 3) != 4) return false;
        int version = d.get(i + 4) & 0xFF;
        int method = d.get(i + 8) & 0xFF;
        return version >= 10 && version <= 63 && d.get(i + 5) == 0 && d.get(i + 9) == 0
                && (method == 8 || method == 9 || method == 12 || method == 14 || method == 93 || method == 95 || method == 98);
    }

    private static boolean gzip(ByteBuffer d, int i) {
        if ((d.get(i + 1) & 0xFF) != 0x8B || d.get(i + 2) != 8) return false;
        int flags = d.get(i + 3) & 0xFF;
        int xfl = d.get(i + 8) & 0xFF;
        int os = d.get(i + 9) & 0xFF;
        return (flags & 0xE0) == 0 && (xfl == 0 || xfl == 2 || xfl == 4) && (os <= 13 || os == 255);
    }
}
