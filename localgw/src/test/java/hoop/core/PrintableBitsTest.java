package hoop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector fill and the SWAR fill give every byte the bit a byte-by-byte test gives it. */
class PrintableBitsTest {
    @Test
    void everyByteValueAtEveryPlaceOfABlock() {
        assertTrue(Vectors.ON, "tests must run with --add-modules jdk.incubator.vector");
        Random random = new Random(5);
        for (int value = 0; value < 256; value++) {
            for (int place = 0; place < 64; place++) {
                byte[] b = new byte[128];
                random.nextBytes(b);
                b[64 + place] = (byte) value;
                b[place] = (byte) value;
                assertFills(b, "value " + value + " at " + place);
            }
        }
    }

    @Test
    void dataOfEveryDensityOfText() {
        Random random = new Random(6);
        for (int round = 0; round < 200; round++) {
            // Printable bytes from none to all, and bytes chosen near the class's edges (0x1F, 0x20, 0x7E, 0x7F, 0x80).
            double text = round / 199.0;
            byte[] b = new byte[64 * (1 + random.nextInt(40)) + random.nextInt(64)];
            byte[] edges = {0x1F, 0x20, 0x7E, 0x7F, (byte) 0x80, (byte) 0xFF, 0, 8, 9, 10, 11, 12, 13, 14};
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextDouble() < text ? (byte) (0x20 + random.nextInt(0x5F))
                        : random.nextBoolean() ? edges[random.nextInt(edges.length)] : (byte) random.nextInt(256);
            }
            assertFills(b, "round " + round);
        }
    }

    private static void assertFills(byte[] b, String what) {
        int blocks = b.length / 64;
        long[] wide = new long[blocks + 1], narrow = new long[blocks + 1];
        assertEquals(blocks, PrintableBits.fill(b, b.length, wide), what);
        WidePrintableBits.fill(b, blocks, wide);
        PrintableBits.fillNarrow(b, blocks, narrow);
        for (int k = 0; k < blocks; k++) {
            long naive = 0;
            for (int j = 0; j < 64; j++) {
                if (PrintableBits.printable(b[64 * k + j])) naive |= 1L << j;
            }
            assertEquals(Long.toHexString(naive), Long.toHexString(wide[k]), "wide, block " + k + ", " + what);
            assertEquals(Long.toHexString(naive), Long.toHexString(narrow[k]), "narrow, block " + k + ", " + what);
        }
    }
}
