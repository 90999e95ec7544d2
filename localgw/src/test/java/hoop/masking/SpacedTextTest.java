package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key, address or card spelled out with a separator after each character or group of characters (sed 's/./& /g',
 * fold -w1, grep -o . | paste -sd,) is masked as the detectors find it once the separators are taken out; text whose
 * separators are not that regular is left as it was.
 */
class SpacedTextTest {
    private static final byte[] KEY = "test-hmac-key".getBytes(StandardCharsets.UTF_8);
    private static final String LINE = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzXAMPLEKEY\n"
            + "email bob.smith@corp.example.org\nid AKIAIOSFODNN7EXAMPLE\n";

    private static Masker masker() {
        return Masker.create(Samples.allDetectors(Style.REDACT), KEY, List.of());
    }

    /** Every group of width characters of text followed by sep, as fold -w width | paste -sd sep prints it. */
    private static String spelled(String text, int width, String sep) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += width) out.append(text, i, Math.min(text.length(), i + width)).append(sep);
        return out.toString();
    }

    /** Whether any seven characters in a row of a secret in LINE show in out once its separators are taken out. */
    private static String shown(String out) {
        String squeezed = out.replaceAll("[^A-Za-z0-9@./+]", "");
        for (String secret : List.of("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzXAMPLEKEY", "bob.smith@corp.example.org", "AKIAIOSFODNN7EXAMPLE")) {
            for (int i = 0; i + 7 <= secret.length(); i++) {
                if (squeezed.contains(secret.substring(i, i + 7))) return secret.substring(i, i + 7);
            }
        }
        return null;
    }

    @Test
    void charactersAndGroupsOneSeparatorApartAreMasked() {
        Masker m = masker();
        for (int width = 1; width <= SpacedText.MAX_PERIOD - 1; width++) {
            for (String sep : List.of(" ", "\n", ",", "-", "\r\n", ", ", "|")) {
                if (width + sep.length() > SpacedText.MAX_PERIOD) continue;
                String text = spelled(LINE, width, sep);
                String out = m.mask(text);
                assertNull(shown(out), width + " " + sep.replace("\n", "\\n") + ": " + out);
                // Raw bytes (a result row's value, an answer's body) are read the same way.
                String bytes = new String(m.mask(text.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
                assertNull(shown(bytes), width + " " + sep.replace("\n", "\\n") + ": " + bytes);
            }
        }
    }

    @Test
    void sedPuttingABlankAfterEachCharacterKeepsTheTextsOwnBlanksReadable() {
        String spaced = LINE.replaceAll("(.)", "$1 ");
        String out = masker().mask(spaced);
        assertNull(shown(out), out);
        assertTrue(out.startsWith("a w s _ s e c r e t"), out);
        assertTrue(out.contains("[AWS_SECRET_KEY]") && out.contains("[EMAIL]") && out.contains("[AWS_ACCESS_KEY]"), out);
    }

    @Test
    void textWithoutARegularSeparatorIsLeftAlone() {
        Masker m = masker();
        for (String t : List.of("the quick brown fox jumps over a lazy dog a b c d e f g h i j k",
                "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11", "2026-11-30 12:00:00,123 INFO a.b.c.d.e.f started",
                "a\nb\nc\nd\ne\nf\ng\n", "id,name,email\n1,2,3\n")) {
            assertEquals(t, m.mask(t));
        }
        assertNull(SpacedText.of("a b c d"));
        assertTrue(SpacedText.present("a-b-c-d-e-f-g"));
        assertEquals("abcdefg", SpacedText.of("a-b-c-d-e-f-g").toString());
        assertEquals("abc def", SpacedText.of("a b c   d e f ").toString());
        // fold -w3 | paste -sd' ': the short group ends a line, and the blank after it stands for its line break
        assertEquals("KEYID=AKIAIOSFODNN7EXAMPLE mail=alice.smith@example.com",
                SpacedText.of("KEY ID= AKI AIO SFO DNN 7EX AMP LE mai l=a lic e.s mit h@e xam ple .co m").toString());
        byte[] b = "xx a,b,c,d,e,f yy".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(SpacedText.present(b, 3, 11));
        assertFalse(SpacedText.present(b, 3, 8));
    }

    /**
     * fold -w1 and grep -o . put a line break after each character and drop the text's own: a key that ended a line
     * reads glued to the next line's first word, or a bare one to the end of the line before. Still masked.
     */
    @Test
    void aKeyGluedToTheNextLineByAToolThatDropsLineBreaksIsMasked() {
        String env = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzXAMPLEKEY\n"
                + "# the id again\nAKIAIOSFODNN7EXAMPLE\nEMAIL=bob.smith@corp.example.org\nREGION=eu-west-1\n";
        String oneALine = env.replace("\n", "").replaceAll("(.)", "$1\n");
        String out = masker().mask(oneALine);
        assertNull(shown(out), out);
        assertTrue(out.startsWith("A\nW\nS\n") && out.endsWith("e\nu\n-\nw\ne\ns\nt\n-\n1\n"), out);
    }

    /** A stream parted anywhere in a run of one character a line, or paused after each, still shows none of a secret. */
    @Test
    void aRunOfShortLinesIsHeldUntilItEnds() {
        Masker m = masker().readingEncoded();
        String text = "listing:\n" + spelled(LINE, 1, "\n") + "done with a long last line\n";
        for (int piece = 1; piece <= 7; piece++) {
            StreamMasker s = m.stream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] in = text.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < in.length; i += piece) {
                out.writeBytes(s.feed(in, i, Math.min(piece, in.length - i)));
                out.writeBytes(s.flushIdle());
            }
            out.writeBytes(s.finish());
            String shown = out.toString(StandardCharsets.ISO_8859_1);
            assertNull(shown(shown), piece + ": " + shown);
            assertTrue(shown.startsWith("listing:\na\nw\ns\n") && shown.endsWith("done with a long last line\n"), shown);
        }
        assertEquals(14, SpacedText.holdFrom("listing here:\na\nb\n", 18));
        assertEquals(24, SpacedText.holdFrom("listing:\na\nbbbbbbbbbbbb\n", 24));
    }
}
