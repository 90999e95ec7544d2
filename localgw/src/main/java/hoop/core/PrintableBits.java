package hoop.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Which bytes of an array are printable ASCII (0x20 to 0x7E, tab, LF, CR), 64 to a long: bit j of block k stands for
 * byte 64k + j. Text is looked for in binary data as runs of such bytes, and in random data more than half the bytes
 * break a run every few places: read as blocks, a run's ends are found with a long's bit arithmetic, with no test
 * (and no mispredicted branch) per byte. With the JDK's vector API (see Vectors) a block is a few compares per
 * vector; without it, each long is classified with SWAR arithmetic on its eight bytes.
 */
public final class PrintableBits {
    private static final long ONES = 0x0101010101010101L, LOW7 = 0x7F7F7F7F7F7F7F7FL, HIGH = 0x8080808080808080L;
    /** Moves bit 8j + 7 of a long (byte j's high bit) to bit 56 + j: no two of the product's terms meet. */
    private static final long GATHER = 0x0102040810204080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private PrintableBits() {}

    public static boolean printable(byte b) {
        return b >= 0x20 && b < 0x7F || b == '\t' || b == '\n' || b == '\r';
    }

    /** Fills out with the blocks of b[0, n) that are whole (at most out.length); returns how many. */
    public static int fill(byte[] b, int n, long[] out) {
        int blocks = Math.min(n >>> 6, out.length);
        if (Vectors.ON) {
            WidePrintableBits.fill(b, blocks, out);
        } else {
            fillNarrow(b, blocks, out);
        }
        return blocks;
    }

    static void fillNarrow(byte[] b, int blocks, long[] out) {
        for (int k = 0; k < blocks; k++) {
            long bits = 0;
            for (int j = 0; j < 8; j++) {
                long flags = printableFlags((long) LONGS.get(b, 64 * k + 8 * j));
                bits |= ((flags >>> 7) * GATHER >>> 56) << (8 * j);
            }
            out[k] = bits;
        }
    }

    /** The high bit of each printable byte of x. */
    static long printableFlags(long x) {
        long raised = x | HIGH;  // every byte's low seven bits, 0x80 above them so no subtraction borrows from the next
        long atLeastSpace = raised - 0x20 * ONES;
        long isDelete = equal(x, 0x7F);
        long visible = ~x & atLeastSpace & ~isDelete & HIGH;
        return visible | equal(x, '\t') | equal(x, '\n') | equal(x, '\r');
    }

    /** The high bit of each byte of x equal to c. */
    private static long equal(long x, int c) {
        long y = x ^ (c * ONES);
        return ~(((y & LOW7) + LOW7) | y) & HIGH;
    }
}
