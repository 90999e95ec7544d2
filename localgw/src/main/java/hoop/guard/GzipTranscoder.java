package hoop.guard;

import hoop.masking.StreamMasker;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Masks an output stream that is a gzip file (`aws s3 cp s3://logs/trail.json.gz -`, `cat x.gz`): whoever gunzips it
 * reads text no detector saw in the compressed bytes. The stream is inflated (members one after another), masked
 * as the text it holds and compressed again, flushed per piece so the stream stays a stream. What inflates to binary
 * data (a .tar.gz of config files) is masked as any binary output is; a stream that is no well-formed gzip after all
 * is masked as the plain output it is, from its first byte on. (Both passed as they came: the archive's secrets went
 * out compressed, and ten bytes of a gzip header ahead of `cat secrets.env` let the whole output out unread.)
 */
final class GzipTranscoder {
    /** Inflated bytes that make the stream gzip: until then its raw bytes are held, to be masked as plain output if it is none. */
    private static final int SAMPLE = 4096;
    private static final int MAX_HEADER = 64 << 10;
    /** Inflated bytes masked and compressed again at a time. */
    private final byte[] piece = new byte[256 << 10];

    private final StreamMasker inner;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();   // raw input until decided
    private final ByteArrayOutputStream sample = new ByteArrayOutputStream(); // inflated until decided
    private boolean decided;              // enough inflated to mask what follows as it comes
    private boolean plain;                // no gzip after all: the raw bytes are masked as plain output
    private byte[] pendingIn = new byte[0];
    private Inflater inflater;            // null while a member's header is awaited
    private int trailerLeft;              // bytes of a member's trailer still to skip
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final CRC32 crc = new CRC32();
    private long size;
    private boolean headerSent;
    /** What the gzip inflates to is compressed again (gzip, xz...): nothing of it is shown but one line saying so. */
    private String nested;
    private final hoop.core.EmbeddedStreams.Scanner streams = new hoop.core.EmbeddedStreams.Scanner();

    GzipTranscoder(StreamMasker inner) {
        this.inner = inner;
    }

    /** Whether data begins a gzip stream: magic, deflate method, a full fixed header. */
    static boolean sniff(byte[] data, int off, int len) {
        return len >= 10 && (data[off] & 0xFF) == 0x1F && (data[off + 1] & 0xFF) == 0x8B && data[off + 2] == 8;
    }

