package hoop.protocol.postgres;

import hoop.guard.GuardedConnection.ValueMasker;
import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * Text a statement encoded ({@code encode(email::bytea, 'hex')}, {@code encode(..., 'base64')}): bare hex or
 * base64 spells the same bytes a bytea's {@code \x} hex does (BinaryValues.maskHexRuns), and is as easily read
 * back. A run of either is decoded, the detectors read what it spells, and a change is written back encoded the
 * same way. A run is read only when what it decodes to starts as text: hashes, ids and binary data decode to
 * bytes no detector reads, and are passed over after a few bytes. Only whole runs, at each byte alignment their
 * start may have (characters glued in front), are read: a value cut into pieces encoded apart is not.
 */
final class EncodedRuns {
    private EncodedRuns() {
    }

    /**
     * Shorter runs are words: 16 characters are 8 bytes of hex or 12 of base64, no more than the shortest
     * address or key a detector reads.
     */
    static final int MIN_RUN = 16;
    /**
     * A run of digits alone (hex of ASCII digits: a card number's) counts from this length, longer than any
     * bigint or epoch time in milliseconds, which stay on the fast path.
     */
    static final int MIN_DIGITS = 26;
    /** What is decoded of a run before it is read whole: enough to tell text from binary. */
    private static final int PROBE = 9;

