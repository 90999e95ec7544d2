package hoop.masking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bytes eight at a time, for the scans every value of a result row passes through: a word that cannot hold what a
 * scan looks for (the usual case) costs a few instructions instead of eight comparisons.
 */
final class Words {
    static final long ONES = 0x0101010101010101L;
    static final long HIGHS = 0x8080808080808080L;
    /** Eight blanks: a padded char(n) column's or aligned text's, skipped a word at a time. */
    static final long BLANKS = 0x2020202020202020L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Words() {
    }

    /** The eight bytes of b from i, the first in the lowest byte. */
    static long at(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Nonzero if a byte of w is c (the test for a zero byte, on w with c's bytes cleared). */
    static long has(long w, int c) {
        long x = w ^ ONES * (c & 0xFF);
        return (x - ONES) & ~x & HIGHS;
    }
}
