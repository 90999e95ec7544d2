package hoop.protocol.postgres;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.guard.GuardedConnection.ValueMasker;
import org.junit.jupiter.api.Test;

class ByteCodesTest {
    /** Stands in for the detectors: "alice@example.com" becomes "[EMAIL]". */
    static final ValueMasker MASK = (b, off, len) -> {
        String s = new String(b, off, len, ISO_8859_1);
        String m = s.replace("alice@example.com", "[EMAIL]");
        return m.equals(s) ? null : m.getBytes(ISO_8859_1);
    };

    static String mask(String v) {
        byte[] b = v.getBytes(ISO_8859_1);
        byte[] out = ByteCodes.mask(b, 0, b.length, MASK);
        return out == null ? null : new String(out, ISO_8859_1);
    }

    static String codes(String text, String sep, boolean hex) {
        StringBuilder o = new StringBuilder();
        for (byte x : text.getBytes(ISO_8859_1)) o.append(o.isEmpty() ? "" : sep).append(hex ? String.format("%02x", x) : Integer.toString(x));
        return o.toString();
    }

    @Test
    void hexPairsAndDecimalCodesWithASeparatorAreReadAsTheBytesTheySpell() {
        for (String sep : new String[] {" ", ":", "-", ",", ", ", ";", "|"}) {
            assertEquals("to " + codes("[EMAIL]", sep, true) + ".", mask("to " + codes("alice@example.com", sep, true) + "."), sep);
            assertEquals(codes("[EMAIL]", sep, true).toUpperCase(), mask(codes("alice@example.com", sep, true).toUpperCase()), sep);
            if (!sep.equals(":") && !sep.equals("-")) {
                assertEquals("{" + codes("[EMAIL]", sep, false) + "}", mask("{" + codes("alice@example.com", sep, false) + "}"), sep);
            }
        }
    }

    @Test
    void hexEscapesAreReadAsTheBytesTheySpell() {
        String escaped = "\\x" + codes("alice@example.com", "\\x", true);
        assertEquals("say \\x" + codes("[EMAIL]", "\\x", true) + "!", mask("say " + escaped + "!"));
        assertEquals("\\X" + codes("[EMAIL]", " \\X", true).toUpperCase(), mask("\\X" + codes("alice@example.com", " \\X", true).toUpperCase()));
        byte[] b = escaped.getBytes(ISO_8859_1);
        assertTrue(ByteCodes.present(b, 0, b.length));
        assertNull(mask("\\x" + codes("hello world", "\\x", true)));
    }

    static String octal(String text, String prefix, String sep) {
        StringBuilder o = new StringBuilder();
        for (byte x : text.getBytes(ISO_8859_1)) o.append(o.isEmpty() ? "" : sep).append(prefix).append(String.format("%03o", x));
        return o.toString();
    }

    @Test
    void octalEscapesAndEscapesWithTheirBackslashDoubledAreReadToo() {
        // bytea's escape format and C's octal escapes; COPY's text format doubles a value's backslash (\\x61\\x6c).
        assertEquals("a " + octal("[EMAIL]", "\\", "") + ".", mask("a " + octal("alice@example.com", "\\", "") + "."));
        assertEquals(octal("[EMAIL]", "\\", " "), mask(octal("alice@example.com", "\\", " ")));
        assertEquals(octal("[EMAIL]", "\\\\", ""), mask(octal("alice@example.com", "\\\\", "")));
        assertEquals("\\\\x" + codes("[EMAIL]", "\\\\x", true), mask("\\\\x" + codes("alice@example.com", "\\\\x", true)));
        assertEquals("\\\\x" + codes("[EMAIL]", " \\\\x", true), mask("\\\\x" + codes("alice@example.com", " \\\\x", true)));
        for (String v : new String[] {octal("alice@example.com", "\\", ""), octal("alice@example.com", "\\\\", "-"),
                "\\\\x" + codes("alice@example.com", "\\\\x", true)}) {
            byte[] b = v.getBytes(ISO_8859_1);
            assertTrue(ByteCodes.present(b, 0, b.length), v);
        }
        assertNull(mask(octal("hello world", "\\", "")));
        // Not one code kind: 9 is no octal digit, and a run mixing single and doubled backslashes is none.
        assertNull(mask("\\141\\154\\151\\143\\145\\100\\145\\190"));
        assertNull(mask("\\x61\\\\x6c\\x69\\\\x63\\x65\\\\x40\\x65\\\\x78"));
    }

    @Test
    void codesThatSpellNothingOrAreNoBytesOrMixSeparatorsPass() {
        assertNull(mask(codes("hello world", " ", true)));
        assertNull(mask("1,2,3,4,5,6,7,8,9,10"));
        assertNull(mask("300,301,302,303,304,305,306,307"));
        String mixed = codes("alice@example.com", " ", true).replaceFirst(" ", ":");
        assertNull(mask(mixed.substring(0, 5) + "x" + mixed.substring(5)));
    }

    @Test
    void presentFindsWhatMaskReadsAndTheRelaysScanFlagsIt() {
        for (String v : new String[] {codes("alice@example.com", " ", true), "{" + codes("alice@example.com", ",", false) + "}",
                codes("alice@example.com", ", ", false), codes("alice@example.com", "|", true)}) {
            byte[] b = v.getBytes(ISO_8859_1);
            assertTrue(ByteCodes.present(b, 0, b.length), v);
            assertTrue((EscapedText.look(b, 0, b.length) & EscapedText.CODES) != 0, v);
        }
        for (String v : new String[] {"2024-01-02 10 11", "555-123-4567", "a bad dad, a cafe", "plain words and 12 numbers"}) {
            byte[] b = v.getBytes(ISO_8859_1);
            assertFalse(ByteCodes.present(b, 0, b.length), v);
            assertEquals(0, EscapedText.look(b, 0, b.length) & EscapedText.CODES, v);
        }
    }
}
