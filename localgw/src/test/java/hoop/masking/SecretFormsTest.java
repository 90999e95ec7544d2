package hoop.masking;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A known secret printed in a reversible form is masked; text that only resembles one is not. */
class SecretFormsTest {
    static final String SECRET = "s3cr3t-Api-T0ken-998877";
    static final Masker MASKER = Masker.create(MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT), new byte[] {1},
            List.of(SECRET));

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(UTF_8));
    }

    static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(UTF_8));
    }

    /** What the stream masker makes of text fed one byte at a time, the hardest cut for a run. */
    static String streamedByteWise(String text) {
        StreamMasker s = MASKER.stream();
        StringBuilder out = new StringBuilder();
        byte[] b = text.getBytes(ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            out.append(new String(s.feed(b, i, 1), ISO_8859_1));
        }
        return out.append(new String(s.finish(), ISO_8859_1)).toString();
    }

    static void assertMasked(String printed, String... forms) {
        for (String out : new String[] {MASKER.mask(printed), new String(MASKER.mask(printed.getBytes(ISO_8859_1)), ISO_8859_1),
                streamedByteWise(printed)}) {
            assertTrue(out.contains("[SECRET]"), () -> printed + " -> " + out);
            for (String f : forms) {
                assertFalse(out.contains(f), () -> f + " shown in " + out);
            }
        }
    }

    @Test
    void base64AtEveryAlignmentBothAlphabetsWithAndWithoutPadding() {
        for (String prefix : new String[] {"", "x", "xy", "token=", "A\u00e9"}) {
            for (String suffix : new String[] {"", "\n", "z", "!!"}) {
                String enc = b64(prefix + SECRET + suffix);
                String url = enc.replace('+', '-').replace('/', '_');
                String bare = enc.replace("=", "");
                for (String e : new String[] {enc, url, bare}) {
                    String printed = "out: " + e + " end\n";
                    String masked = MASKER.mask(printed);
                    assertTrue(masked.startsWith("out: ") && masked.endsWith(" end\n"), masked);
                    // What is left of the encoding decodes to no more than the prefix and suffix.
                    String left = masked.substring(5, masked.length() - 5).replace("[SECRET]", "");
                    assertTrue(left.length() <= 4 * (prefix.length() + suffix.length() + 2) / 3 + 2, () -> e + " -> " + masked);
                    assertFalse(masked.contains(e.substring(8, 20)), masked);
                }
            }
        }
    }

    @Test
    void base64WrappedOverLinesAsTheBase64ToolPrintsIt() {
        String long64 = b64("header line of some length " + SECRET + " and a trailer that goes on " + SECRET);
        StringBuilder wrapped = new StringBuilder();
        for (int i = 0; i < long64.length(); i += 20) {
            wrapped.append(long64, i, Math.min(long64.length(), i + 20)).append('\n');
        }
        String out = MASKER.mask(wrapped.toString());
        assertTrue(out.contains("[SECRET]"), out);
        String stillDecodable = out.replaceAll("(?m)^.*\\[SECRET\\].*$", "");
        assertFalse(new String(Base64.getMimeDecoder().decode(stillDecodable.replaceAll("[^A-Za-z0-9+/]", "")
                .substring(0, stillDecodable.replaceAll("[^A-Za-z0-9+/]", "").length() / 4 * 4)), ISO_8859_1).contains(SECRET.substring(0, 10)));
    }

    @Test
    void base32() {
        assertMasked("v " + base32("x" + SECRET) + "\n", base32(SECRET).substring(0, 16));
        assertMasked(base32("abcd" + SECRET + "\n") + "\n", base32(SECRET).substring(4, 20));
    }

    @Test
    void hexPlainUpperSeparatedAndDumped() {
        String h = hex(SECRET);
        assertMasked(h + "\n", h.substring(0, 16));
        assertMasked(h.toUpperCase() + "\n", h.toUpperCase().substring(0, 16));
        assertMasked(h.replaceAll("(..)(?!$)", "$1 ") + "\n", "73 33 63 72 33 74");
        assertMasked(h.replaceAll("(..)(?!$)", "$1:") + "\n", "73:33:63:72");
        assertMasked(h.replaceAll("(..)", "\\\\x$1") + "\n", "\\x73\\x33\\x63\\x72");
        assertMasked(h.replaceAll("(..)", "0x$1, ") + "\n", "0x73, 0x33, 0x63, 0x72");
        // xxd: offset, 16 bytes as 2-byte groups, the bytes as text; hexdump -C: bytes spaced, a gap after eight
        assertMasked("00000000: 7333 6372 3374 2d41 7069 2d54 306b 656e  s3cr3t-Api-T0ken\n", "s3cr3t-Api-T0ken", "7333 6372 3374");
        assertMasked("00000000  73 33 63 72 33 74 2d 41  70 69 2d 54 30 6b 65 6e  |s3cr3t-Api-T0ken|\n", "73 33 63 72",
                "70 69 2d 54", "s3cr3t-Api-T0ken");
        // the dump's last line: seven bytes, their text column beside them
        assertMasked("00000010  2d 39 39 38 38 37 37 0a                           |-998877.|\n", "39 39 38", "998877");
        assertMasked("00000010: 2d39 3938 3837 370a                      -998877.\n", "3938 3837", "998877");
    }

    @Test
    void odsWordsAndBytes() {
        // od (octal 16-bit words, little-endian), od -x, od -b; at both word alignments
        for (String p : new String[] {"", "x"}) {
            byte[] b = (p + SECRET).getBytes(UTF_8);
            StringBuilder octal = new StringBuilder(), words = new StringBuilder(), bytes = new StringBuilder();
            for (int i = 0; i + 1 < b.length; i += 2) {
                int w = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
                octal.append(String.format(" %06o", w));
                words.append(String.format(" %04x", w));
            }
            for (byte x : b) {
                bytes.append(String.format(" %03o", x & 0xFF));
            }
            assertMasked("0000000" + octal + "\n", octal.substring(7 * p.length() + 8, 7 * p.length() + 28));
            assertMasked("0000000" + words + "\n", words.substring(5 * p.length() + 6, 5 * p.length() + 20));
            assertMasked("0000000" + bytes + "\n", bytes.substring(4 * p.length() + 5, 4 * p.length() + 25));
        }
    }

    @Test
    void reversedOtherCaseSpreadAndPercentEncoded() {
        assertMasked(new StringBuilder(SECRET).reverse() + "\n", "778899");
        assertMasked(SECRET.toUpperCase() + "\n", "S3CR3T-API");
        assertMasked("Token: " + SECRET.toLowerCase() + ".\n", "s3cr3t-api");
        assertMasked(SECRET.replaceAll(".", "$0 ") + "\n", "s 3 c r 3 t");
        String all = hex(SECRET).replaceAll("(..)", "%$1");
        assertMasked("https://x.example/?t=" + all + "\n", all.substring(0, 30));
    }

    /** tr with rotated sets (rot13, any shift, the lower or upper case alone, rot47), each character doubled. */
    @Test
    void rotatedLettersAndDoubledCharacters() {
        assertMasked(rot(SECRET, 13, 13) + "\n", rot(SECRET, 13, 13).substring(0, 10));
        assertMasked(rot(SECRET, 1, 0) + "\n", rot(SECRET, 1, 0).substring(0, 10));
        assertMasked(rot(SECRET, 0, 7) + "\n", rot(SECRET, 0, 7).substring(0, 10));
        String r3 = new StringBuilder(rot(SECRET, 3, 3)).reverse().toString();
        assertMasked(r3 + "\n", r3.substring(0, 10));
        StringBuilder r47 = new StringBuilder();
        SECRET.chars().forEach(c -> r47.append((char) ('!' + (c - '!' + 47) % 94)));
        assertMasked(r47 + "\n", r47.substring(0, 10));
        String doubled = SECRET.replaceAll(".", "$0$0");
        assertMasked(doubled + "\n", doubled.substring(0, 20));
        // rot13 of other words stays as printed
        assertEquals("Uryyb jbeyq, guvf vf n grfg\n", MASKER.mask("Uryyb jbeyq, guvf vf n grfg\n"));
    }

    /** basenc --base32hex; od's 32-bit words (-t x4, o4, u4, d4) and decimal 16-bit ones (od -d, -t d2); UTF-16. */
    @Test
    void base32hexOdsWideWordsAndUtf16() {
        String b32 = base32("x" + SECRET).replace("=", "");
        String b32hex = b32.chars().mapToObj(c -> String.valueOf("0123456789ABCDEFGHIJKLMNOPQRSTUV"
                .charAt("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c)))).collect(java.util.stream.Collectors.joining());
        assertMasked(b32hex + "\n", b32hex.substring(2, 18));
        for (String p : new String[] {"", "x", "xy", "xyz"}) {
            byte[] b = (p + SECRET).getBytes(UTF_8);
            StringBuilder x4 = new StringBuilder(), o4 = new StringBuilder(), u4 = new StringBuilder(), d4 = new StringBuilder(),
                    u2 = new StringBuilder(), d2 = new StringBuilder();
            for (int i = 0; i + 3 < b.length; i += 4) {
                long w = (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
                x4.append(String.format(" %08x", w));
                o4.append(String.format(" %011o", w));
                u4.append(String.format(" %10d", w));
                d4.append(String.format(" %11d", (int) w));
            }
            for (int i = 0; i + 1 < b.length; i += 2) {
                int w = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
                u2.append(String.format(" %5d", w));
                d2.append(String.format(" %6d", (short) w));
            }
            for (StringBuilder dump : new StringBuilder[] {x4, o4, u4, d4, u2, d2}) {
                String words = dump.toString();
                String[] each = words.trim().split(" +");
                assertMasked(words + "\n", each[1] + " " + each[2], each[2] + " " + each[3]);
            }
        }
        for (java.nio.charset.Charset wide : new java.nio.charset.Charset[] {java.nio.charset.StandardCharsets.UTF_16LE,
                java.nio.charset.StandardCharsets.UTF_16BE}) {
            String enc = Base64.getEncoder().encodeToString(SECRET.getBytes(wide));
            assertMasked(enc + "\n", enc.substring(4, 24));
            String h = HexFormat.of().formatHex(SECRET.getBytes(wide));
            assertMasked(h + "\n", h.substring(8, 40));
        }
        assertEquals("2026-12-03 1234567890 4294967295 -1 65535\n", MASKER.mask("2026-12-03 1234567890 4294967295 -1 65535\n"));
    }

    /**
     * A rotation of one case keeps the value's digits and other-case letters: with a secret ending
     * "0123456789abcdefABCD" the upper-case rotation by 11 ends "0123456789abcdefLMNO", so text holding
     * "0123456789abcdef" and then an "l" was a run of it. A run counts only with enough letters the rotation changed.
     */
    @Test
    void aRotationRunHoldsRotatedLetters() {
        String secret = "jitSecretForS3proxy/0123456789abcdefABCD";
        Masker m = Masker.create(MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT), new byte[] {1}, List.of(secret));
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            big.append("line ").append(i).append(" contact ops key sk_live_0123456789abcdef\n");
        }
        String text = big.toString();
        assertEquals(text.replace("0123456789abcdef", "[SECRET]"), m.mask(text));
        assertEquals("k=[SECRET]l\n", m.mask("k=0123456789abcdefl\n"));
        assertEquals("k=[SECRET]lm\n", m.mask("k=0123456789abcdeflm\n"));
        // the rotated letters themselves, with the run, are still a form of the secret
        String rotated = rot(secret, 0, 11);
        assertEquals("k=[SECRET]\n", m.mask("k=" + rotated.substring(20) + "\n"));
        assertEquals("k=[SECRET]\n", m.mask("k=0123456789abcdeflmno\n"));
    }

    /** tr -d of a class (digits, one case): the rest of the value, in order, is masked. */
    @Test
    void theValueWithOneClassDeleted() {
        String secret = "tok_9f3KqZ7xW2mB8vLp4RtY6nHc";
        Masker m = Masker.create(MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT), new byte[] {1}, List.of(secret));
        for (String deleted : new String[] {"[0-9]", "[a-z]", "[A-Z]"}) {
            String rest = secret.replaceAll(deleted, "");
            assertEquals("v=[SECRET]\n", m.mask("v=" + rest + "\n"), deleted);
        }
        // a stretch with nothing deleted in it is the plain form's (here too short to be one)
        assertEquals("v=KqZ7xW2mB\n", m.mask("v=KqZ7xW2mB\n"));
        assertEquals("tok_ ok KqZ fine\n", m.mask("tok_ ok KqZ fine\n"));
    }

    /**
     * The value with some or all of its symbols deleted (tr -d '/+=-', tr -dc a-zA-Z0-9) or blanked (tr '/+' '  ') is
     * the value: its symbols are few and of a small set. A stretch with nothing deleted in it, and the value's pieces
     * in another order, stay the plain form's business.
     */
    @Test
    void theValueWithItsSymbolsDeleted() {
        String secret = "sk/Ab+9x-Q2=w_Rt7/Kp+Lm3Zz-8Yc";
        Masker m = Masker.create(MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT), new byte[] {1}, List.of(secret));
        for (String deleted : new String[] {"[/+=-]", "[^A-Za-z0-9]", "[/+]", "[-]", "[/]", "[=_]", "[^A-Za-z]", "[^a-z0-9]"}) {
            String rest = secret.replaceAll(deleted, "");
            assertEquals("v=[SECRET]\n", m.mask("v=" + rest + "\n"), deleted);
        }
        assertEquals("v=[SECRET]\n", m.mask("v=" + secret.replaceAll("[/+=-]", " ") + "\n"));
        assertEquals("v=Ab9xQ2 ok\n", m.mask("v=Ab9xQ2 ok\n"));
        assertEquals("words: Lm3Zz and Rt7/Kp, sk/Ab+9x\n", m.mask("words: Lm3Zz and Rt7/Kp, sk/Ab+9x\n"));
    }

    static String rot(String s, int lower, int upper) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + lower) % 26)
                    : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + upper) % 26) : c);
        }
        return b.toString();
    }

    @Test
    void halvesAndLongPiecesOnTheirOwnLines() {
        int half = SECRET.length() / 2;
        assertMasked(SECRET.substring(0, half) + "\n" + SECRET.substring(half) + "\n", SECRET.substring(0, half), SECRET.substring(half));
        assertMasked("a " + SECRET.substring(3, 13) + " b\n", SECRET.substring(3, 13));
        // a piece shorter than PIECE is not enough to tell
        assertEquals("s3cr3t-Ap and more\n", MASKER.mask("s3cr3t-Ap and more\n"));
    }

    /** Beside a masked form of the secret, ordinary output passes: other blobs and dumps, words that share letters with it. */
    @Test
    void ordinaryOutputBesideAFormIsNotMasked() {
        String other = "some other token value 0123456789";
        String ordinary = "base64 " + b64(other) + " " + b64("x" + other) + "\n"
                + "hex " + hex(other) + "\n"
                + "00000000  73 6f 6d 65 20 6f 74 68  65 72 20 74 6f 6b 65 6e  |some other token|\n"
                + "secret tokens are api tokens; 998877 is a number; s3cr3t is a word; Api-T0 too\n"
                + "T0ken-998 s3cr3t-Ap " + new StringBuilder(SECRET.substring(0, 9)).reverse() + "\n"
                + "sha256 " + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" + "\n";
        String text = ordinary + b64(SECRET) + "\n";
        assertEquals(ordinary + "[SECRET]\n", MASKER.mask(text));
        assertEquals(ordinary + "[SECRET]\n", streamedByteWise(text));
    }

    /** Another case counts when it is all upper or all lower case, as tools print it: mixed case is other text. */
    @Test
    void otherCaseOnlyAllUpperOrAllLower() {
        Masker m = Masker.create(MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT), new byte[] {1}, List.of("postgres"));
        assertEquals("[SECRET] [SECRET] [SECRET]QL PostgreSQL 15 Postgres\n", m.mask("postgres POSTGRES postgresQL PostgreSQL 15 Postgres\n"));
        // ${T^}: the first letter upper-cased, the rest in the value's own case
        assertEquals("S[SECRET]\n", MASKER.mask("S" + SECRET.substring(1) + "\n"));
    }

    /** A secret made of words shares pieces with ordinary text: a piece of only words counts from WORDY_PIECE chars. */
    @Test
    void wordyPiecesOfASecretMadeOfWords() {
        Masker m = Masker.create(MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT), new byte[] {1},
                List.of("Typed-Secret-String-1", "Pseudo-Session-Token-Master-Key-99"));
        assertEquals("aws create-secret --secret-string [SECRET] --master-user-password x; SessionToken: [SECRET] and [SECRET]\n",
                m.mask("aws create-secret --secret-string Typed-Secret-String-1 --master-user-password x; SessionToken: "
                        + "PSEUDO-SESSION-TOKEN-MASTER and Secret-String-1\n"));
    }

    /** A value shorter than MIN_VALUE has too short forms to tell from other text: only it, exactly, is masked. */
    @Test
    void shortSecretsAreMatchedOnlyWholeAndExactly() {
        Masker m = Masker.create(MaskingRules.of(List.of(), Map.of(), List.of(), Style.REDACT), new byte[] {1}, List.of("hunter2", SECRET));
        String shortForms = "hunter2 HUNTER2 2retnuh " + b64("hunter2");
        assertEquals("[SECRET] HUNTER2 2retnuh " + b64("hunter2") + " [SECRET]\n", m.mask(shortForms + " " + SECRET.toUpperCase() + "\n"));
    }

    /** A value and its encodings held across the cut of a pause after a blank (idle flush) are masked whole. */
    @Test
    void aPauseInsideASpreadFormDoesNotShowAPieceOfIt() {
        StreamMasker s = MASKER.stream();
        String spread = SECRET.replaceAll(".", "$0 ");
        byte[] first = spread.substring(0, 18).getBytes(ISO_8859_1);
        String out = new String(s.feed(first, 0, first.length), ISO_8859_1) + new String(s.flushIdle(), ISO_8859_1);
        byte[] rest = (spread.substring(18) + "\n").getBytes(ISO_8859_1);
        out += new String(s.feed(rest, 0, rest.length), ISO_8859_1) + new String(s.finish(), ISO_8859_1);
        assertFalse(out.contains("c r 3 t - A"), out);  // nine characters, fewer than a piece: held
        assertTrue(out.contains("[SECRET]"), out);
    }

    static String base32(String s) {
        byte[] b = s.getBytes(UTF_8);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        for (int bit = 0; bit < b.length * 8; bit += 5) {
            int v = 0;
            for (int k = 0; k < 5; k++) {
                int at = bit + k;
                v = v << 1 | (at < b.length * 8 ? (b[at / 8] >> (7 - at % 8)) & 1 : 0);
            }
            out.append(alphabet.charAt(v));
        }
        while (out.length() % 8 != 0) {
            out.append('=');
        }
        return out.toString();
    }
}
