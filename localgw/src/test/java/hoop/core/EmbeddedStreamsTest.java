package hoop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector look and the SWAR look find the same signatures at every place, and the one a naive walk finds. */
class EmbeddedStreamsTest {
    private static final byte[][] SIGNATURES = {
            {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3},                  // gzip, as gzip(1) writes it on Unix
            {(byte) 0xFD, '7', 'z', 'X', 'Z', 0},                          // xz
            {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59},      // bzip2
            {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0},                           // zip member, deflated
    };
    private static final String[] FORMATS = {"gzip", "xz", "bzip2", "zip"};

    @Test
    void theTestsRunTheVectorLook() {
        // The surefire argLine adds the module; without it this suite would test the SWAR look twice.
        assertTrue(Vectors.ON, "tests must run with --add-modules jdk.incubator.vector");
    }

    @Test
    void everySignatureIsFoundAtEveryPlaceOfPiecesOfEveryLength() {
        Random random = new Random(11);
        for (int length = 1; length <= 140; length++) {
            for (int s = 0; s < SIGNATURES.length; s++) {
                byte[] sig = SIGNATURES[s];
                for (int at = 0; at + 1 <= length; at++) {
                    byte[] b = noise(random, length);
                    System.arraycopy(sig, 0, b, at, Math.min(sig.length, length - at));
                    String naive = naive(b);
                    assertEquals(naive, EmbeddedStreams.findWide(b, 0, length), "wide, " + FORMATS[s] + " at " + at + " of " + length);
                    assertEquals(naive, EmbeddedStreams.findNarrow(b, 0, length), "narrow, " + FORMATS[s] + " at " + at + " of " + length);
                    if (at + sig.length <= length) assertEquals(FORMATS[s], naive, "at " + at + " of " + length);
                }
            }
        }
    }

    @Test
    void nearMissesAndRandomDataAgree() {
        Random random = new Random(5);
        for (int round = 0; round < 2000; round++) {
            byte[] b = noise(random, 1 + random.nextInt(600));
            // Starts of signatures with a wrong byte after them, and whole ones now and then.
            for (int k = random.nextInt(6); k > 0; k--) {
                byte[] sig = SIGNATURES[random.nextInt(SIGNATURES.length)].clone();
                if (random.nextInt(3) > 0) sig[2 + random.nextInt(sig.length - 2)] ^= (byte) (1 + random.nextInt(255));
                int at = random.nextInt(b.length);
                System.arraycopy(sig, 0, b, at, Math.min(sig.length, b.length - at));
            }
            int from = random.nextInt(Math.min(b.length, 20));
            String expected = naive(java.util.Arrays.copyOfRange(b, from, b.length));
            assertEquals(expected, EmbeddedStreams.findWide(b, from, b.length));
            assertEquals(expected, EmbeddedStreams.findNarrow(b, from, b.length));
            assertEquals(expected, EmbeddedStreams.find(ByteBuffer.wrap(b, from, b.length - from)));
        }
    }

    @Test
    void aDirectBufferIsReadAcrossItsChunks() {
        byte[] b = noise(new Random(3), 100_000);
        for (int at : new int[] {0, 16 * 1024 - 5, 16 * 1024 - 1, 50_000, 100_000 - 10}) {
            byte[] copy = b.clone();
            System.arraycopy(SIGNATURES[1], 0, copy, at, SIGNATURES[1].length);
            ByteBuffer direct = ByteBuffer.allocateDirect(copy.length).put(copy).flip();
            assertEquals(naive(copy), EmbeddedStreams.find(direct), "xz at " + at);
        }
        assertNull(naive(b));
    }

    /** Random bytes without any signature start in them, so only what a test plants is found. */
    private static byte[] noise(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        for (int i = 0; i + 1 < length; i++) {
            while (EmbeddedStreams.startsAt(b, i)) b[i + 1] = (byte) random.nextInt(256);
        }
        return b;
    }

    /** Place by place, each signature's own check: what the first looks must not change. */
    private static String naive(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            String f = EmbeddedStreams.at(b, i, b.length);
            if (f != null) return f;
        }
        return null;
    }
}
