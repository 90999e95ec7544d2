package hoop.masking;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets as terminals show them: coloured by grep/jq/ls, assembled by cursor moves, carried in OSC strings,
 * split by invisible characters or written in look-alike digits. The reader sees the secret whole, so it
 * must be masked; colours around it survive.
 */
class TerminalOutputTest {
    private static final String E = "\u001B";
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String LITERAL = "s3cr3t-Api-T0ken-998877";
    private static final Masker M = Masker.create(Samples.allDetectors(Style.REDACT), "k".getBytes(UTF_8), List.of(LITERAL));

    /** What a terminal would show, roughly: escape sequences and other controls removed. */
    private static String visible(String s) {
        return s.replaceAll("\u001B\\[[0-9;:?]*[ -/]*[@-~]", "").replaceAll("\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)", "")
                .replaceAll("[\u0000-\u0008\u000E-\u001F\u007F]", "");
    }

    /** Masks as the exec pipeline does: UTF-8 bytes through a stream, one byte at a time, and whole. */
    private static String masked(String in) {
        byte[] b = in.getBytes(UTF_8);
        String whole = new String(M.mask(b), UTF_8);
        StreamMasker s = M.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < b.length; i++) out.writeBytes(s.feed(b, i, 1));
        out.writeBytes(s.finish());
        assertEquals(whole, out.toString(UTF_8), "streamed byte by byte");
        assertEquals(whole, new String(NaiveMasker.create(Samples.allDetectors(Style.REDACT), "k".getBytes(UTF_8),
                List.of(LITERAL)).mask(b), UTF_8), "naive masker agrees");
        return whole;
    }

    private static void assertHidden(String out, String... pieces) {
        for (String p : pieces) {
            assertFalse(out.contains(p), () -> "leaked " + p + " in " + out.replace(E, "\\e"));
            assertFalse(visible(out).contains(p), () -> "shows " + p + " in " + out.replace(E, "\\e"));
        }
    }

    @Test
    void grepColouringTheKeyOfAnAssignment() {
        String in = E + "[01;31m" + E + "[Kpassword" + E + "[m" + E + "[K=hunter2\n";
        String out = masked(in);
        assertHidden(out, "hunter2");
        assertEquals(E + "[01;31m" + E + "[Kpassword" + E + "[m" + E + "[K=[PASSWORD_ASSIGNMENT]\n", out);
    }

    @Test
    void grepColouringPartOfAKeyKeepsTheColourBalanced() {
        String out = masked("id AKIA" + E + "[01;31m" + E + "[KIOSF" + E + "[m" + E + "[KODNN7EXAMPLE end\n");
        assertHidden(out, "IOSF", "ODNN7EXAMPLE");
        assertEquals("id [AWS_ACCESS_KEY] end\n", visible(out));
        assertTrue(out.contains(E + "[m"), "the reset inside the secret is kept");
    }

    @Test
    void colouredJsonFromJq() {
        String in = "{\n  " + E + "[1;34m\"password\"" + E + "[0m" + E + "[1;39m: " + E + "[0;32m\"hunter2\"" + E + "[0m"
                + E + "[1;39m,\n  " + E + "[1;34m\"card\"" + E + "[0m: " + E + "[0;32m\"4111" + E + "[1m1111" + E
                + "[0m11111111\"" + E + "[0m\n}\n";
        String out = masked(in);
        assertHidden(out, "hunter2", "11111111");
    }

    @Test
    void coloursWithoutSecretsPassUnchanged() {
        byte[] in = (E + "[01;34mdir" + E + "[0m  " + E + "[01;32mrun.sh" + E + "[0m\r\n" + E + "]0;title" + "\u0007ok\b\b!\n")
                .getBytes(UTF_8);
        assertSame(in, M.mask(in));
        assertEquals(null, M.mask(in, 0, in.length));
    }

    /** ls --color: a colour's final 'm' is a letter an email may start with; the mask must not take it. */
    @Test
    void maskingLeavesEscapeSequencesWhole() {
        assertEquals(E + "[0m" + E + "[01;34m[EMAIL]" + E + "[0m\n", masked(E + "[0m" + E + "[01;34malice@example.com" + E + "[0m\n"));
        assertEquals(E + "]0;[EMAIL]\u0007 x\n", masked(E + "]0;bob@example.com\u0007 x\n"), "a match inside a payload stays");
    }

    @Test
    void literalSecretSplitByColour() {
        assertHidden(masked("token s3cr3t-Api-" + E + "[1mT0ken-998877" + E + "[0m\n"), "T0ken", "s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u202E", "\uFE0F", "\u034F"})
    void invisibleCharactersInsideTokens(String z) {
        assertHidden(masked("mail alice" + z + "@example.com\n"), "alice", "example.com");
        assertHidden(masked("key AKIAIOSF" + z + "ODNN7EXAMPLE\n"), "IOSF", "ODNN7EXAMPLE");
        assertHidden(masked("card 4111 1111" + z + " 1111 1111\n"), "1111 1111");
        assertHidden(masked("pass" + z + "word=hunter2\n"), "hunter2");
        assertHidden(masked(LITERAL.substring(0, 6) + z + LITERAL.substring(6) + "\n"), "T0ken");
        assertEquals("mail [EMAIL] x", M.mask("mail alice" + z + "@example.com x"), "the String API too");
    }

    @Test
    void lookAlikeDigitsAndFullwidthForms() {
        assertHidden(masked("card \uFF14\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\uFF11\n"),
                "\uFF11\uFF11\uFF11");
        assertHidden(masked("card 4111 \u0661\u0661\u0661\u0661 1111 1111\n"), "1111 1111");
        assertHidden(masked("mail alice\uFF20example.com\n"), "alice");
        assertHidden(masked("key \uFF21\uFF2B\uFF29\uFF21IOSFODNN7EXAMPLE\n"), "IOSFODNN7EXAMPLE");
        assertHidden(masked("card \u2463\u2460\u2460\u2460 1111 1111 1111\n"), "1111 1111");  // circled digits
        assertHidden(masked("card 4111\u00A01111\u00A01111\u00A01111\n"), "1111\u00A01111");  // no-break spaces
        assertHidden(masked("card 4111\u20091111\u20091111\u20091111\n"), "1111\u20091111");  // thin spaces
        assertHidden(masked("card 4111\u20131111\u20131111\u20131111\n"), "1111\u20131111");  // en dashes
        assertHidden(masked("ssn 078\u201105\u20111120\n"), "1120");  // non-breaking hyphens
        String overlined = "4111111111111111".chars().mapToObj(c -> (char) c + "\u0305").reduce("", String::concat);
        assertHidden(masked("card " + overlined + "\n"), "1\u03051\u03051\u0305");  // combining overline on each digit
    }

    @Test
    void utf16OutputReadsAsText() {
        byte[] in = "password=hunter2 AKIAIOSFODNN7EXAMPLE\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        String out = new String(M.mask(in), ISO_8859_1).replace("\u0000", "");
        assertFalse(out.contains("hunter2") || out.contains("IOSFODNN7EXAMPLE"), out);
    }

    @Test
    void invalidUtf8InsideAToken() {
        byte[] in = ("key AKIAIOSF\u00C0\u0080ODNN7EXAMPLE, mail bob\u00FF@example.com\n").getBytes(ISO_8859_1);
        String out = new String(M.mask(in), ISO_8859_1);
        assertHidden(out, "ODNN7EXAMPLE", "bob");
    }

    @Test
    void eightBitAndUtf8EncodedC1Csi() {
        byte[] raw = ("key AKIA\u009B1mIOSFODNN7EXAMPLE\u009B0m\n").getBytes(ISO_8859_1);
        assertHidden(new String(M.mask(raw), ISO_8859_1), "ODNN7EXAMPLE");
        assertHidden(masked("key AKIA\u009B1mIOSFODNN7EXAMPLE\u009B0m\n"), "ODNN7EXAMPLE");  // UTF-8: C2 9B
        assertEquals("key [AWS_ACCESS_KEY]\u009B1m\u009B0m", visible(M.mask("key AKIA\u009B1mIOSFODNN7EXAMPLE\u009B0m")));
    }

    @Test
    void backspaceOverstrikeAsManPrintsBold() {
        String bold = "password=hunter2".chars().mapToObj(c -> (char) c + "\b" + (char) c)
                .reduce("", String::concat);
        assertHidden(masked(bold + "\n"), "h\bhu\bun\bnt\bte\ber\br2");
        assertHidden(masked("AKIAIOSF_\bODNN7EXAMPLE\n"), "ODNN7EXAMPLE");
    }

    @Test
    void cursorMovesAssembleASecretOnScreen() {
        assertHidden(masked("AKIAIOSFxxxxxxxxxxxx\r" + E + "[8CODNN7EXAMPLE\n"), "ODNN7EXAMPLE");
        assertHidden(masked("AKIAIOSF-" + E + "[DODNN7EXAMPLE\n"), "ODNN7EXAMPLE");
        assertHidden(masked("AKIAIOSF" + E + "7..........." + E + "8ODNN7EXAMPLE\n"), "ODNN7EXAMPLE");
        assertHidden(masked("ODNN7EXAMPLE" + E + "[1G" + E + "[8@AKIA" + E + "[5GIOSF\n"), "ODNN7EXAMPLE");
        assertHidden(masked("progress 10%\rpassword=hunter2" + E + "[K\n"), "hunter2");
        // Back up a row: the second half lands after the first on the row above, in one write (a redraw) or in a
        // later one (the stream keeps the last rows it showed).
        for (String redraw : new String[] {"key AKIAIOSF\nnext row\n" + E + "[2A" + E + "[12CODNN7EXAMPLE\n\n",
                "key AKIAIOSF\n" + E + "M" + E + "[13GODNN7EXAMPLE\n", "key AKIAIOSF\n\u008D" + E + "[13GODNN7EXAMPLE\n"}) {
            assertHidden(new String(M.mask(redraw.getBytes(UTF_8)), UTF_8), "ODNN7EXAMPLE");
            StreamMasker s = M.stream();
            byte[] b = redraw.getBytes(UTF_8);
            int nl = redraw.indexOf('\n') + 1;
            String shown = new String(s.feed(b, 0, nl), UTF_8) + new String(s.feed(b, nl, b.length - nl), UTF_8)
                    + new String(s.finish(), UTF_8);
            assertHidden(shown, "ODNN7EXAMPLE");
        }
    }

    /** The rows a cursor-up goes back to were shown by several earlier writes, one row each, or by one long one. */
    @Test
    void cursorUpReachesRowsShownByManyEarlierWrites() {
        for (String before : new String[] {"", "x".repeat(5000) + "\n", "y\n".repeat(3000)}) {
            StreamMasker s = M.stream();
            StringBuilder shown = new StringBuilder();
            for (String w : new String[] {before, "key AKIAIOSF\n", "row one\n", "row two\n", "row three\n",
                    E + "[4A" + E + "[12CODNN7EXAMPLE\n\n\n\n"}) {
                byte[] b = w.getBytes(UTF_8);
                shown.append(new String(s.feed(b, 0, b.length), UTF_8));
            }
            shown.append(new String(s.finish(), UTF_8));
            assertHidden(shown.toString(), "ODNN7EXAMPLE");
            assertTrue(shown.toString().contains("row three\n"), "rows stay readable");
        }
    }

    @Test
    void secretsInsideOscAndOtherStrings() {
        String link = E + "]8;;https://ci.example.net/run?token=abc123def" + E + "\\build log" + E + "]8;;" + E + "\\\n";
        String out = masked(link);
        assertHidden(out, "abc123def");
        assertTrue(out.contains(E + "\\build log" + E + "]8;;" + E + "\\"), "the link's terminator survives: " + out);
        String title = E + "]0;deploy password=hunter2" + "\u0007$ next\n";
        out = masked(title);
        assertHidden(out, "hunter2");
        assertTrue(out.endsWith("\u0007$ next\n"), out);
        assertHidden(masked(E + "_ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" + E + "\\\n"), "aBcDeFgHiJkLmNoPqRsTuVwXyZ");
        assertHidden(masked(E + "Pq" + KEY + E + "\\\n"), KEY);
    }

    @Test
    void clipboardSetByOsc52() {
        String data = java.util.Base64.getEncoder().encodeToString("db password=hunter2\n".getBytes(UTF_8));
        String out = masked(E + "]52;c;" + data + "\u0007copied\n");
        assertFalse(out.contains(data), out);
        assertEquals(E + "]52;c;[PASSWORD_ASSIGNMENT]\u0007copied\n", out);
        String clean = java.util.Base64.getEncoder().encodeToString("just a note".getBytes(UTF_8));
        assertEquals(E + "]52;c;" + clean + E + "\\ok\n", masked(E + "]52;c;" + clean + E + "\\ok\n"));
    }

    @Test
    void otherInvisibleControlsInsideATokenAndValue() {
        assertHidden(masked("key AKIAIOSF\u0000ODNN7\u000EEXAMPLE\u000F\n"), "ODNN7");
        String out = masked("password=hun\u0001ter2 next\n");
        assertHidden(out, "ter2");
        assertTrue(out.endsWith(" next\n"), out);
    }

    @Test
    void colouredPromptShownAtAPauseKeepsItsValueMasked() {
        StreamMasker s = M.stream();
        byte[] prompt = (E + "[1mDB password:" + E + "[0m ").getBytes(UTF_8);
        String out = new String(s.feed(prompt, 0, prompt.length), UTF_8) + new String(s.flushIdle(), UTF_8);
        assertEquals(E + "[1mDB password:" + E + "[0m ", out, "the prompt shows while the tool waits");
        byte[] value = "hunter2\n".getBytes(UTF_8);
        out += new String(s.feed(value, 0, value.length), UTF_8) + new String(s.finish(), UTF_8);
        assertEquals(E + "[1mDB password:" + E + "[0m [PASSWORD_ASSIGNMENT]\n", out);

        s = M.stream();
        byte[] key = ("id AKIA" + E + "[1m").getBytes(UTF_8);
        out = new String(s.feed(key, 0, key.length), UTF_8) + new String(s.flushIdle(), UTF_8);
        byte[] rest = ("IOSFODNN7EXAMPLE" + E + "[0m\n").getBytes(UTF_8);
        out += new String(s.feed(rest, 0, rest.length), UTF_8) + new String(s.finish(), UTF_8);
        assertEquals("id [AWS_ACCESS_KEY]" + E + "[1m" + E + "[0m\n", out);
    }

    @Test
    void aLaterBackspaceCompletingASecretWithTextShownAtAPause() {
        StreamMasker s = M.stream();
        byte[] first = "mail alice@exa ".getBytes(UTF_8);
        String out = new String(s.feed(first, 0, first.length), UTF_8) + new String(s.flushIdle(), UTF_8);
        assertEquals("mail alice@exa ", out, "shown while the tool pauses");
        byte[] rest = "\bmple.com done\n".getBytes(UTF_8);
        out += new String(s.feed(rest, 0, rest.length), UTF_8) + new String(s.finish(), UTF_8);
        assertEquals("mail alice@exa [EMAIL] done\n", out, "the screen shows mail alice@exa[EMAIL] done");

        s = M.stream();
        byte[] spinner = "token: abc ".getBytes(UTF_8);
        out = new String(s.feed(spinner, 0, spinner.length), UTF_8) + new String(s.flushIdle(), UTF_8);
        byte[] again = "\r\u001B[7Cdef123\n".getBytes(UTF_8);
        out += new String(s.feed(again, 0, again.length), UTF_8) + new String(s.finish(), UTF_8);
        assertFalse(out.contains("def123"), out);
    }

    /** A pause must not show the start of a secret: the cut rules apply to the text as it shows. */
    @Test
    void aPauseDoesNotCutASecretThroughNoise() {
        StreamMasker s = M.stream();
        byte[] part = "card 4111 1111 1111\u00AD ".getBytes(UTF_8);
        String out = new String(s.feed(part, 0, part.length), UTF_8) + new String(s.flushIdle(), UTF_8);
        assertEquals("card ", out, "digit groups stay together across a soft hyphen");
        byte[] rest = "1111 ok\n".getBytes(UTF_8);
        out += new String(s.feed(rest, 0, rest.length), UTF_8);
        assertEquals("card [CREDIT_CARD] ok\n", out);

        s = M.stream();
        byte[] head = "tok ghp_aBcDeFgHiJkLmNoPqRsTu\r".getBytes(UTF_8);
        out = new String(s.feed(head, 0, head.length), UTF_8) + new String(s.flushIdle(), UTF_8);
        byte[] tail = "VwXyZ0123456789\n".getBytes(UTF_8);
        out += new String(s.feed(tail, 0, tail.length), UTF_8);
        assertEquals("tok [GITHUB_TOKEN]\n", out, "the bytes read on across a carriage return");
    }

    /** Noisy secrets streamed in random chunks with pauses never show what masking the whole text hides. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void streamedNoisyOutputHidesWhatWholeMaskingHides(long seed) {
        String[] noise = {E + "[1m", E + "[01;31m" + E + "[K", E + "[m" + E + "[K", "\u200B", "\b", "\r", "x\b",
                E + "]0;t\u0007", "\u00AD", "\uFF11", E + "[D", E + "[2K", E + "[5G", "\u009B1m", "\uFEFF", " ", "\n"};
        String[] tokens = {KEY, "alice@example.com", "4111 1111 1111 1111", "password=hunter2", LITERAL,
                "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "word", "INFO"};
        String[] pieces = {"IOSFODNN7", "example.com", "1111 1111", "hunter2", "T0ken", "HiJkLmNo", "K7MDENG"};
        Random r = new Random(seed);
        for (int round = 0; round < 60; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                StringBuilder t = new StringBuilder(tokens[r.nextInt(tokens.length)]);
                if (r.nextInt(3) == 0) t.insert(1 + r.nextInt(t.length() - 1), noise[r.nextInt(noise.length - 2)]);
                sb.append(t).append(noise[r.nextInt(noise.length)]).append(r.nextInt(4) == 0 ? "\n" : " ");
            }
            byte[] in = sb.toString().getBytes(UTF_8);
            String whole = new String(M.mask(in), UTF_8);
            StreamMasker s = M.stream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int off = 0; off < in.length; ) {
                int n = Math.min(in.length - off, 1 + r.nextInt(12));
                out.writeBytes(s.feed(in, off, n));
                off += n;
                if (r.nextInt(3) == 0) out.writeBytes(s.flushIdle());
            }
            out.writeBytes(s.finish());
            String streamed = out.toString(UTF_8);
            for (String p : pieces) {
                assertFalse(streamed.contains(p) && !whole.contains(p), () -> p + " shown by the stream only: " + streamed.replace(E, "\\e"));
            }
        }
    }

    @Test
    void aLineLeftOpenOnStderrIsTheContextOfStdout() {
        StreamMasker err = M.stream();
        StreamMasker out = M.stream();
        byte[] prompt = "DB password: ".getBytes(UTF_8);
        String shown = new String(err.feed(prompt, 0, prompt.length), UTF_8) + new String(err.flushIdle(), UTF_8);
        assertEquals("DB password: ", shown);
        out.continueLine(err.lineShown());
        byte[] value = "hunter2\n".getBytes(UTF_8);
        assertEquals("[PASSWORD_ASSIGNMENT]\n", new String(out.feed(value, 0, value.length), UTF_8));
        assertEquals("", out.lineShown(), "a finished line leaves no context");
        out.continueLine("");
        byte[] next = "hunter3\n".getBytes(UTF_8);
        assertEquals("hunter3\n", new String(out.feed(next, 0, next.length), UTF_8), "a new line stands alone");

        StreamMasker first = M.stream();
        StreamMasker second = M.stream();
        byte[] start = "id AKIAIOSF".getBytes(UTF_8);
        String screen = new String(first.feed(start, 0, start.length), UTF_8) + new String(first.finish(), UTF_8);
        second.continueLine(first.lineShown());
        byte[] end = "ODNN7EXAMPLE\n".getBytes(UTF_8);
        screen += new String(second.feed(end, 0, end.length), UTF_8);
        assertEquals("id AKIAIOSF[AWS_ACCESS_KEY]\n", screen, "a stream that ended mid-line is continued by the other");
    }

    /** grep --color=always -A2 'PRIVATE KEY' id_rsa: the coloured header must still hold the key's lines back. */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 4096})
    void privateKeyUnderAColouredHeader(int chunk) {
        String hl = E + "[01;31m" + E + "[K";
        String off = E + "[m" + E + "[K";
        String in = "before\n-----BEGIN RSA " + hl + "PRIVATE KEY" + off + "-----\nMIIEpAIBAAKCAQEA1c7yq8example0\n"
                + "Qm9ndXMga2V5IG1hdGVyaWFs\n-----END RSA " + hl + "PRIVATE KEY" + off + "-----\nafter\n";
        byte[] b = in.getBytes(UTF_8);
        StreamMasker s = M.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < b.length; i += chunk) {
            out.writeBytes(s.feed(b, i, Math.min(chunk, b.length - i)));
            out.writeBytes(s.flushIdle());
        }
        out.writeBytes(s.finish());
        String shown = out.toString(UTF_8);
        assertHidden(shown, "MIIEpAIBAAKCAQEA", "Qm9ndXMga2V5");
        assertTrue(shown.startsWith("before\n") && shown.endsWith("after\n"), shown);
        assertEquals(new String(M.mask(b), UTF_8), shown);
    }

    /**
     * Cursor jumps and inserts cost the masker in proportion to the text (each row's cells are capped at a terminal
     * row's width), never more: ten times the rows may allocate no more than about ten times the bytes. Measured in
     * bytes allocated, which a busy machine does not change, instead of in time.
     */
    @Test
    void farCursorJumpsStayCheap() {
        String row = "x\b\u001B[9999Gy\u001B[1G\u001B[9999@z\n";
        long small = allocatedMasking(row.repeat(2_000));
        long large = allocatedMasking(row.repeat(20_000));
        assertTrue(large < 13 * small, "2,000 rows allocated " + small / 1_000_000 + " MB, 20,000 rows " + large / 1_000_000 + " MB");
    }

    /** Bytes this thread allocated masking in, which must come back unchanged. */
    private static long allocatedMasking(String in) {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        String out = M.mask(in);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(in, out);
        return allocated;
    }

    @Test
    void colourChunksOfALongLineStillMatchWholeMasking() {
        StringBuilder line = new StringBuilder();
        while (line.length() < 40_000) {
            line.append("word AKIA").append(E).append("[31mIOSF").append(E).append("[0mODNN7EXAMPLE pass")
                    .append(E).append("[1mword=hunter2").append(E).append("[0m ");
        }
        byte[] in = line.toString().getBytes(UTF_8);
        StreamMasker s = M.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < in.length; off += 100) {
            out.writeBytes(s.feed(in, off, Math.min(100, in.length - off)));
        }
        out.writeBytes(s.finish());
        assertArrayEquals(M.mask(in), out.toByteArray());
        assertHidden(out.toString(UTF_8), "hunter2", "ODNN7");
    }
}