    /** 1: a base64 character; 2: also a hex digit; 4: also a decimal digit. */
    private static final byte[] KIND = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean digit = c >= '0' && c <= '9';
            boolean hex = digit || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            boolean b64 = hex || c >= 'g' && c <= 'z' || c >= 'G' && c <= 'Z' || c == '+' || c == '/';
            KIND[c] = (byte) ((b64 ? 1 : 0) | (hex ? 2 : 0) | (digit ? 4 : 0));
        }
    }

    /** Whether b[off, off+len) holds a run worth decoding: its cost is one table look per byte. */
    static boolean present(byte[] b, int off, int len) {
        int run = 0;
        boolean letters = false;
        int hexRun = 0;   // of hex digits alone, for a number written in hex
        boolean hexLetter = false;
        for (int i = off; i < off + len; i++) {
            int k = KIND[b[i] & 0xFF];
            if ((k & 2) != 0) {
                hexRun++;
                hexLetter |= !isDigit(k);
            } else {
                if (hexNumber(hexRun, hexLetter)) return true;
                hexRun = 0;
                hexLetter = false;
            }
            if (k == 0) {
                run = 0;
                letters = false;
                continue;
            }
            run++;
            letters |= !isDigit(k);
            if (run >= (letters ? MIN_RUN : MIN_DIGITS)) return true;
        }
        return hexNumber(hexRun, hexLetter);
    }

    /** Whether a run of hex digits alone, {@code letter} if one is a-f, may be a number written in hex (see integerRun). */
    static boolean hexNumber(int run, boolean letter) {
        return letter && run >= MIN_HEX_NUMBER && run <= MAX_HEX_NUMBER;
    }

    /** What a byte is to a run (0: it ends one); see {@link #present}, which EscapedText.plain folds into its scan. */
    static int kind(byte c) {
        return KIND[c & 0xFF];
    }

    static boolean isDigit(int kind) {
        return (kind & 4) != 0;
    }

    /** The value with its hex and base64 runs masked as what they spell; null when nothing changed. */
    static byte[] mask(byte[] b, int off, int len, ValueMasker text) {
        byte[] hex = runs(b, off, len, text, true);
        byte[] v = hex != null ? hex : b;
        byte[] b64 = hex != null ? runs(v, 0, v.length, text, false) : runs(b, off, len, text, false);
        return b64 != null ? b64 : hex;
    }

    /**
     * b[off, off+len) with only its numbers written in hex or binary masked (see integerRun), or null: for what another
     * encoding spelled (base64 of to_hex(card::bigint)), which is not decoded again.
     */
    static byte[] maskNumbers(byte[] b, int off, int len, ValueMasker text) {
        int end = off + len;
        ByteArrayOutputStream out = null;
        int copied = off;
        for (int i = off; i < end; ) {
            if ((KIND[b[i] & 0xFF] & 2) == 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < end && (KIND[b[i] & 0xFF] & 2) != 0) i++;
            byte[] number = integerRun(b, off, start, i, end, text, onlyBits(b, start, i) ? 2 : 16);
            if (number == null) continue;
            if (out == null) out = new ByteArrayOutputStream(len + 16);
            out.write(b, copied, start - copied);
            out.write(number, 0, number.length);
            copied = i;
        }
        if (out == null) return null;
        out.write(b, copied, end - copied);
        return out.toByteArray();
    }

    private static byte[] runs(byte[] b, int off, int len, ValueMasker text, boolean hex) {
        int want = hex ? 2 : 1;
        int end = off + len;
        ByteArrayOutputStream out = null;
        int copied = off;
        int i = off;
        while (i < end) {
            if ((KIND[b[i] & 0xFF] & want) == 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < end && (KIND[b[i] & 0xFF] & want) != 0) i++;
            if (i - start < MIN_RUN) {
                byte[] number = hex ? integerRun(b, off, start, i, end, text, 16) : null;
                if (number != null) {
                    if (out == null) out = new ByteArrayOutputStream(len + 16);
                    out.write(b, copied, start - copied);
                    out.write(number, 0, number.length);
                    copied = i;
                }
                continue;
            }
            // encode(..., 'base64') breaks its lines at 76 characters: lines of the first one's length and a last one
            // no longer are one run.
            int line = i - start;
            while (!hex && line % 4 == 0 && i + 1 < end && b[i] == '\n' && (KIND[b[i + 1] & 0xFF] & 1) != 0) {
                int j = i + 1;
                while (j < end && (KIND[b[j] & 0xFF] & 1) != 0) j++;
                if (j - i - 1 > line) break;
                boolean full = j - i - 1 == line;
                i = j;
                if (!full) break;
            }
            for (int pad = 0; !hex && pad < 2 && i < end && b[i] == '='; pad++) i++;   // base64's padding ends its run
            byte[] masked = !hex ? base64Run(b, start, i, text) : bits(b, start, i) ? bitRun(b, start, i, text) : hexRun(b, start, i, text);
            if (masked == null && hex) masked = integerRun(b, off, start, i, end, text, onlyBits(b, start, i) ? 2 : 16);
            if (masked == null) continue;
            if (out == null) out = new ByteArrayOutputStream(len + 16);
            out.write(b, copied, start - copied);
            out.write(masked, 0, masked.length);
            copied = i;
        }
        if (out == null) return null;
        out.write(b, copied, end - copied);
        return out.toByteArray();
    }

    /**
     * A bit string's text ({@code ('x' || encode(email::bytea, 'hex'))::varbit}) spells the bytes in binary digits, eight
     * to a byte: a run of zeros and ones long enough for eight bytes is read so (a hex reading of it spells control
     * characters), at each alignment characters glued in front may give it.
     */
    private static boolean bits(byte[] b, int start, int end) {
        if (end - start < 8 * 8) return false;
        for (int i = start; i < end; i++) if (b[i] != '0' && b[i] != '1') return false;
        return true;
    }

    /**
     * Hex digits written for a number: a card's 13 to 17 digits take 10 to 14 (every issuer's usual length). Not 16:
     * trace and span ids are 16 hex digits, and one in thirty would read as a card; a 19-digit card's hex is not read.
     */
    static final int MIN_HEX_NUMBER = 10, MAX_HEX_NUMBER = 14;
    /** Binary digits written for such a number, leading zeros of a bit(64) included. */
    private static final int MIN_BIT_NUMBER = 40, MAX_BIT_NUMBER = 64;

    private static boolean onlyBits(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) if (b[i] != '0' && b[i] != '1') return false;
        return true;
    }

    /**
     * A number written in hex ({@code to_hex(card::bigint)}: e9b08a568f1c7) or binary ({@code card::bigint::bit(64)}) is
     * its decimal digits to whoever converts it back: the run b[start, end) is read as one, and what the detectors
     * make of its decimal digits (a card number) replaces it; null when they keep it. Hex needs a letter (digits alone
     * are a decimal number, read as written), and neither a run beside a dash (a UUID's or a MAC's groups) nor one in a
     * longer word is read. bounds: the value's.
     */
    private static byte[] integerRun(byte[] b, int from, int start, int end, int to, ValueMasker text, int radix) {
        int n = end - start;
        if (radix == 16 ? n < MIN_HEX_NUMBER || n > MAX_HEX_NUMBER : n < MIN_BIT_NUMBER || n > MAX_BIT_NUMBER) return null;
        if (start > from && (b[start - 1] == '-' || KIND[b[start - 1] & 0xFF] != 0)) return null;
        if (end < to && (b[end] == '-' || KIND[b[end] & 0xFF] != 0)) return null;
        boolean letter = false;
        for (int i = start; i < end && !letter; i++) letter = !isDigit(KIND[b[i] & 0xFF]);
        if (radix == 16 && !letter) return null;
        long v = Long.parseUnsignedLong(new String(b, start, n, java.nio.charset.StandardCharsets.ISO_8859_1), radix);
        byte[] digits = Long.toUnsignedString(v).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.mask(digits, 0, digits.length);
    }

    /** The run b[start, end) of binary digits written again with what it spells masked, or null. */
    private static byte[] bitRun(byte[] b, int start, int end, ValueMasker text) {
        for (int skip = 0; skip < 8 && end - start - skip >= 8 * 8; skip++) {
            int from = start + skip;
            int bytes = (end - from) / 8;
            byte[] raw = new byte[bytes];
            int state = 0;
            for (int k = 0; k < bytes; k++) {
                int v = 0;
                for (int j = 0; j < 8; j++) v = v << 1 | b[from + 8 * k + j] - '0';
                raw[k] = (byte) v;
                if (k < PROBE && state >= 0) state = textStep(state, v);
            }
            if (state < 0) continue;
            byte[] m = text.mask(raw, 0, raw.length);
            if (m == null) continue;
            ByteArrayOutputStream o = new ByteArrayOutputStream(8 * m.length + 16);
            o.write(b, start, skip);
            for (byte x : m) for (int j = 7; j >= 0; j--) o.write('0' + (x >> j & 1));
            o.write(b, from + 8 * bytes, end - from - 8 * bytes);
            return o.toByteArray();
        }
        return null;
    }

    /** The run b[start, end) of hex digits written again with what it spells masked, or null. */
    private static byte[] hexRun(byte[] b, int start, int end, ValueMasker text) {
        for (int skip = 0; skip < 2 && end - start - skip >= MIN_RUN; skip++) {
            int from = start + skip;
            int bytes = (end - from) / 2;
            if (!hexStartsAsText(b, from, bytes)) continue;
            byte[] raw = hexDecode(b, from, bytes);
            byte[] m = text.mask(raw, 0, raw.length);
            if (m == null) continue;
            ByteArrayOutputStream o = new ByteArrayOutputStream(end - start + 16);
            o.write(b, start, skip);
            boolean upper = isUpperHex(b, from, end);
            for (byte x : m) {
                o.write(digit((x >> 4) & 0xF, upper));
                o.write(digit(x & 0xF, upper));
            }
            o.write(b, from + 2 * bytes, end - from - 2 * bytes);
            return o.toByteArray();
        }
        return null;
    }

    /**
     * The run b[start, end) of base64 characters, with any padding after them and line breaks between lines of it,
     * written again (broken into lines alike) with what it spells masked, or null. Characters glued in front shift
     * where its groups of four start: each start is tried.
     */
    private static byte[] base64Run(byte[] b, int start, int end, ValueMasker text) {
        int line = 0;
        while (start + line < end && b[start + line] != '\n') line++;
        byte[] run = b;
        int data = end;
        if (start + line < end) {
            run = new byte[end - start];
            int n = 0;
            for (int i = start; i < end; i++) if (b[i] != '\n') run[n++] = b[i];
            run = java.util.Arrays.copyOf(run, n);
            data = n;
            start = 0;
        }
        while (data > start && run[data - 1] == '=') data--;
        for (int skip = 0; skip < 4 && data - start - skip >= MIN_RUN; skip++) {
            int from = start + skip;
            int chars = data - from;
            if (chars % 4 == 1) chars--;   // one character more than whole bytes: not this run's
            if (!base64StartsAsText(run, from, chars)) continue;
            byte[] raw = base64Decode(run, from, chars);
            if (raw == null) continue;
            byte[] m = text.mask(raw, 0, raw.length);
            if (m == null) continue;
            ByteArrayOutputStream o = new ByteArrayOutputStream(end - start + 16);
            o.write(run, start, skip);
            byte[] enc = Base64.getEncoder().encode(m);
            o.write(enc, 0, enc.length);
            o.write(run, from + chars, data - from - chars);
            return run == b ? o.toByteArray() : lines(o.toByteArray(), line);
        }
        return null;
    }

    private static byte[] lines(byte[] s, int line) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(s.length + s.length / line + 1);
        for (int i = 0; i < s.length; i += line) {
            if (i > 0) o.write('\n');
            o.write(s, i, Math.min(line, s.length - i));
        }
        return o.toByteArray();
    }

    /*
     * The probes decode a byte at a time and stop at the first that is no text: most runs (hashes, ids, a column of
     * md5s) fail on their first or second byte; decoding (and allocating) a probe at each of a run's six alignments
     * made these runs a sixth of the event loop's time on a result with an md5 column (async-profiler).
     */

    /** Whether the bytes the hex run from {@code from} spells start as text (see {@link #textStep}). */
    private static boolean hexStartsAsText(byte[] b, int from, int bytes) {
        int state = 0;
        for (int k = 0; k < Math.min(bytes, PROBE) && state >= 0; k++) {
            state = textStep(state, Character.digit(b[from + 2 * k], 16) << 4 | Character.digit(b[from + 2 * k + 1], 16));
        }
        return state >= 0;
    }

    /** As hexStartsAsText, for the base64 run from {@code from} ({@code chars} of the alphabet, at least 16). */
    private static boolean base64StartsAsText(byte[] b, int from, int chars) {
        int state = 0;
        int decoded = 0;
        for (int i = from; i + 4 <= from + chars && decoded < PROBE && state >= 0; i += 4) {
            int v = B64[b[i] & 0xFF] << 18 | B64[b[i + 1] & 0xFF] << 12 | B64[b[i + 2] & 0xFF] << 6 | B64[b[i + 3] & 0xFF];
            for (int shift = 16; shift >= 0 && decoded < PROBE && state >= 0; shift -= 8, decoded++) {
                state = textStep(state, v >> shift & 0xFF);
            }
        }
        return state >= 0;
    }

    /** Base64's value of each character of its alphabet. */
    private static final int[] B64 = new int[256];

    static {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) B64[alphabet.charAt(i)] = i;
    }

    /**
     * Printable text or UTF-8, one byte at a time: no NUL, no control character but a line's, no lone continuation
     * byte. state: the continuation bytes still owed (0 at the start); the next state, or -1 once it is no text.
     */
    private static int textStep(int state, int c) {
        if (state > 0) return (c & 0xC0) == 0x80 ? state - 1 : -1;
        if (c >= 0x80) return c < 0xC2 || c > 0xF4 ? -1 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F ? -1 : 0;
    }

    private static byte[] hexDecode(byte[] b, int from, int bytes) {
        byte[] raw = new byte[bytes];
        for (int k = 0; k < bytes; k++) {
            raw[k] = (byte) (Character.digit(b[from + 2 * k], 16) << 4 | Character.digit(b[from + 2 * k + 1], 16));
        }
        return raw;
    }

    /** Unpadded is fine: the decoder takes a last group of two or three characters as one or two bytes. */
    private static byte[] base64Decode(byte[] b, int from, int chars) {
        try {
            return Base64.getDecoder().decode(java.util.Arrays.copyOfRange(b, from, from + chars));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isUpperHex(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] >= 'A' && b[i] <= 'F') return true;
            if (b[i] >= 'a' && b[i] <= 'f') return false;
        }
        return false;
    }

    private static int digit(int v, boolean upper) {
        char c = Character.forDigit(v, 16);
        return upper ? Character.toUpperCase(c) : c;
    }
}
