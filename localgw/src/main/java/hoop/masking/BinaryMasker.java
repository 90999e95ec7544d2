package hoop.masking;

import hoop.core.PrintableBits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Masks the text inside one stream of binary data (an object that is not text: an archive, a database file, an
 * image), in place and keeping every byte's offset, so an archive's members stay where its index says they are.
 * Detectors run over random bytes find "secrets" (a 10 MB random object holds e-mail-shaped runs), so only runs of
 * printable ASCII (with tab, CR and LF) are read: runs of TEXT_RUN bytes or more, which chance does not make, are
 * text and masked by every detector; shorter ones (from MIN_RUN) only by the detectors anchored on a prefix or key
 * word (AKIA..., ghp_..., -----BEGIN, password=) and the literal secrets. A run still open at the end of a piece is
 * held until the run ends, so a secret split between two reads is seen whole.
 */
public final class BinaryMasker {
    static final int MIN_RUN = 8;
    static final int TEXT_RUN = 64;
    /** A run held past this is released but for its last OVERLAP bytes, which the next piece is read with. */
    static final int HOLD = 1 << 20;
    static final int OVERLAP = 64 << 10;
    /** A run no cut fits in is released whole, masked, at this length: what one answer holds stays bounded. */
    static final int MAX_HOLD = 4 * HOLD;

    private static final byte[] NONE = new byte[0];

    /**
     * What {@link #feed} leaves to its caller: bytes held from earlier pieces, now final, to be sent before the
     * piece; and how many bytes at the piece's end it holds, which are not to be sent now.
     */
    public record Piece(byte[] before, int held) {
    }

    private final MaskEngine engine;
    /**
     * A byte range of a text object, which must keep its offsets as well: every byte but NUL belongs to a run (UTF-8
     * text has bytes above 0x7F), and every run is text.
     */
    private final boolean text;
    /** The open run of earlier pieces, as it came (unmasked). */
    private byte[] run = NONE;
    private int runLength;
    /**
     * The held run is released once it is longer than this: HOLD, or twice what the last try had to keep (one secret,
     * or one line, filling the hold), so a run like that is not masked whole again for every piece.
     */
    private int releaseAt = HOLD;
    /**
     * The kept part of a released run as it was masked then: read again with what follows, it is masked at least as
     * it was (a value whose key word went out with the released part is not found again, but stays masked).
     */
    private byte[] kept;
    /**
     * A run was released whole at MAX_HOLD with a secret reaching its end (a value running on): what follows of that
     * line is part of it, and is starred until the run or the line ends, failing closed.
     */
    private boolean starring;

    BinaryMasker(MaskEngine engine, boolean text) {
        this.engine = engine;
        this.text = text;
        this.inRun = text ? NOT_NUL : PRINTABLE;
    }

    /** Masks data from its position to its limit in place; the buffer's position is left as it was. */
    public Piece feed(ByteBuffer data) {
        int pos = data.position();
        int lim = data.limit();
        byte[] before = NONE;
        if (starring) {
            while (pos < lim && inRun[data.get(pos) & 0xFF] && data.get(pos) != '\n') {
                data.put(pos++, (byte) '*');
            }
            if (pos == lim) return new Piece(NONE, 0);
            starring = false;
        }
        if (runLength > 0) {
            int h = pos;
            while (h < lim && inRun[data.get(h) & 0xFF]) {
                h++;
            }
            append(data, pos, h);
            if (h == lim) {
                return new Piece(runLength > releaseAt ? releaseHead() : NONE, lim - pos);
            }
            byte[] masked = maskedRun();
            int own = h - pos;
            before = Arrays.copyOf(masked, runLength - own);
            data.put(pos, masked, runLength - own, own);
            runLength = 0;
            releaseAt = HOLD;
            pos = h;
        }
        int open = scan(data, pos, lim);
        if (open < 0) {
            return new Piece(before, 0);
        }
        append(data, open, lim);
        return new Piece(before, lim - open);
    }

    /** The held rest, masked: the stream ended. */
    public byte[] finish() {
        byte[] out = runLength == 0 ? NONE : maskedRun();
        runLength = 0;
        run = NONE;
        return out;
    }

