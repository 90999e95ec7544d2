package hoop.protocol.postgres;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EscapedTextTest {
    /** Stands in for the detectors: a quoted "pw" value, a URL's password after "://u:" and a 16-digit run. */
    static final UnaryOperator<String> MASK = s -> s.replaceAll("\"pw\":\"[^\"]*\"", "\"pw\":\"[PW]\"")
            .replaceAll("(:\\\\?/\\\\?/u:)[^@]+@", "$1[URL]@").replaceAll("(?<![0-9])4[0-9]{15}(?![0-9])", "[CARD]");

    static String copy(String row) {
        byte[] out = EscapedText.maskCopyRow(row.getBytes(ISO_8859_1), MASK);
        return out == null ? null : new String(out, ISO_8859_1);
    }

    @Test
    void textFormatBackslashesAreUndoneForTheMaskerAndKeptElsewhere() {
        assertEquals("1\tx:\\\\/\\\\/u:[URL]@h\\\\/a\\tb\\n\\N", copy("1\tx:\\\\/\\\\/u:secret@h\\\\/a\\tb\\n\\N"));
        assertNull(copy("1\tplain \\\\ text\\n\\"));
    }

    @Test
    void csvQuotesAreUndoneForTheMasker() {
        assertEquals("1,\"{\"\"pw\"\":\"\"[PW]\"\"}\",\"a \"\"b\"\"\"", copy("1,\"{\"\"pw\"\":\"\"hunter2\"\"}\",\"a \"\"b\"\"\""));
        assertNull(copy("1,\"{\"\"k\"\":\"\"v\"\"}\",\"\""));
    }

    @Test
    void wholeNumbersInExponentFormAreReadAsDigits() {
        assertEquals("{[CARD],2.5e+15,1.5e-07}", copy("{4.111111111111111e+15,2.5e+15,1.5e-07}"));
        assertNull(copy("{2.5e+15,1.25e+01}"));
        // to_char's EEEE pads the fraction with zeros; a fraction past the exponent still is none.
        assertEquals(" [CARD]| [CARD]", value(" 4.1111111111111110e+15| 4.11111111111111100000e+15"));
        assertNull(value(" 4.1111111111111111e+14| 2.1000000000000000e+15"));
    }

    static String value(String v) {
        byte[] b = v.getBytes(ISO_8859_1);
        byte[] out = EscapedText.maskValue(b, 0, b.length, MASK);
        return out == null ? null : new String(out, ISO_8859_1);
    }

    @Test
    void digitsGroupedByCommasInThreesOrFoursAreReadInARow() {
        byte[] fours = "4111,1111,1111,1111".getBytes(ISO_8859_1);
        assertEquals(EscapedText.VIEWS, EscapedText.look(fours, 0, fours.length) & EscapedText.VIEWS, "not left to the fast path");
        assertEquals("[CARD]", value("4111,1111,1111,1111"));
        assertEquals("$[CARD].00", value("$4,111,111,111,111,111.00"));
        assertEquals("to [CARD], then", copy("to 4111,1111,1111,1111, then"));
        // Groups of one size in a number; shorter numbers are amounts.
        assertNull(value("4111,111,1111,1111"));
        assertNull(value("1,2345,6789"));
    }

    @Test
    void quotedPartsOfArraysAndRecordsAreReadUnescapedAtEveryLevel() {
        // A record doubles quotes and backslashes, an array escapes them with a backslash, once per level.
        assertEquals("(1,\"{\"\"pw\"\":\"\"[PW]\"\"}\")", value("(1,\"{\"\"pw\"\":\"\"hunter2\"\"}\")"));
        assertEquals("{\"{\\\"pw\\\":\\\"[PW]\\\"}\",\"b\"}", value("{\"{\\\"pw\\\":\\\"hunter2\\\"}\",\"b\"}"));
        assertEquals("{\"(\\\"x:\\\\\\\\/\\\\\\\\/u:[URL]@h\\\")\"}", value("{\"(\\\"x:\\\\\\\\/\\\\\\\\/u:secret@h\\\")\"}"));
        assertNull(value("{\"a \\\"b\\\"\",\"c\"}"));
        assertNull(value("he said \"hi"));
    }

    @Test
    void aMessageQuotingARecordUnescapedIsReadFromTheRecordsOwnQuotes() {
        String msg = "invalid input syntax for type integer: \"(1,\"{\"\"pw\"\":\"\"hunter2\"\"}\")\"";
        assertEquals("invalid input syntax for type integer: \"(1,\"{\"\"pw\"\":\"\"[PW]\"\"}\")\"", EscapedText.maskText(msg, MASK));
        assertEquals("no quotes here", EscapedText.maskText("no quotes here", MASK));
    }

    @Test
    void textWithNothingToMaskComesBackUntouchedWhateverItsQuotesAndEscapes() {
        java.util.Random r = new java.util.Random(11);
        String alphabet = "\"\\ab,{}()e+.15\t\n";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = r.nextInt(40); i > 0; i--) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            String t = b.toString();
            assertNull(copy(t), t);
            assertNull(value(t), t);
            assertEquals(t, EscapedText.maskText(t, MASK));
        }
    }

    @Test
    void nodeTreeConstantsAreReadAsTheBytesAndNumbersTheyHold() {
        // "8\0\0\0" is the varlena header; 4111111111111111 as a by-value int8 is little-endian.
        String tree = "{CONST :constvalue 14 [ 56 0 0 0 123 34 112 119 34 58 34\n      120 34 125 ] :location 7} {CONST :constvalue 8 [ -57 -15 104 -91 8 -101 14 0 ]}"
                + " {CONST :constvalue 4 [ 7 0 0 0 0 0 0 0 ]}";
        assertEquals("{CONST :constvalue 14 [ 56 0 0 0 123 34 112 119 34 58 34 91 80 87 93 34 125 ] :location 7} {CONST :constvalue 8 [ 91 67 65 82 68 93 ]}"
                + " {CONST :constvalue 4 [ 7 0 0 0 0 0 0 0 ]}", EscapedText.maskText(tree, MASK));
        assertNull(EscapedText.constValues("{CONST :constvalue 4 [ 7 0 0 0 0 0 0 0 ]}", MASK));
    }

    @Test
    void jsonEscapesAreReadAsTheCharactersTheyStandFor() {
        // An encoder that escapes '/' by its code (backslash, u, 002f); other escapes are written back as they came.
        assertEquals("{\"pw\":\"[PW]\",\"n\":\"a\\nb \\u00e9\"}", EscapedText.maskText("{\"pw\":\"hunter2\",\"n\":\"a\\nb \\u00e9\"}", MASK));
        assertEquals("[\"x://u:[URL]@h \\n\"]", EscapedText.maskText("[\"x:\\u002f\\u002fu:secret@h \\n\"]", MASK));
    }

    @Test
    void privateUseCharactersInServerTextLeaveOnlyThePlainMasker() {
        String t = "\"{\"\"pw\"\":\"\"hunter2\"\"}\" \ue101";
        assertEquals(MASK.apply(t), EscapedText.maskText(t, MASK));
    }
    /** The relay skips the views for a value plain() passes: none of them may change such a value. */
    @Test
    void aPlainValueIsOneNoViewChanges() {
        java.util.Random r = new java.util.Random(3);
        String alphabet = "ab\"\\:+e x0123456789{},()u@.";
        java.util.function.UnaryOperator<String> masker = t -> t.replace("ab", "[M]").replaceAll("[0-9]{4,}", "[N]");
        int plain = 0;
        for (int n = 0; n < 50_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(24);
            for (int i = 0; i < len; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            byte[] b = sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!EscapedText.plain(b, 0, b.length)) continue;
            plain++;
            assertNull(EscapedText.maskValue(b, 0, b.length, masker), sb::toString);
            assertNull(BinaryValues.maskHexRuns(b, 0, b.length, (v, o, l) -> {
                String t = new String(v, o, l, java.nio.charset.StandardCharsets.ISO_8859_1);
                String m = masker.apply(t);
                return m.equals(t) ? null : m.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }), sb::toString);
        }
        assertTrue(plain > 1000, "plain values were drawn: " + plain);
    }
    /**
     * Blanks are skipped eight at a time: what the scan finds must not depend on that. A blank only ends runs, as ';'
     * does one at a time, so every value must look the same with its blanks written as ';' (values mostly of blanks
     * around runs of digits, grouped numbers, hex, letters, '@' and the bytes views start from, at every offset).
     */
    @Test
    void blankRunsSkippedEightAtATimeFindWhatOneAtATimeFinds() {
        java.util.Random r = new java.util.Random(7);
        String[] pieces = {"1", "123", ",456", "deadbeef", "a", "Q", "@", "\\", ":", "e+", "+", "\"", "=", "-", ".", ";"};
        for (int n = 0; n < 200_000; n++) {
            StringBuilder v = new StringBuilder();
            for (int k = r.nextInt(8); k >= 0; k--) {
                v.append(" ".repeat(r.nextInt(20)));
                for (int m = r.nextInt(4); m >= 0; m--) v.append(pieces[r.nextInt(pieces.length)]);
            }
            byte[] b = ("#" + v + " ".repeat(r.nextInt(12))).getBytes(ISO_8859_1);
            byte[] semis = new String(b, ISO_8859_1).replace(' ', ';').getBytes(ISO_8859_1);
            int off = 1;   // a value inside a row: not at the array's start
            assertEquals(EscapedText.look(semis, off, b.length - off), EscapedText.look(b, off, b.length - off), v.toString());
            int cut = off + r.nextInt(b.length - off);   // a value that ends inside a run of blanks
            assertEquals(EscapedText.look(semis, off, cut - off), EscapedText.look(b, off, cut - off), v.toString());
        }
    }
}
