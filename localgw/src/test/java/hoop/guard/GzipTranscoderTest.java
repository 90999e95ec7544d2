package hoop.guard;

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

/** An output stream that is a gzip file is masked as what it inflates to, fed in any pieces. */
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

    /**
     * What inflates to binary (an archive: headers of NULs around its members' text) is masked as any output is, and
     * still gzip; a stream that only begins as gzip (a header, then no deflate data: `printf` of ten bytes before
     * `cat secrets.env`) is masked as the plain output it is. Both passed as they came.
     */
    @Test
    void binaryOrBrokenGzipIsMaskedNotPassed() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.writeBytes(new byte[512]);
        tar.writeBytes("admin = ops@example.com\n".getBytes(StandardCharsets.UTF_8));
        tar.writeBytes(new byte[8000]);
        for (int piece : new int[] {10, 4096}) {
            byte[] back;
            try (var z = new GZIPInputStream(new ByteArrayInputStream(run(gzip(tar.toByteArray()), piece)))) {
                back = z.readAllBytes();
            }
            String s = new String(back, StandardCharsets.ISO_8859_1);
            assertTrue(s.contains("admin = [EMAIL]") && s.startsWith("\0".repeat(512)), s.trim());
        }
        byte[] header = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3};
        for (String after : List.of("junk\ncontact ops@example.com\n", "")) {
            byte[] broken = java.util.Arrays.copyOf(header, header.length + 40 + after.length());
            System.arraycopy(("x".repeat(40) + after).getBytes(StandardCharsets.UTF_8), 0, broken, header.length, 40 + after.length());
            for (int piece : new int[] {3, 10, 4096}) {
                String out = new String(run(broken, piece), StandardCharsets.ISO_8859_1);
                assertTrue(!out.contains("ops@example.com"), piece + ": " + out);
            }
        }
        // A member that never ends its header (a file name without its NUL) ahead of text.
        byte[] named = {0x1F, (byte) 0x8B, 8, 8, 0, 0, 0, 0, 0, 3};
        ByteArrayOutputStream unended = new ByteArrayOutputStream();
        unended.writeBytes(named);
        unended.writeBytes("name then ops@example.com\n".getBytes(StandardCharsets.UTF_8));
        String out = new String(run(unended.toByteArray(), 5), StandardCharsets.ISO_8859_1);
        assertTrue(out.contains("[EMAIL]") && !out.contains("ops@example.com"), out);
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