    /**
     * Masks every closed run of [from, to) in place; returns where a run open at the end starts, or -1. Runs are found
     * 64 bytes at a time in a long of printable bits (PrintableBits): random data holds a run of MIN_RUN printable
     * bytes in about one block of 50, and the others cost a few bit operations. The data is read through a copy on the
     * heap, a window at a time: a direct buffer checks its bounds and its memory's scope on every read.
     */
    private int scan(ByteBuffer data, int from, int to) {
        if (text) return textRuns(data, from, to);
        int low = 0;  // printable bytes ending at the place reached
        for (int base = from; base < to; base += words.length) {
            int n = Math.min(words.length, to - base);
            data.get(base, words, 0, n);
            int blocks = PrintableBits.fill(words, n, printables);
            for (int k = 0; k < blocks; k++) {
                low = runsInBlock(data, base + 64 * k, printables[k], low);
            }
            for (int j = blocks * 64; j < n; j++) {
                if (inRun[words[j] & 0xFF]) {
                    low++;
                } else {
                    if (low >= MIN_RUN) maskInPlace(data, base + j - low, base + j);
                    low = 0;
                }
            }
        }
        return low == 0 ? -1 : to - low;
    }

    /**
     * Masks the runs that end in the block at base (in: its printable bits); low: the run's bytes just before the
     * block. Returns those of the run reaching the block's end.
     */
    private int runsInBlock(ByteBuffer data, int base, long in, int low) {
        if (in == -1L) return low + 64;
        if (low > 0) {
            int end = Long.numberOfTrailingZeros(~in);
            if (low + end >= MIN_RUN) maskInPlace(data, base - low, base + end);
            in &= -1L << end;
        }
        // Bit s of starts: bytes s to s + 7 of the block are all printable (MIN_RUN is eight).
        long starts = in & (in >>> 1);
        starts &= starts >>> 2;
        starts &= starts >>> 4;
        while (starts != 0) {
            int s = Long.numberOfTrailingZeros(starts);
            long out = ~in & (-1L << s);
            if (out == 0) break;  // the run reaches the block's end: it goes on in the next
            int end = Long.numberOfTrailingZeros(out);
            maskInPlace(data, base + s, base + end);
            starts &= -1L << end;
        }
        return Long.numberOfLeadingZeros(~in);
    }

    /** The heap copy scan reads. */
    private final byte[] words = new byte[WINDOW];
    static final int WINDOW = 8192;
    private final long[] printables = new long[WINDOW / 64];

    /**
     * Masks the closed runs of a text range's [s, e) (every byte but NUL belongs to a run); returns where the run
     * reaching e begins, or -1. Read through a copy on the heap: a direct buffer checks its bounds and its memory's
     * scope on every get.
     */
    private int textRuns(ByteBuffer data, int s, int e) {
        int start = -1;
        for (int base = s; base < e; base += window.length) {
            int n = Math.min(window.length, e - base);
            data.get(base, window, 0, n);
            for (int j = 0; j < n; j++) {
                if (window[j] != 0) {
                    if (start < 0) start = base + j;
                } else {
                    if (start >= 0 && base + j - start >= MIN_RUN) maskInPlace(data, start, base + j);
                    start = -1;
                }
            }
        }
        return start;
    }

