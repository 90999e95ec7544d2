package hoop.protocol.postgres;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.guard.GuardedConnection.ValueMasker;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EncodedRunsTest {
    static final String EMAIL = "alice@example.com";
    /** Stands in for the detectors: the address, and a 16-digit run. */
    static final ValueMasker MASK = (b, off, len) -> {
        String in = new String(b, off, len, ISO_8859_1);
        String out = in.replace(EMAIL, "[EMAIL]").replaceAll("(?<![0-9])4[0-9]{15}(?![0-9])", "[CARD]");
        return out.equals(in) ? null : out.getBytes(ISO_8859_1);
    };

    static String mask(String v) {
        byte[] b = v.getBytes(ISO_8859_1);
        assertFalse(EscapedText.plain(b, 0, b.length), "the fast path leaves it to the views: " + v);
        assertTrue(EncodedRuns.present(b, 0, b.length), v);
        byte[] out = EncodedRuns.mask(b, 0, b.length, MASK);
        return out == null ? null : new String(out, ISO_8859_1);
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(UTF_8));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(UTF_8));
    }

    static String bits(String s) {
        StringBuilder o = new StringBuilder();
        for (byte x : s.getBytes(UTF_8)) o.append(String.format("%8s", Integer.toBinaryString(x & 0xFF)).replace(' ', '0'));
        return o.toString();
    }

    @Test
    void aBitStringSpellingAMatchIsMaskedAndWrittenBackInBits() {
        assertEquals(bits("[EMAIL]"), mask(bits(EMAIL)));
        assertEquals("1" + bits("to [EMAIL]"), mask("1" + bits("to " + EMAIL)));   // a bit glued in front
        assertEquals("{" + bits("[CARD]") + "}", mask("{" + bits("4111111111111111") + "}"));
        // Bits of other text, and bits that spell no text, pass.
        assertNull(mask(bits("just some words")));
        assertNull(mask("01".repeat(40)));
    }

    @Test
    void hexAndBase64SpellingAMatchAreMaskedAndWrittenBackEncoded() {
        assertEquals(hex("[EMAIL]"), mask(hex(EMAIL)));
        assertEquals(hex("[EMAIL]").toUpperCase(), mask(hex(EMAIL).toUpperCase()));
        assertEquals("mail: " + b64("[EMAIL]") + ".", mask("mail: " + b64(EMAIL) + "."));
        assertEquals(b64("to [EMAIL] now"), mask(b64("to " + EMAIL + " now")));
        // a card number's hex is digits alone
        assertEquals(hex("[CARD]"), mask(hex("4111111111111111")));
    }

    @Test
    void charactersGluedInFrontDoNotShiftTheReadingOffItsBytes() {
        assertEquals("a" + hex("[EMAIL]"), mask("a" + hex(EMAIL)));
        for (String glue : new String[] {"x", "xy", "xyz"}) {
            assertEquals(glue + b64("[EMAIL]"), mask(glue + b64(EMAIL)), glue);
        }
    }

    @Test
    void base64BrokenIntoLinesIsReadAsOneRun() {
        // As encode(..., 'base64') writes it: 76 characters a line; the address straddles the first break.
        String text = "x".repeat(50) + " " + EMAIL + " " + "y".repeat(40);
        String wrapped = b64(text).replaceAll("(.{76})", "$1\n").strip();
        assertTrue(wrapped.indexOf('\n') > 0 && !new String(Base64.getDecoder().decode(wrapped.substring(0, 76)), UTF_8).contains(EMAIL));
        String out = mask(wrapped);
        String back = new String(Base64.getMimeDecoder().decode(out), UTF_8);
        assertEquals(text.replace(EMAIL, "[EMAIL]"), back);
        assertTrue(out.lines().allMatch(l -> l.length() <= 76), out);
    }

    @Test
    void hashesIdsAndWordsPassAsTheyAre() {
        for (String v : new String[] {"c160f8cc69a4f0bf2b0362752353d060", b64("nothing secret in here at all"), "internationalization",
                "4c1f0a52-4f3e-4b8c-9a6d-2f1e3d4c5b6a", "0123456789012345678901234567"}) {
            byte[] b = v.getBytes(ISO_8859_1);
            assertNull(EncodedRuns.present(b, 0, b.length) ? EncodedRuns.mask(b, 0, b.length, MASK) : null, v);
        }
        // Numbers a bigint or an epoch in milliseconds holds, and short words, stay on the fast path.
        for (String v : new String[] {"9223372036854775807", "1732912345678", "Alice", "a uuid 4c1f0a52-4f3e-4b8c-9a6d-2f1e3d4c5b6a",
                "{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15}", "1,234,567,890", "$12,345.67"}) {
            byte[] b = v.getBytes(ISO_8859_1);
            assertTrue(EscapedText.plain(b, 0, b.length), v);
        }
    }

    @Test
    void aLongNumberGroupedByCommasLeavesTheFastPath() {
        for (String v : new String[] {"$4,111,111,111,111,111.00", "x 4,111,111,111,111,111", "{1,4,111,111,111,111,111}"}) {
            byte[] b = v.getBytes(ISO_8859_1);
            assertFalse(EscapedText.plain(b, 0, b.length), v);
        }
    }

    @Test
    void anyInputIsReadWithoutFailing() {
        java.util.Random r = new java.util.Random(7);
        String alphabet = "ABCDEFabcdef0123456789+/=\n x@.";
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[r.nextInt(120)];
            if (n % 2 == 0) {
                r.nextBytes(b);
            } else {
                for (int i = 0; i < b.length; i++) b[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
            }
            int off = b.length == 0 ? 0 : r.nextInt(b.length);
            int len = b.length - off;
            byte[] out = EncodedRuns.mask(b, off, len, MASK);
            assertTrue(out == null || out.length > 0 || len == 0);
            ReversedText.mask(b, off, len, MASK);
        }
    }

    @Test
    void aNumberWrittenInHexOrBinaryIsReadAsItsDecimalDigits() {
        long card = 4111111111111111L;
        String hex = Long.toHexString(card);
        String bits = String.format("%64s", Long.toBinaryString(card)).replace(' ', '0');
        assertEquals("[CARD]", mask(hex));
        assertEquals("[CARD]", mask(hex.toUpperCase()));
        assertEquals("no [CARD].", mask("no " + hex + "."));
        assertEquals("[CARD]", mask(bits));
        assertEquals("[CARD]", mask(Long.toBinaryString(card)));
        // Other numbers, UUID and MAC groups, hex inside a longer word or of digits alone are no card's; nor is a run of
        // sixteen, a trace or span id's length (the card's hex padded to it is one).
        for (String v : new String[] {Long.toHexString(123456789012345L), "a0eebc99-9c0b-4ef8-bb6d-" + hex.substring(1), hex + "-00",
                "x" + hex + "g", "4111111111111", "00f067aa0ba902b7", "000" + hex}) {
            byte[] b = v.getBytes(ISO_8859_1);
            assertNull(EncodedRuns.mask(b, 0, b.length, MASK), v);
        }
    }
}
