package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MaskerTest {
    private static final byte[] KEY = "test-hmac-key".getBytes(StandardCharsets.UTF_8);

    private static Masker masker(Style style) {
        return Masker.create(Samples.allDetectors(style), KEY, List.of());
    }

    /**
     * What reads as a secret once its %XX escapes are decoded (a URL, a form body, an access log line) is masked
     * where it stands, escapes and all, in text and in raw bytes; text without escapes is left as it was.
     */
    @Test
    void secretsWrittenWithPercentEscapesAreMasked() {
        Masker m = masker(Style.REDACT);
        String line = "GET /reset?email=alice%40example.com&card=4111%201111%201111%201111&key=AKIA%49OSFODNN7EXAMPLE HTTP/1.1";
        String expected = "GET /reset?email=[EMAIL]&card=[CREDIT_CARD]&key=[AWS_ACCESS_KEY] HTTP/1.1";
        assertEquals(expected, m.mask(line));
        assertEquals(expected, new String(m.mask(line.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertEquals("to=[EMAIL]", m.mask("to=j%C3%B6hn%40b%C3%BCcher.de"));
        assertEquals("100% of 40 people at 50%", m.mask("100% of 40 people at 50%"));
        assertEquals("a%20b %zz %4", m.mask("a%20b %zz %4"));
    }

    /** HTML and XML character references spell a secret as surely as its characters do. */
    @Test
    void secretsWrittenWithCharacterReferencesAreMasked() {
        Masker m = masker(Style.REDACT);
        assertEquals("<a href=\"mailto:[EMAIL]\">write</a>", m.mask("<a href=\"mailto:alice&#64;example.com\">write</a>"));
        for (String t : List.of("&#x61;lice&#x40;example&#46;com", "bob&commat;example&period;org", "carol&#0000064;example.com",
                "d&#246;rte&#64;b&#xFC;cher.de", "4111&#32;1111&#32;1111&#32;1111", "alice\\u0040example.com",
                "\\u0061lice\\u0040ex\\u00e4mple.com")) {
            String masked = m.mask(t);
            assertTrue(masked.startsWith("[") && masked.endsWith("]") && !masked.contains("&"), t + " -> " + masked);
            byte[] raw = m.mask(t.getBytes(StandardCharsets.UTF_8));
            assertEquals(masked, new String(raw, StandardCharsets.UTF_8), t);
        }
        // A pair of escapes is one character (an emoji, no letter of an address): the address starts after it.
        assertEquals("bob\\uD83D\\uDE00[EMAIL]", m.mask("bob\\uD83D\\uDE00x\\u0040example.com"));
        assertEquals("Tom &amp; Jerry &lt;3 &#169; 2024 &bogus; &#xZZ; &#; C:\\users \\uZZZZ \\uD83D",
                m.mask("Tom &amp; Jerry &lt;3 &#169; 2024 &bogus; &#xZZ; &#; C:\\users \\uZZZZ \\uD83D"));
    }

    /**
     * Addresses in any script are found in text and in UTF-8 bytes alike; a mask on bytes covers whole characters
     * (a strict decoder takes the result), and the prose around an address in a script without spaces survives
     * where the address is in ASCII after it.
     */
    @Test
    void addressesInAnyScriptAreMaskedWithoutCuttingACharacter() throws Exception {
        Masker m = masker(Style.REDACT);
        for (String text : List.of("Kontakt: jöhn@bücher.de (büro)", "почта@пример.рф, ok", "連絡先はops@example.comです",
                "mail\u00a0björn@exämple.se", "日本語の文章".repeat(20) + "x@y.jp")) {
            String masked = m.mask(text);
            assertFalse(masked.contains("@"), text + " -> " + masked);
            byte[] bytes = m.mask(text.getBytes(StandardCharsets.UTF_8));
            String decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            assertFalse(decoded.contains("@"), text + " -> " + decoded);
        }
        assertEquals("(büro) [EMAIL]", m.mask("(büro) jöhn@bücher.de"));
        assertTrue(m.mask("日本語の文章".repeat(20) + "x@y.jp").startsWith("日本語の文章".repeat(5)), "prose far before the address stays");
    }

    @Test
    void emailGluedToOtherTextIsStillMasked() {
        // Found through SQL format('%s-%s', email, card): a dash after the TLD must not hide the address.
        Masker m = masker(Style.REDACT);
        assertEquals("[EMAIL]-[CREDIT_CARD]", m.mask("alice@example.com-4111111111111111"));
        assertEquals("[EMAIL]_x", m.mask("bob@example.org_x"));
        assertEquals("[EMAIL]", m.mask("carol@mail-host.example.net"));
    }

    @Test
    void partialKeepsLastFourAndLength() {
        Masker m = Masker.create(MaskingRules.of(List.of("credit_card"), Map.of(), List.of(), Style.PARTIAL), KEY, List.of());
        assertEquals("card ************1111", m.mask("card 4111111111111111"));
    }

    @Test
    void hashIsStableKeyedAndJoinable() {
        Masker m = masker(Style.HASH);
        String a = m.mask("to bob@example.com");
        assertTrue(a.matches("to \\[EMAIL:[0-9a-f]{12}]"), a);
        assertEquals(a, m.mask("to bob@example.com"));
        assertNotEquals(a, m.mask("to eve@example.com"));
        Masker other = Masker.create(Samples.allDetectors(Style.HASH), "other".getBytes(StandardCharsets.UTF_8), List.of());
        assertNotEquals(a, other.mask("to bob@example.com"));
        assertArrayEquals(a.getBytes(StandardCharsets.UTF_8), m.mask("to bob@example.com".getBytes(StandardCharsets.UTF_8)),
                "byte and String APIs agree");
        String utf8Value = "password=pässwörd";
        assertArrayEquals(m.mask(utf8Value).getBytes(StandardCharsets.UTF_8),
                m.mask(utf8Value.getBytes(StandardCharsets.UTF_8)), "hash of non-ASCII value agrees across APIs");
    }

    @Test
    void hashWithoutKeyIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Masker.create(Samples.allDetectors(Style.HASH), new byte[0], List.of()));
    }

    @Test
    void styleOverridesPerDetector() {
        MaskingRules rules = MaskingRules.of(List.of("email", "credit_card"), Map.of("credit_card", Style.PARTIAL),
                List.of(), Style.REDACT);
        assertEquals("[EMAIL] ************1111", Masker.create(rules, KEY, List.of()).mask("a@b.io 4111111111111111"));
    }

    @Test
    void customPatternUsesUpperCasedName() {
        MaskingRules rules = MaskingRules.of(List.of(), Map.of(),
                List.of(new CustomPattern("ticket_id", Pattern.compile("TCK-[0-9]{6}"))), Style.REDACT);
        assertEquals("see [TICKET_ID] and [TICKET_ID]", Masker.create(rules, KEY, List.of()).mask("see TCK-123456 and TCK-654321"));
    }

    @Test
    void overlapsResolveByEarliestThenLongestAndNeverDoubleReplace() {
        Masker m = masker(Style.REDACT);
        // The assignment value starts where the access key does but is longer.
        assertEquals("secret: [PASSWORD_ASSIGNMENT]", m.mask("secret: AKIAIOSFODNN7EXAMPLE,foo"));
        // Same span from two detectors: the more specific one, registered first, labels it.
        assertEquals("token=[AWS_ACCESS_KEY] next", m.mask("token=AKIAIOSFODNN7EXAMPLE next"));
        assertEquals("token=[EMAIL] x", m.mask("token=bob@example.com x"));
    }

    @Test
    void literalSecretsAlwaysWinAndAreMaskedFirst() {
        MaskingRules none = MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT);
        Masker m = Masker.create(none, KEY, List.of("Sup3r S3cret!", "abc", ""));
        assertEquals("pw is [SECRET], again:[SECRET]", m.mask("pw is Sup3r S3cret!, again:Sup3r S3cret!"));
        assertEquals("abc stays: too short to be a literal", m.mask("abc stays: too short to be a literal"));

        Masker all = Masker.create(Samples.allDetectors(Style.REDACT), KEY, List.of("hunter22"));
        assertEquals("password=[SECRET] and [SECRET]", all.mask("password=hunter22 and hunter22"));
        // Overlapping literals merge rather than leaving a fragment of either visible.
        Masker two = Masker.create(none, KEY, List.of("abcdef", "defghi"));
        assertEquals("x[SECRET]y", two.mask("xabcdefghiy"));
    }

    @Test
    void aLiteralIsFoundAtEveryPlaceInsideABuffer() {
        // The in-place check reads eight bytes at a time: every alignment and both ends must still see it.
        MaskingRules none = MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT);
        Masker m = Masker.create(none, KEY, List.of("s3cr3t!x"));
        for (int len = 8; len <= 40; len++) {
            for (int at = 0; at + 8 <= len; at++) {
                byte[] row = ("ssssssssss" + "s".repeat(at) + "s3cr3t!x" + "s".repeat(len - at - 8) + "ssssssss")
                        .getBytes(StandardCharsets.ISO_8859_1);
                byte[] masked = m.mask(row, 10, len);
                assertEquals("s".repeat(at) + "[SECRET]" + "s".repeat(len - at - 8),
                        masked == null ? "(unchanged)" : new String(masked, StandardCharsets.ISO_8859_1), len + "/" + at);
            }
            byte[] cut = ("ssssssssss" + "s".repeat(len - 4) + "s3cr3t!x").getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(null, m.mask(cut, 10, len), "a secret running past the value is not in it");
        }
    }

    @Test
    void bytesPassThroughUntouchedWhereNothingMatches() {
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, masker(Style.REDACT).mask(all));
        byte[] utf8 = "héllo wörld ✓ 日本語 🙂".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(utf8, masker(Style.REDACT).mask(utf8));
        String ascii = "héllo ✓ mail juergen@example.com ok";
        assertEquals("héllo ✓ mail [EMAIL] ok",
                new String(masker(Style.REDACT).mask(ascii.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    }

    @Test
    void naiveMaskerAgreesOnMixedCorpus() {
        String corpus = MaskingCorpus.sampleCorpus(300_000) + Samples.everyPositive();
        for (Style style : Style.values()) {
            MaskingRules rules = Samples.allDetectors(style);
            List<String> literals = List.of("Springfield,4");
            String fast = Masker.create(rules, KEY, literals).mask(corpus);
            String naive = NaiveMasker.create(rules, KEY, literals).mask(corpus);
            assertEquals(naive, fast);
            assertNotEquals(corpus, fast);
        }
    }

    @Test
    void sampleCorpusIsDeterministicAndMostlyClean() {
        String c = MaskingCorpus.sampleCorpus(100_000);
        assertEquals(c, MaskingCorpus.sampleCorpus(100_000));
        assertTrue(c.length() >= 100_000 && c.length() < 101_000);
        String masked = masker(Style.REDACT).mask(c);
        long changed = 0;
        String[] in = c.split("\n");
        String[] out = masked.split("\n");
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) {
            changed += in[i].equals(out[i]) ? 0 : 1;
        }
        assertTrue(changed > 0 && changed < in.length / 30, "changed lines: " + changed + "/" + in.length);
    }

    /**
     * A value thousands of characters long after a password key (a long token, a JSON string) overflowed the stack of
     * the thread masking it: Java's regex engine recursed once per character of the value, and the row, answer or
     * output holding it was lost with its connection. Masked on a thread with Netty's default stack (1 MiB).
     */
    @Test
    void valuesLongerThanTheStackAreMasked() throws Exception {
        Masker m = masker(Style.REDACT);
        String v = "v".repeat(100_000);
        List<String> texts = List.of("password=" + v, "password=\"" + v + "\"", "password=\"" + "\\v".repeat(50_000) + "\"",
                "{\\\"password\\\":\\\"" + v + "\\\"}", "{\"SecretAccessKey\":\"" + v + "\"}");
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.List<String> out = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread t = new Thread(null, () -> {
            try {
                for (String text : texts) {
                    out.add(m.mask(text));
                    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
                    StreamMasker s = m.stream();
                    out.add(new String(s.feed(b, 0, b.length), StandardCharsets.ISO_8859_1) + new String(s.finish(), StandardCharsets.ISO_8859_1));
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "masking", 1 << 20);
        t.start();
        t.join();
        if (failed.get() != null) throw new AssertionError("masking failed", failed.get());
        assertEquals(2 * texts.size(), out.size());
        for (String o : out) assertFalse(o.contains("vvvvvvvv"), o.length() > 200 ? o.substring(0, 200) : o);
    }

    /**
     * Numbers and blanks (ids, amounts, a padded char column) skip the full scan of a result value: every such value
     * must be one the full engine leaves unchanged, with every detector on.
     */
    @Test
    void numbersAndBlanksTakenForCleanAreClean() {
        Masker m = masker(Style.REDACT);
        java.util.Random r = new java.util.Random(5);
        String alphabet = "0123456789 .-";
        int shortcut = 0;
        for (int k = 0; k < 300_000; k++) {
            StringBuilder v = new StringBuilder();
            for (int n = r.nextInt(40); n > 0; n--) v.append(alphabet.charAt(r.nextInt(r.nextBoolean() ? 10 : alphabet.length())));
            String value = v.toString();
            byte[] b = value.getBytes(StandardCharsets.US_ASCII);
            if (!MaskEngine.numeric(b, 0, b.length)) continue;
            shortcut++;
            assertEquals(value, m.mask(value), "the full engine changes " + value);
            assertEquals(null, m.mask(b, 0, b.length));
        }
        assertTrue(shortcut > 100_000, "values tried: " + shortcut);
        // Just past the limits, values go the whole way and are masked where they are secrets.
        assertNotEquals("4111 1111 1111 1111", m.mask("4111 1111 1111 1111"));
        assertNotEquals("078-05-1120", m.mask("078-05-1120"));
        assertNotEquals("10.0.0.1", m.mask("10.0.0.1"));
    }
}