    private final byte[] window = new byte[4096];
    /** By byte value: whether it belongs in a run (of a text range: any but NUL; of binary data: a printable one). */
    private final boolean[] inRun;
    private static final boolean[] PRINTABLE = new boolean[256], NOT_NUL = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            PRINTABLE[c] = PrintableBits.printable((byte) c);
            NOT_NUL[c] = c != 0;
        }
    }

    private void maskInPlace(ByteBuffer data, int from, int to) {
        int n = to - from;
        byte[] b;
        if (n <= scratch.length) {
            data.get(from, scratch, 0, n);
            if (engine.keepsAll(scratch, 0, n, !text && n < TEXT_RUN)) return;
            b = Arrays.copyOf(scratch, n);
        } else {
            b = new byte[n];
            data.get(from, b);
        }
        byte[] m = masked(b, b.length);
        if (m != b) data.put(from, m);
    }

    /** A run short enough is first looked at here, without a copy of its own: most of those in binary data are clean. */
    private final byte[] scratch = new byte[TEXT_RUN * 4];

    /** b's first len bytes masked keeping their length; b itself when it is all of them and nothing was found. */
    private byte[] masked(byte[] b, int len) {
        String in = new String(b, 0, len, StandardCharsets.ISO_8859_1);
        String out = engine.maskKeepingLength(in, !text && len < TEXT_RUN);
        if (out == in) return len == b.length ? b : Arrays.copyOf(b, len);
        return out.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The held run masked, and no less than its kept part was before; the run is then to be released whole or in part. */
    private byte[] maskedRun() {
        byte[] masked = masked(run, runLength);
        if (kept != null) {
            if (masked == run) masked = Arrays.copyOf(run, runLength);
            for (int i = 0; i < kept.length; i++) {
                if (kept[i] != run[i]) masked[i] = kept[i];
            }
            kept = null;
        }
        return masked;
    }

    /** Start of the stretch of changed bytes that holds i. */
    private int maskedFrom(byte[] masked, int i) {
        while (i > 0 && masked[i - 1] != run[i - 1]) i--;
        return i;
    }

    private void append(ByteBuffer data, int from, int to) {
        int n = to - from;
        if (runLength + n > run.length) run = Arrays.copyOf(run, Math.max(runLength + n, Math.max(64, run.length * 2)));
        data.get(from, run, runLength, n);
        runLength += n;
    }

    /**
     * A long open run: everything but its last OVERLAP bytes is released, masked with all of it in view, and the
     * rest kept as it came, to be read again with what follows. Where something masked touches the cut or the run's
     * end (a value running to the end of its line, a private key's block not yet closed), the cut goes back OVERLAP
     * before it and then to a line's start, so the kept part holds the key word or marker that makes it a secret; so
     * it does before a record whose name/value pair is not complete (SecretPairs.holdFrom). A run no cut can be made
     * in waits for more, up to MAX_HOLD: then it is released whole, masked, and a secret reaching its end goes on starred.
     */
    private byte[] releaseHead() {
        byte[] masked = maskedRun();
        int cut = runLength - OVERLAP;
        int touched = -1;  // where the masked stretch touching the cut or the end starts
        if (masked[runLength - 1] != run[runLength - 1]) {
            touched = maskedFrom(masked, runLength - 1);
        }
        if (masked[cut - 1] != run[cut - 1] || masked[cut] != run[cut]) {
            int from = maskedFrom(masked, masked[cut] != run[cut] ? cut : cut - 1);
            touched = touched < 0 ? from : Math.min(touched, from);
        }
        if (touched >= 0) cut = Math.min(cut, touched - OVERLAP);
        if (engine.readsPairs()) {
            int hold = SecretPairs.holdFrom(new String(run, 0, runLength, StandardCharsets.ISO_8859_1));
            if (hold >= 0) cut = Math.min(cut, hold);
        }
        for (int k = cut; k > 0; k--) {
            if (run[k - 1] == '\n') {
                cut = k;
                break;
            }
            if (k == 1 || (touched < 0 && cut - k >= OVERLAP)) {
                cut = touched < 0 ? cut : 0;
                break;
            }
        }
        if (cut <= 0) {
            // One secret as long as the whole hold (a key block never closed): masked all of it, failing closed.
            if (runLength < MAX_HOLD) {
                releaseAt = Math.min(2 * runLength, MAX_HOLD);
                kept = Arrays.copyOf(masked, runLength);
                return NONE;
            }
            cut = runLength;
            starring = masked[runLength - 1] != run[runLength - 1];
        }
        byte[] out = Arrays.copyOf(masked, cut);
        System.arraycopy(run, cut, run, 0, runLength - cut);
        runLength -= cut;
        kept = Arrays.copyOfRange(masked, cut, cut + runLength);
        releaseAt = Math.max(HOLD, 2 * runLength);
        return out;
    }
}
