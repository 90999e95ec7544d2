package hoop.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