    byte[] feed(byte[] data, int off, int len) {
        if (plain) return inner.feed(data, off, len);
        if (nested != null) return new byte[0];
        if (!decided) held.write(data, off, len);
        // Inflated a piece at a time and each piece masked and compressed again at once: a few kilobytes of a gzip
        // bomb inflate to gigabytes, which must never be in memory together.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            inflate(data, off, len, (inflated, n) -> {
                if (nested != null) return;
                if (!decided) {
                    sample.write(inflated, 0, n);
                    if (sample.size() >= SAMPLE) out.writeBytes(decide());
                } else if ((nested = streams.feed(inflated, 0, n)) != null) {
                    // A compressed member further on (a .tar.gz of .gz logs): the gzip stays unfinished, so whoever
                    // inflates it is told it broke off, and why.
                    out.writeBytes(withheld(nested));
                } else {
                    out.writeBytes(deflate(inner.feed(inflated, 0, n), false));
                }
            });
        } catch (DataFormatException | IllegalStateException e) {
            // Which of this piece's bytes were inflated is not known: all of it is masked as it came.
            out.writeBytes(notGzip(!decided ? held.toByteArray() : java.util.Arrays.copyOfRange(data, off, off + len)));
        }
        return out.toByteArray();
    }

    /** Receives inflated bytes: plain[0, n), valid only during the call. */
    private interface Inflated {
        void accept(byte[] plain, int n);
    }

    byte[] flushIdle() {
        if (plain) return inner.flushIdle();
        if (nested != null) return new byte[0];
        if (!decided) return new byte[0];
        return deflate(inner.flushIdle(), false);
    }

    byte[] finish() {
        if (plain) return inner.finish();
        if (nested != null) return new byte[0];
        if (!decided) {
            // Nothing inflated (a header that never ended): what came is plain output.
            if (sample.size() == 0) return concat(notGzip(held.toByteArray()), inner.finish());
            byte[] first = decide();
            return nested != null ? first : concat(first, deflate(inner.finish(), true));
        }
        return deflate(inner.finish(), true);
    }

    /** Enough was inflated to go on: masked, text or binary, as any output is. */
    private byte[] decide() {
        byte[] s = sample.toByteArray();
        decided = true;
        held.reset();
        // A .gz.gz, or xz in gzip: masked as binary, the inner stream's text went out unread.
        nested = hoop.core.Compressed.formatOrGzip(s, 0, s.length);
        if (nested == null) nested = streams.feed(s, 0, s.length);
        if (nested != null) return withheld(nested);
        return deflate(inner.feed(s, 0, s.length), false);
    }

    /** The compressed format found inside what the gzip inflates to, which made the rest withheld; or null. */
    String nested() {
        return nested;
    }

    private static byte[] withheld(String format) {
        return ("hoop: output withheld: it holds " + format + "-compressed data inside gzip, which hoop cannot read to mask;"
                + " decompress it in the command instead (its text is then masked)\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Not gzip after all: raw (what came so far, or the piece that failed) and all that follows masked as plain output. */
    private byte[] notGzip(byte[] raw) {
        plain = true;
        held.reset();
        return inner.feed(raw, 0, raw.length);
    }

    /** Inflates what came, member after member, in pieces of at most PIECE bytes; a member's header and trailer are read here. */
    private void inflate(byte[] data, int off, int len, Inflated sink) throws DataFormatException {
        byte[] in = concat(pendingIn, java.util.Arrays.copyOfRange(data, off, off + len));
        pendingIn = new byte[0];
        int pos = 0;
        while (pos < in.length) {
            if (trailerLeft > 0) {
                int skip = Math.min(trailerLeft, in.length - pos);
                trailerLeft -= skip;
                pos += skip;
                continue;
            }
            if (inflater == null) {
                int h = headerLength(in, pos);
                if (h < 0) {
                    if (in.length - pos > MAX_HEADER) throw new DataFormatException("no gzip header");
                    pendingIn = java.util.Arrays.copyOfRange(in, pos, in.length);
                    break;
                }
                pos += h;
                inflater = new Inflater(true);
                continue;
            }
            inflater.setInput(in, pos, in.length - pos);
            int n;
            while ((n = inflater.inflate(piece)) > 0) sink.accept(piece, n);
            if (inflater.needsDictionary()) throw new DataFormatException("a preset dictionary");
            if (inflater.finished()) {
                pos = in.length - inflater.getRemaining();
                inflater.end();
                inflater = null;
                trailerLeft = 8;
            } else {
                pos = in.length;
            }
        }
    }

    /** The length of a gzip member header at pos, -1 while incomplete; a header of another kind fails. */
    private static int headerLength(byte[] b, int pos) throws DataFormatException {
        if (b.length - pos < 10) return -1;
        if ((b[pos] & 0xFF) != 0x1F || (b[pos + 1] & 0xFF) != 0x8B || b[pos + 2] != 8) throw new DataFormatException("not gzip");
        int flags = b[pos + 3] & 0xFF;
        int p = pos + 10;
        if ((flags & 4) != 0) {
            if (b.length - p < 2) return -1;
            p += 2 + ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8);
        }
        for (int bit : new int[] {8, 16}) {
            if ((flags & bit) == 0) continue;
            while (p < b.length && b[p] != 0) p++;
            if (p >= b.length) return -1;
            p++;
        }
        if ((flags & 2) != 0) p += 2;
        return p > b.length ? -1 : p - pos;
    }

    /** Masked text compressed again as one gzip member: its header first, its trailer at the end. */
    private byte[] deflate(byte[] masked, boolean end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!headerSent) {
            out.writeBytes(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, (byte) 0xFF});
            headerSent = true;
        }
        crc.update(masked);
        size += masked.length;
        deflater.setInput(masked);
        byte[] buf = new byte[16384];
        if (end) {
            deflater.finish();
            while (!deflater.finished()) out.write(buf, 0, deflater.deflate(buf));
        } else if (masked.length > 0) {
            // A sync flush per piece: what was masked goes out now, not when the compressor's window fills.
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length);
        }
        if (end) {
            long c = crc.getValue();
            for (int i = 0; i < 4; i++) out.write((int) (c >>> (8 * i)));
            for (int i = 0; i < 4; i++) out.write((int) (size >>> (8 * i)));
            deflater.end();
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
