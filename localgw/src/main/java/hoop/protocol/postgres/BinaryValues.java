package hoop.protocol.postgres;

import hoop.guard.GuardedConnection.ValueMasker;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Detector masking of values in binary transfer format. Text inside a binary value is raw bytes (an array's
 * or a record's elements, an enum label, citext, hstore, tsvector), and a number is not text at all: a card
 * number kept as bigint or numeric is eight bytes or base-10000 digits that no detector reads. So arrays and
 * records are taken apart and their elements masked by type, numbers are judged by their text form, and
 * whatever is left is scanned as bytes. A value that cannot be rewritten in place and still matches a
 * detector becomes NULL, never the value: a number cannot hold "[CREDIT_CARD]".
 */
final class BinaryValues {
    private BinaryValues() {
    }

    /** Returned when the value must be sent as SQL NULL. */
    static final byte[] NULL = new byte[0];

    /** Types whose binary form is their text (jsonb and jsonpath add a version byte before it). */
    static final Set<Integer> TEXTUAL = Set.of(25, 1043, 1042, 19, 18, 114, 3802, 142, 705, 17, 4072, 1790, 2275);

    /**
     * Fixed-size types that can hold no text: passed as they are. Not bit strings, uuids or network addresses: their
     * bytes are whatever was cast to them, an address's too ({@code ('x' || encode(email::bytea, 'hex'))::varbit}).
     */
    private static final Set<Integer> NO_TEXT = Set.of(16, 21, 23, 26, 700, 1082, 1083, 1114, 1184, 1186, 1266, 3220, 28, 5069);

    /**
     * Geometric types: float8s from this offset on (path and polygon after their counts), each judged as a float8
     * (point(card, 0) holds the number as exactly).
     */
    private static final java.util.Map<Integer, Integer> FLOATS_FROM = java.util.Map.of(600, 0, 601, 0, 603, 0, 628, 0, 718, 0, 602, 5, 604, 4);

    private static final int INT8 = 20;
    private static final int MONEY = 790;
    private static final int NUMERIC = 1700;
    private static final int FLOAT8 = 701;
    private static final int RECORD = 2249;
    /** Ranges whose bounds are numbers (int8range, numrange): the bounds are judged as numbers. */
    private static final java.util.Map<Integer, Integer> NUMBER_RANGES = java.util.Map.of(3926, INT8, 3906, NUMERIC);
    /** Their multiranges (int8multirange, nummultirange): a count, then each range with its length. */
    private static final java.util.Map<Integer, Integer> NUMBER_MULTIRANGES = java.util.Map.of(4536, INT8, 4532, NUMERIC);
    private static final int MAX_DEPTH = 16;

    /** The masked value, {@link #NULL}, or null when it is unchanged. */
    static byte[] mask(int oid, byte[] b, int off, int len, ValueMasker text) {
        return mask(oid, b, off, len, text, t -> t);
    }

    /**
     * As {@link #mask(int, byte[], int, int, ValueMasker)}; base: the type a domain is over. An array's or a record's
     * element carries its own type, a domain's oid (a top-level column the base type's): a card number kept as a
     * domain over bigint is read as a bigint.
     */
    static byte[] mask(int oid, byte[] b, int off, int len, ValueMasker text, IntUnaryOperator base) {
        oid = base.applyAsInt(oid);
        byte[] out = mask(oid, b, off, len, text, base, 0);
        if (out == NULL) return NULL;
        // What structure hid (a value the walk took for something else) must not pass either.
        byte[] v = out != null ? out : b;
        int vo = out != null ? 0 : off;
        int vl = out != null ? out.length : len;
        if (TEXTUAL.contains(oid) || NO_TEXT.contains(oid) || FLOATS_FROM.containsKey(oid)) return out;
        return text.mask(v, vo, vl) != null ? NULL : out;
    }

    private static byte[] mask(int oid, byte[] b, int off, int len, ValueMasker text, IntUnaryOperator base, int depth) {
        oid = base.applyAsInt(oid);
        if (TEXTUAL.contains(oid)) return text.mask(b, off, len);
        if (NO_TEXT.contains(oid)) return null;
        if (oid == INT8) return len == 8 && spells(Long.toString(long64(b, off)), text) ? NULL : null;
        // money: a bigint of cents (of the currency's fraction digits, two in most locales), whole units read too
        if (oid == MONEY) return len == 8 && (spells(Long.toString(long64(b, off)), text) || spells(Long.toString(long64(b, off) / 100), text)) ? NULL : null;
        if (oid == FLOAT8) return len == 8 && float8Spells(b, off, text) ? NULL : null;
        Integer floats = FLOATS_FROM.get(oid);
        if (floats != null) {
            for (int p = off + floats; p + 8 <= off + len; p += 8) if (float8Spells(b, p, text)) return NULL;
            return null;
        }
        if (oid == NUMERIC) {
            String n = numeric(b, off, len);
            return n == null || spells(n, text) ? NULL : null;
        }
        if (depth >= MAX_DEPTH) return text.mask(b, off, len) != null ? NULL : null;
        Integer bound = NUMBER_RANGES.get(oid);
        if (bound != null) return range(bound, b, off, len, text, base, depth);
        Integer multi = NUMBER_MULTIRANGES.get(oid);
        if (multi != null) return multirange(multi, b, off, len, text, base, depth);
        // Arrays of any element type and composite values (any row type, not only record) describe themselves.
        byte[] a = array(b, off, len, text, base, depth);
        if (a != NOT_THIS) return a;
        byte[] r = record(b, off, len, text, base, depth);
        if (r != NOT_THIS) return r;
        if (oid == RECORD) return NULL;
        return text.mask(b, off, len) != null ? NULL : null;
    }

    /** A double holds every 16-digit card number exactly (below 2^53): a whole one is judged by its digits. */
    private static boolean float8Spells(byte[] b, int at, ValueMasker text) {
        double d = Double.longBitsToDouble(long64(b, at));
        return d == Math.rint(d) && Math.abs(d) < 1e19 && spells(new BigDecimal(d).toPlainString(), text);
    }

    /** Not of this layout: try another reading. */
    private static final byte[] NOT_THIS = new byte[0];

    private static byte[] array(byte[] b, int off, int len, ValueMasker text, IntUnaryOperator base, int depth) {
        if (len < 12) return NOT_THIS;
        int ndim = int32(b, off);
        int flags = int32(b, off + 4);
        int elem = int32(b, off + 8);
        if (ndim < 0 || ndim > 6 || (flags & ~1) != 0 || len < 12 + 8L * ndim) return NOT_THIS;
        long count = ndim == 0 ? 0 : 1;
        for (int d = 0; d < ndim; d++) {
            int dim = int32(b, off + 12 + 8 * d);
            if (dim < 0) return NOT_THIS;
            count *= dim;
            if (count > len) return NOT_THIS;
        }
        int head = 12 + 8 * ndim;
        byte[][] masked = elements(elem, b, off + head, len - head, (int) count, false, text, base, depth);
        if (masked == null) return NOT_THIS;
        if (masked.length == 0) return null;
        ByteArrayOutputStream o = new ByteArrayOutputStream(len);
        o.write(b, off, head);
        boolean nulls = (flags & 1) != 0;
        int at = off + head;
        for (byte[] m : masked) {
            int l = int32(b, at);
            at += 4;
            nulls |= writeElement(o, b, at, l, m);
            if (l > 0) at += l;
        }
        byte[] out = o.toByteArray();
        if (nulls) out[7] |= 1;
        return out;
    }

    /** An element as masked (m; null: as it was, of length l at b[at]); true when it is written as NULL. */
    private static boolean writeElement(ByteArrayOutputStream o, byte[] b, int at, int l, byte[] m) {
        if (m == NULL || l < 0 && m == null) {
            writeInt(o, -1);
            return true;
        }
        byte[] v = m != null ? m : java.util.Arrays.copyOfRange(b, at, at + l);
        writeInt(o, v.length);
        o.write(v, 0, v.length);
        return false;
    }

    private static byte[] record(byte[] b, int off, int len, ValueMasker text, IntUnaryOperator base, int depth) {
        if (len < 4) return NOT_THIS;
        int n = int32(b, off);
        if (n < 0 || n > 1664 || 8L * n > len - 4) return NOT_THIS;
        byte[][] masked = elements(-1, b, off + 4, len - 4, n, true, text, base, depth);
        if (masked == null) return NOT_THIS;
        if (masked.length == 0) return null;
        ByteArrayOutputStream o = new ByteArrayOutputStream(len);
        o.write(b, off, 4);
        int at = off + 4;
        for (byte[] m : masked) {
            o.write(b, at, 4);
            int l = int32(b, at + 4);
            at += 8;
            writeElement(o, b, at, l, m);
            if (l > 0) at += l;
        }
        return o.toByteArray();
    }

    /**
     * Each element masked (null: unchanged); an empty array when none changed, null when the bytes are not
     * exactly count elements. A record's elements each carry their type; an array's share elem.
     */
    private static byte[][] elements(int elem, byte[] b, int off, int len, int count, boolean typed, ValueMasker text,
                                     IntUnaryOperator base, int depth) {
        byte[][] out = new byte[count][];
        boolean changed = false;
        int at = off;
        int end = off + len;
        for (int i = 0; i < count; i++) {
            int oid = elem;
            if (typed) {
                if (end - at < 4) return null;
                oid = int32(b, at);
                at += 4;
            }
            if (end - at < 4) return null;
            int l = int32(b, at);
            at += 4;
            if (l < -1 || l > end - at) return null;
            if (l >= 0) {
                out[i] = mask(oid, b, at, l, text, base, depth + 1);
                changed |= out[i] != null;
                at += l;
            }
        }
        if (at != end) return null;
        return changed ? out : new byte[0][];
    }

    private static byte[] range(int bound, byte[] b, int off, int len, ValueMasker text, IntUnaryOperator base, int depth) {
        if (len < 1) return null;
        int flags = b[off];
        int at = off + 1;
        int end = off + len;
        // RANGE_EMPTY 0x01, LB_INF 0x08, UB_INF 0x10: a bound is present unless empty or infinite.
        for (int inf : new int[] {0x08, 0x10}) {
            if ((flags & 0x01) != 0 || (flags & inf) != 0) continue;
            if (end - at < 4) return NULL;
            int l = int32(b, at);
            at += 4;
            if (l < 0 || l > end - at) return NULL;
            if (mask(bound, b, at, l, text, base, depth + 1) != null) return NULL;
            at += l;
        }
        return null;
    }

    /**
     * Bytes spelled as hex after {@code \\x} (a bytea in text format, the default bytea_output, alone or inside an
     * array, a record or a COPY row): the detectors read the bytes it spells, and a change is written back as
     * hex. The escape format spells printable bytes as they are, which the detectors read directly. Null when
     * nothing changed.
     */
    static byte[] maskHexRuns(byte[] b, int off, int len, ValueMasker text) {
        int end = off + len;
        ByteArrayOutputStream out = null;
        int copied = off;
        for (int i = off; i + 1 < end; i++) {
            if (b[i] != '\\' || b[i + 1] != 'x') continue;
            int j = i + 2;
            while (j < end && Character.digit(b[j], 16) >= 0) j++;
            int digits = (j - i - 2) & ~1;
            if (digits == 0) continue;
            byte[] raw = new byte[digits / 2];
            for (int k = 0; k < raw.length; k++) {
                raw[k] = (byte) (Character.digit(b[i + 2 + 2 * k], 16) << 4 | Character.digit(b[i + 3 + 2 * k], 16));
            }
            byte[] m = text.mask(raw, 0, raw.length);
            if (m != null) {
                if (out == null) out = new ByteArrayOutputStream(len + 16);
                out.write(b, copied, i + 2 - copied);
                for (byte x : m) {
                    out.write(Character.forDigit((x >> 4) & 0xF, 16));
                    out.write(Character.forDigit(x & 0xF, 16));
                }
                copied = i + 2 + digits;
            }
            i = i + 1 + digits;
        }
        if (out == null) return null;
        out.write(b, copied, end - copied);
        return out.toByteArray();
    }

    private static byte[] multirange(int bound, byte[] b, int off, int len, ValueMasker text, IntUnaryOperator base, int depth) {
        if (len < 4) return NULL;
        int n = int32(b, off);
        int at = off + 4;
        int end = off + len;
        for (int i = 0; i < n; i++) {
            if (end - at < 4) return NULL;
            int l = int32(b, at);
            at += 4;
            if (l < 0 || l > end - at) return NULL;
            if (range(bound, b, at, l, text, base, depth + 1) != null) return NULL;
            at += l;
        }
        return at == end ? null : NULL;
    }

    /** Whether a number's text holds what a detector masks (a card number kept as a number). */
    private static boolean spells(String number, ValueMasker text) {
        byte[] t = number.getBytes(StandardCharsets.US_ASCII);
        return text.mask(t, 0, t.length) != null;
    }

    /** A binary numeric as PostgreSQL writes it in text, or null when it is not well formed. */
    static String numeric(byte[] b, int off, int len) {
        if (len < 8) return null;
        int ndigits = int16(b, off);
        int weight = (short) int16(b, off + 2);
        int sign = int16(b, off + 4);
        int dscale = int16(b, off + 6);
        if (ndigits < 0 || len != 8 + 2 * ndigits) return null;
        if (sign == 0xC000) return "NaN";
        if (sign == 0xD000 || sign == 0xF000) return sign == 0xD000 ? "Infinity" : "-Infinity";
        BigInteger unscaled = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(10000);
        for (int i = 0; i < ndigits; i++) unscaled = unscaled.multiply(base).add(BigInteger.valueOf(int16(b, off + 8 + 2 * i)));
        BigDecimal v = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
        if (sign == 0x4000) v = v.negate();
        try {
            v = v.setScale(dscale, java.math.RoundingMode.DOWN);
        } catch (ArithmeticException e) {
            return null;
        }
        return v.toPlainString();
    }

    private static int int16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int int32(byte[] b, int at) {
        return DataRows.int32(b, at);
    }

    private static long long64(byte[] b, int at) {
        return ((long) int32(b, at) << 32) | (int32(b, at + 4) & 0xFFFFFFFFL);
    }

    private static void writeInt(ByteArrayOutputStream o, int v) {
        o.write(v >>> 24);
        o.write(v >>> 16);
        o.write(v >>> 8);
        o.write(v);
    }
}
