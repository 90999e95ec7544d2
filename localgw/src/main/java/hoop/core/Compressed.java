package hoop.core;

/**
 * Compressed formats hoop does not look into, by the bytes a stream of each starts with. Output in one of them shows
 * whoever decompresses it text no detector has read (`xz -c .env | base64`), so it is not shown: gzip alone is
 * inflated and masked (GzipTranscoder, EncodedText).
 */
public final class Compressed {
    private Compressed() {}

    private record Magic(String format, int[] bytes) {}

    private static final Magic[] MAGICS = {
            new Magic("xz", new int[] {0xFD, '7', 'z', 'X', 'Z', 0x00}),
            new Magic("bzip2", new int[] {'B', 'Z', 'h', -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59}),
            new Magic("zstd", new int[] {0x28, 0xB5, 0x2F, 0xFD}),
            new Magic("lz4", new int[] {0x04, 0x22, 0x4D, 0x18}),
            new Magic("7z", new int[] {'7', 'z', 0xBC, 0xAF, 0x27, 0x1C}),
            new Magic("lzip", new int[] {'L', 'Z', 'I', 'P'}),
            new Magic("lzma", new int[] {0x5D, 0x00, 0x00, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}),
            new Magic("zip", new int[] {'P', 'K', 0x03, 0x04}),
            new Magic("compress", new int[] {0x1F, 0x9D}),
            new Magic("lzop", new int[] {0x89, 'L', 'Z', 'O', 0x00, 0x0D, 0x0A, 0x1A, 0x0A}),
    };

    /**
     * Whether b[off, off+len), shorter than a magic, is its start (or gzip's, of the ten bytes GzipTranscoder looks at):
     * a stream beginning so is held until it shows which it is, so a first write of one byte does not pass it unread.
     */
    public static boolean mayStart(byte[] b, int off, int len) {
        if (len < 10 && startsLike(b, off, len, new int[] {0x1F, 0x8B, 0x08})) return true;
        for (Magic m : MAGICS) {
            if (len < m.bytes().length && startsLike(b, off, len, m.bytes())) return true;
        }
        return false;
    }

    private static boolean startsLike(byte[] b, int off, int len, int[] magic) {
        for (int i = 0; i < Math.min(len, magic.length); i++) {
            if (magic[i] >= 0 && (b[off + i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }

    /**
     * The format of bytes already inflated from gzip (or read where gzip is not itself looked into): gzip again, or any
     * of the others. A .gz.gz inflated once is still gzip, whose text no detector reads.
     */
    public static String formatOrGzip(byte[] b, int off, int len) {
        if (len >= 3 && (b[off] & 0xFF) == 0x1F && (b[off + 1] & 0xFF) == 0x8B && b[off + 2] == 8) return "gzip";
        return format(b, off, len);
    }

    /** The longest magic: bytes a stream must have before {@link #format} can answer for it. */
    public static final int SNIFF = 13;

    /**
     * The format b[off, off+len) starts with, or null; null too while fewer bytes than a magic needs arrived (-1 in a
     * magic: any byte, as bzip2's block size digit).
     */
    public static String format(byte[] b, int off, int len) {
        for (Magic m : MAGICS) {
            if (len >= m.bytes().length && startsLike(b, off, len, m.bytes())) return m.format();
        }
        return null;
    }
}
