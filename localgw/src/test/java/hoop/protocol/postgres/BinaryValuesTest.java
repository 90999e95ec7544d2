package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import hoop.guard.GuardedConnection.ValueMasker;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BinaryValuesTest {
    /** Stands in for the detectors: "secret" and the number 4111111111111111 are masked. */
    static final ValueMasker MASK = (b, off, len) -> {
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        String m = s.replace("secret", "[S]").replace("4111111111111111", "[CARD]");
        return m.equals(s) ? null : m.getBytes(StandardCharsets.ISO_8859_1);
    };

    static byte[] textArray(int elemOid, String... values) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        boolean nulls = java.util.Arrays.asList(values).contains(null);
        o.writeBytes(ByteBuffer.allocate(20).putInt(1).putInt(nulls ? 1 : 0).putInt(elemOid).putInt(values.length).putInt(1).array());
        for (String v : values) {
            byte[] b = v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8);
            o.writeBytes(ByteBuffer.allocate(4).putInt(v == null ? -1 : b.length).array());
            o.writeBytes(b);
        }
        return o.toByteArray();
    }

    @Test
    void arrayElementsAreMaskedInPlaceAndNumbersBecomeNull() {
        byte[] in = textArray(25, "a secret", null, "plain");
        assertArrayEquals(textArray(25, "a [S]", null, "plain"), BinaryValues.mask(1009, in, 0, in.length, MASK));
        byte[] nums = ByteBuffer.allocate(20 + 24).putInt(1).putInt(0).putInt(20).putInt(2).putInt(1)
                .putInt(8).putLong(4111111111111111L).putInt(8).putLong(7).array();
        byte[] out = BinaryValues.mask(1016, nums, 0, nums.length, MASK);
        ByteBuffer b = ByteBuffer.wrap(out);
        assertEquals(1, b.getInt(4) & 1, "the has-nulls flag is set");
        assertEquals(-1, b.getInt(20));
        assertEquals(7, b.getLong(28));
        byte[] clean = textArray(25, "a", "b");
        assertNull(BinaryValues.mask(1009, clean, 0, clean.length, MASK));
    }

    @Test
    void aRecordOfAnyTypeIsWalkedAndMalformedValuesAreScannedWhole() {
        byte[] field = "my secret".getBytes(StandardCharsets.UTF_8);
        byte[] rec = ByteBuffer.allocate(4 + 8 + field.length).putInt(1).putInt(25).putInt(field.length).put(field).array();
        byte[] out = BinaryValues.mask(123456, rec, 0, rec.length, MASK);
        assertEquals("my [S]", new String(out, 12, out.length - 12, StandardCharsets.UTF_8));
        // An enum label, or bytes no layout fits: a match anywhere makes the value NULL.
        byte[] label = "secret".getBytes(StandardCharsets.UTF_8);
        assertSame(BinaryValues.NULL, BinaryValues.mask(98765, label, 0, label.length, MASK));
        byte[] truncated = java.util.Arrays.copyOf(textArray(25, "secret"), 31);   // a trailing byte: no layout fits
        assertSame(BinaryValues.NULL, BinaryValues.mask(1009, truncated, 0, truncated.length, MASK));
    }

    @Test
    void numericIsReadAsPostgresWritesIt() {
        // 4111111111111111 = 4111 1111 1111 1111 in base 10000, weight 3; 1234.50 = 1234 . 5000, dscale 2.
        byte[] card = ByteBuffer.allocate(16).putShort((short) 4).putShort((short) 3).putShort((short) 0).putShort((short) 0)
                .putShort((short) 4111).putShort((short) 1111).putShort((short) 1111).putShort((short) 1111).array();
        assertEquals("4111111111111111", BinaryValues.numeric(card, 0, card.length));
        assertSame(BinaryValues.NULL, BinaryValues.mask(1700, card, 0, card.length, MASK));
        byte[] small = ByteBuffer.allocate(12).putShort((short) 2).putShort((short) 0).putShort((short) 0x4000).putShort((short) 2)
                .putShort((short) 1234).putShort((short) 5000).array();
        assertEquals("-1234.50", BinaryValues.numeric(small, 0, small.length));
        assertNull(BinaryValues.mask(1700, small, 0, small.length, MASK));
    }

    @Test
    void hexRunsAreReadAsTheBytesTheySpell() {
        String hex = "\\\\x" + java.util.HexFormat.of().formatHex("a secret".getBytes(StandardCharsets.UTF_8)) + "f";
        byte[] in = ("{\"" + hex + "\"}").getBytes(StandardCharsets.US_ASCII);
        String out = new String(BinaryValues.maskHexRuns(in, 0, in.length, MASK), StandardCharsets.US_ASCII);
        assertEquals("{\"\\\\x" + java.util.HexFormat.of().formatHex("a [S]".getBytes(StandardCharsets.UTF_8)) + "f\"}", out);
        byte[] plain = "\\x6869 and \\x".getBytes(StandardCharsets.US_ASCII);
        assertNull(BinaryValues.maskHexRuns(plain, 0, plain.length, MASK));
    }

    @Test
    void anyBytesUnderAnyTypeAreJudgedWithoutFailing() {
        // The upstream is trusted to be PostgreSQL, but a value the walk misreads must still end in a verdict.
        java.util.Random r = new java.util.Random(7);
        int[] oids = {0, 20, 25, 701, 1009, 1016, 1700, 2249, 3906, 3926, 98765};
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            if (b.length >= 12 && r.nextBoolean()) {
                ByteBuffer.wrap(b).putInt(r.nextInt(3)).putInt(r.nextInt(2)).putInt(oids[r.nextInt(oids.length)]);
            }
            BinaryValues.mask(oids[r.nextInt(oids.length)], b, 0, b.length, MASK);
            BinaryValues.maskHexRuns(b, 0, b.length, MASK);
        }
    }
}
