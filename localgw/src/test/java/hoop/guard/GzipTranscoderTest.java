package hoop.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.masking.Masker;
import hoop.masking.MaskingRules;
import hoop.masking.Style;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** An output stream that is a gzip file is masked as the text it inflates to, fed in any pieces; binary passes. */
class GzipTranscoderTest {
    private static OutputFilter filter() {
        return new OutputFilter(Masker.create(MaskingRules.of(List.of("email"), Map.of(), List.of(), Style.REDACT), new byte[0], List.of()).stream());
    }

    private static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] run(byte[] in, int piece) {
        OutputFilter f = filter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i += piece) {
            out.writeBytes(f.feed(in, i, Math.min(piece, in.length - i)));
            if (i % (piece * 7) == 0) out.writeBytes(f.flushIdle());
        }
        out.writeBytes(f.finish());
        return out.toByteArray();
    }

    @Test
    void membersAreInflatedMaskedAndCompressedAgainInAnyPieces() throws Exception {
        StringBuilder a = new StringBuilder(), b = new StringBuilder();
        for (int i = 0; i < 3000; i++) a.append("row ").append(i).append(" ops@example.com\n");
        for (int i = 0; i < 10; i++) b.append("tail ").append(i).append(" dev@example.org\n");
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(gzip(a.toString().getBytes(StandardCharsets.UTF_8)));
        two.writeBytes(gzip(b.toString().getBytes(StandardCharsets.UTF_8)));  // concatenated members, as log shippers write
        String want = (a.toString() + b).replace("ops@example.com", "[EMAIL]").replace("dev@example.org", "[EMAIL]");
        for (int piece : new int[] {10, 777, 1 << 20}) {
            try (var z = new GZIPInputStream(new ByteArrayInputStream(run(two.toByteArray(), piece)))) {
                assertEquals(want, new String(z.readAllBytes(), StandardCharsets.UTF_8), "pieces of " + piece);
            }
        }
    }

    @Test
    void binaryOrBrokenGzipPassesAsItCame() throws Exception {
        byte[] random = new byte[50_000];
        new java.util.Random(5).nextBytes(random);
        byte[] bin = gzip(random);
        assertArrayEquals(bin, run(bin, 4096));
        byte[] broken = java.util.Arrays.copyOf(gzip("ops@example.com".repeat(10).getBytes(StandardCharsets.UTF_8)), 40);
        broken[20] ^= 0x55;
        assertEquals(broken.length, run(broken, 40).length);
    }

    /**
     * A gzip bomb: a small piece of compressed input that inflates to hundreds of megabytes must be masked and
     * compressed again a piece at a time, never held inflated (640 MiB here, more than half the tests' heap).
     */
    @Test
    void aBombIsInflatedAPieceAtATimeNotWhole() throws Exception {
        byte[] line = ("x".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        int lines = 640 << 10;
        try (GZIPOutputStream z = new GZIPOutputStream(packed, 1 << 16) {
            { def.setLevel(java.util.zip.Deflater.BEST_SPEED); }
        }) {
            z.write("ops@example.com\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < lines; i++) z.write(line);
        }
        byte[] bomb = packed.toByteArray();
        assertTrue(bomb.length < 4 << 20, "compressed " + bomb.length);
        OutputFilter f = filter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(f.feed(bomb, 0, bomb.length));  // all of it in one call
        out.writeBytes(f.finish());
        try (var z = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()), 1 << 16)) {
            byte[] head = z.readNBytes(16);
            assertEquals("[EMAIL]", new String(head, 0, 7, StandardCharsets.US_ASCII));
            long rest = 16;
            byte[] buf = new byte[1 << 16];
            for (int n; (n = z.read(buf)) > 0; ) rest += n;
            assertEquals("[EMAIL]\n".length() + (long) lines * line.length, rest);
        }
    }
}
