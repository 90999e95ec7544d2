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
    /** The two bytes each signature starts with: gzip's, xz's, bzip2's and a zip member's. */
    static final byte[][] STARTS = {{0x1F, (byte) 0x8B}, {(byte) 0xFD, '7'}, {'B', 'Z'}, {'P', 'K'}};

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
        return findIn(b, off, off + len);
    }

    /** A direct buffer is read through a heap copy of this many bytes at a time. */
    private static final int CHUNK = 16 * 1024;
    private static final ThreadLocal<byte[]> COPY = ThreadLocal.withInitial(() -> new byte[CHUNK]);
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The same for data's remaining bytes (its position and limit stay as they were). */
    public static String find(ByteBuffer data) {
        if (data.hasArray()) {
            int base = data.arrayOffset();
            return findIn(data.array(), base + data.position(), base + data.limit());
        }
        // Reading a direct buffer a long at a time cost a scope check per read, three times the masking scan of the same
        // bytes: it is copied to the heap a chunk at a time, the chunks overlapping by a signature's span.
        byte[] copy = COPY.get();
        int end = data.limit();
        for (int from = data.position(); from < end; ) {
            int n = Math.min(CHUNK, end - from);
            data.get(from, copy, 0, n);
            String format = findIn(copy, 0, n);
            if (format != null || from + n == end) return format;
            from += n - (SPAN - 1);
        }
        return null;
    }

    private static long repeated(int b) {
        return 0x0101010101010101L * (b & 0xFF);
    }

    private static final long G1 = repeated(STARTS[0][0]), G2 = repeated(STARTS[0][1]), X1 = repeated(STARTS[1][0]),
            X2 = repeated(STARTS[1][1]), B1 = repeated(STARTS[2][0]), B2 = repeated(STARTS[2][1]), Z1 = repeated(STARTS[3][0]),
            Z2 = repeated(STARTS[3][1]);

    /** The 0x80 bit of each zero byte of x (and perhaps of bytes above one: they are checked again). */
    private static long zeros(long x) {
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    /**
     * The first signature in b[from, end). Each place is first looked at for the two bytes every signature starts
     * with (STARTS), which random data holds at one place in about 16,000.
     */
    static String findIn(byte[] b, int from, int end) {
        return Vectors.ON ? findWide(b, from, end) : findNarrow(b, from, end);
    }

    static String findWide(byte[] b, int from, int end) {
        for (int i = WidePairs.next(b, from, end); i >= 0; i = WidePairs.next(b, i + 1, end)) {
            String format = at(b, i, end);
            if (format != null) return format;
        }
        return null;
    }

    /** Eight places at a time, on a long's bytes. */
    static String findNarrow(byte[] b, int from, int end) {
        int i = from;
        for (; i + 16 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            long n = (long) LONGS.get(b, i + 1);  // byte k of n is the byte after byte k of w
            long m = zeros((w ^ G1) | (n ^ G2)) | zeros((w ^ X1) | (n ^ X2)) | zeros((w ^ B1) | (n ^ B2)) | zeros((w ^ Z1) | (n ^ Z2));
            while (m != 0) {
                int k = Long.numberOfTrailingZeros(m) >>> 3;
                String format = at(b, i + k, end);
                if (format != null) return format;
                m &= m - 1;
            }
        }
        for (; i + XZ.length <= end; i++) {
            String format = at(b, i, end);
            if (format != null) return format;
        }
        return null;
    }

    /** Whether b[i] and b[i + 1] are the two bytes a signature starts with. */
    static boolean startsAt(byte[] b, int i) {
        for (byte[] s : STARTS) {
            if (b[i] == s[0] && b[i + 1] == s[1]) return true;
        }
        return false;
    }

    static String at(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c == 0x1F) {
            if (i + SPAN <= end && gzip(b, i)) return "gzip";
        } else if (c == 0xFD) {
            if (i + XZ.length <= end && matches(b, i, XZ)) return "xz";
        } else if (c == 'B') {
            if (i + SPAN <= end && matches(b, i, BZIP2)) return "bzip2";
        } else if (c == 'P') {
            if (i + SPAN <= end && zipEntry(b, i)) return "zip";
        }
        return null;
    }

    /** sig at i; its 0 bytes past the first stand for any byte (bzip2's block size digit, checked apart). */
    private static boolean matches(byte[] d, int i, byte[] sig) {
        for (int k = 1; k < sig.length; k++) {
            if (sig == BZIP2 && k == 3) {
                if (d[i + k] < '1' || d[i + k] > '9') return false;
            } else if (d[i + k] != sig[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A zip member's local header whose data is compressed (a stored member's text is read in place): the signature,
     * the version needed (1.0 to 6.3), and a method zip tools write other than stored.
     */
    private static boolean zipEntry(byte[] d, int i) {
        if (d[i + 1] != 'K' || d[i + 2] != 3 || d[i + 3] != 4) return false;
        int version = d[i + 4] & 0xFF;
        int method = d[i + 8] & 0xFF;
        return version >= 10 && version <= 63 && d[i + 5] == 0 && d[i + 9] == 0
                && (method == 8 || method == 9 || method == 12 || method == 14 || method == 93 || method == 95 || method == 98);
    }

    private static boolean gzip(byte[] d, int i) {
        if ((d[i + 1] & 0xFF) != 0x8B || d[i + 2] != 8) return false;
        int flags = d[i + 3] & 0xFF;
        int xfl = d[i + 8] & 0xFF;
        int os = d[i + 9] & 0xFF;
        return (flags & 0xE0) == 0 && (xfl == 0 || xfl == 2 || xfl == 4) && (os <= 13 || os == 255);
    }
}
