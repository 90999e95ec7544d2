package hoop.masking;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryMaskerTest {
    private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String LITERAL = "Lit3ral-Secret";

    private static Masker masker() {
        return Masker.create(Samples.allDetectors(Style.REDACT), "k".getBytes(UTF_8), List.of(LITERAL));
    }

    /** Fed in pieces of random sizes (at most maxPiece), as a relay does; what would be sent, in order. */
    private static byte[] streamed(byte[] in, Random sizes, int maxPiece) {
        return streamed(in, sizes, maxPiece, masker());
    }

    private static byte[] streamed(byte[] in, Random sizes, int maxPiece, Masker masker) {
        BinaryMasker m = masker.inPlace(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int off = 0;
        while (off < in.length) {
            int n = Math.min(in.length - off, 1 + sizes.nextInt(maxPiece));
            // At an offset inside a larger buffer, as a slice of what the socket read is.
            byte[] backing = new byte[n + 16];
            System.arraycopy(in, off, backing, 5, n);
            ByteBuffer piece = ByteBuffer.wrap(backing, 5, n).slice();
            BinaryMasker.Piece p = m.feed(piece);
            out.writeBytes(p.before());
            out.write(backing, 5, n - p.held());
            off += n;
        }
        out.writeBytes(m.finish());
        return out.toByteArray();
    }

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Binary bytes around text: NUL and bytes no text holds on both sides. */
    private static byte[] embedded(byte[] around, int at, String text) {
        byte[] t = text.getBytes(ISO_8859_1);
        byte[] b = Arrays.copyOf(around, around.length);
        b[at - 1] = 0;
        System.arraycopy(t, 0, b, at, t.length);
        b[at + t.length] = (byte) 0xFF;
        return b;
    }

    private static String shown(byte[] b) {
        return new String(b, ISO_8859_1);
    }

    @Test
    void aSecretIsFoundAtEveryOffsetAndBesideEveryKindOfByte() {
        // Runs are looked for eight bytes at a time: a secret starting or ending at any offset of a word, next to a
        // high byte, a control byte, a NUL, a tab or a newline, must be found all the same.
        Random r = new Random(17);
        byte[] in = random(8, 300_000);
        List<Integer> at = new java.util.ArrayList<>();
        byte[] edges = {0, (byte) 0x80, (byte) 0xFF, 0x01, 0x1F, 0x7F, '\t', '\n', '\r', ' '};
        for (int pos = 100, k = 0; pos < in.length - 100; pos += 150 + r.nextInt(40), k++) {
            byte[] t = (k % 3 == 0 ? LITERAL : k % 3 == 1 ? "key " + AWS_KEY : "\t" + LITERAL + "\n").getBytes(ISO_8859_1);
            in[pos - 1] = edges[k % edges.length];
            System.arraycopy(t, 0, in, pos, t.length);
            in[pos + t.length] = edges[(k / edges.length) % edges.length];
            at.add(pos);
        }
        byte[] out = streamed(in, new Random(3), 10_000);
        assertEquals(in.length, out.length);
        String shown = shown(out);
        assertFalse(shown.contains(LITERAL));
        assertFalse(shown.contains(AWS_KEY));
        assertEquals(at.size(), shown.split("\\[SECRET]|\\[AWS_ACCESS_KEY]", -1).length - 1);
    }

    @Test
    void aSecretAcrossTheEdgeOfTheScansWindowIsFoundInADirectBuffer() {
        // Binary data is scanned through a heap copy of WINDOW bytes at a time; a run that began in the window before
        // is read from the buffer itself. Netty hands over direct buffers, at an offset into what the socket read.
        String text = "key " + AWS_KEY;
        for (int edge : new int[] {BinaryMasker.WINDOW, 2 * BinaryMasker.WINDOW}) {
            for (int at = edge - text.length() - 2; at <= edge + 2; at++) {
                byte[] in = embedded(random(at, 3 * BinaryMasker.WINDOW), at, text);
                ByteBuffer direct = ByteBuffer.allocateDirect(in.length + 24);
                direct.position(7);
                direct.put(in);
                ByteBuffer piece = direct.position(7).limit(7 + in.length).slice();
                BinaryMasker m = masker().inPlace(false);
                BinaryMasker.Piece p = m.feed(piece);
                byte[] out = new byte[in.length];
                piece.get(0, out);
                assertEquals(0, p.before().length);
                String shown = shown(Arrays.copyOf(out, in.length - p.held())) + shown(m.finish());
                assertFalse(shown.contains("IOSFODNN7"), "at " + at);
                assertTrue(shown.contains("key [AWS_ACCESS_KEY]****"), "at " + at);
                assertEquals(shown(Arrays.copyOf(in, at)), shown.substring(0, at));
            }
        }
    }

    @Test
    void everyRunOfPrintableBytesIsMaskedAsItsOwnRunWhateverTheDensityAndThePieces() {
        // Runs are found 64 bytes at a time from a block's printable bits; the reference finds them byte by byte and
        // masks each alone. Text of every density, secrets at random places (also across blocks and windows), and the
        // bytes either side of the printable class, in pieces of every size, heap and direct.
        Random r = new Random(21);
        // A literal of MIN_RUN bytes set apart is a run of exactly that length: one place off at either end and it
        // is not masked.
        String[] secrets = {LITERAL, "key " + AWS_KEY, "password=" + LITERAL, "\t" + AWS_KEY + "\r\n", "\0" + SHORT + "\0",
                "\u0080" + SHORT + "\u007F", SHORT};
        byte[] edges = {0x1F, 0x20, 0x7E, 0x7F, (byte) 0x80, (byte) 0xFF, 0, 9, 10, 11, 13};
        for (int round = 0; round < 40; round++) {
            double text = round / 39.0;
            byte[] in = new byte[6_000 + r.nextInt(16_000)];
            for (int i = 0; i < in.length; i++) {
                in[i] = r.nextDouble() < text ? (byte) (0x20 + r.nextInt(0x5F))
                        : r.nextInt(4) == 0 ? edges[r.nextInt(edges.length)] : (byte) r.nextInt(256);
                if (r.nextInt(3000) == 0) in[i] = 0;  // no run as long as a hold
            }
            for (int k = 0; k < 120; k++) {
                byte[] t = secrets[r.nextInt(secrets.length)].getBytes(ISO_8859_1);
                System.arraycopy(t, 0, in, r.nextInt(in.length - t.length), t.length);
            }
            byte[] expected = eachRunMaskedAlone(in, false);
            assertArrayEquals(expected, streamed(in, new Random(round), 1 + r.nextInt(8_000), withShortLiteral()), "round " + round);
            assertArrayEquals(expected, streamedDirect(in, new Random(round), 1 + r.nextInt(8_000), false), "direct, round " + round);
            // A byte range of a text object: every byte but NUL belongs to a run (long runs: masked whole, slowly).
            if (round % 4 == 0) assertArrayEquals(eachRunMaskedAlone(in, true), streamedDirect(in, new Random(round), 1 + r.nextInt(8_000), true),
                    "text range, round " + round);
        }
    }

    /**
     * The reference: each maximal run of MIN_RUN or more printable bytes (of a text range: bytes but NUL) masked by a
     * masker that sees it alone.
     */
    private static byte[] eachRunMaskedAlone(byte[] in, boolean text) {
        byte[] out = in.clone();
        int start = 0;
        for (int i = 0; i <= in.length; i++) {
            if (i < in.length && (text ? in[i] != 0 : hoop.core.PrintableBits.printable(in[i]))) continue;
            if (i - start >= BinaryMasker.MIN_RUN) {
                BinaryMasker alone = withShortLiteral().inPlace(text);
                BinaryMasker.Piece p = alone.feed(ByteBuffer.wrap(Arrays.copyOfRange(in, start, i)));
                assertEquals(i - start, p.held(), "a run reaching the end is held");
                byte[] masked = alone.finish();
                System.arraycopy(masked, 0, out, start, masked.length);
            }
            start = i + 1;
        }
        return out;
    }

    private static final String SHORT = "S3cr8t!x";

    private static Masker withShortLiteral() {
        return Masker.create(Samples.allDetectors(Style.REDACT), "k".getBytes(UTF_8), List.of(LITERAL, SHORT));
    }

    /** As streamed, with each piece in a direct buffer at an offset, as Netty hands them over. */
    private static byte[] streamedDirect(byte[] in, Random sizes, int maxPiece, boolean text) {
        BinaryMasker m = withShortLiteral().inPlace(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < in.length; ) {
            int n = Math.min(in.length - off, 1 + sizes.nextInt(maxPiece));
            ByteBuffer direct = ByteBuffer.allocateDirect(n + 16);
            direct.position(3).put(in, off, n);
            ByteBuffer piece = direct.position(3).limit(3 + n).slice();
            BinaryMasker.Piece p = m.feed(piece);
            out.writeBytes(p.before());
            byte[] sent = new byte[n - p.held()];
            piece.get(0, sent);
            out.writeBytes(sent);
            off += n;
        }
        out.writeBytes(m.finish());
        return out.toByteArray();
    }

    @Test
    void randomDataComesBackByteExact() {
        // Random bytes hold e-mail-, phone- and address-shaped runs; none may be touched.
        for (long seed = 1; seed <= 3; seed++) {
            byte[] in = random(seed, 4 << 20);
            assertArrayEquals(in, streamed(in, new Random(seed), 70_000));
        }
        byte[] printableHeavy = random(9, 1 << 20);
        for (int i = 0; i < printableHeavy.length; i++) {
            // Mostly printable, with a NUL now and then: many short runs, none of them text.
            printableHeavy[i] = i % 23 == 0 ? 0 : (byte) (0x20 + (printableHeavy[i] & 0x7F) % 0x5F);
        }
        assertArrayEquals(printableHeavy, streamed(printableHeavy, new Random(1), 5_000));
    }

    @Test
    void aKeyBetweenBinaryBytesIsMaskedInPlaceWhateverThePieces() {
        byte[] in = embedded(random(2, 200_000), 100_003, "key=" + AWS_KEY);
        for (int max : new int[] {1, 7, 64, 4096, 70_000}) {
            byte[] out = streamed(in, new Random(max), max);
            assertEquals(in.length, out.length);
            assertFalse(shown(out).contains("IOSFODNN7"), "pieces up to " + max);
            assertTrue(shown(out).contains("key=[AWS_ACCESS_KEY]****"), "pieces up to " + max);
            // Everything else as it was.
            assertArrayEquals(Arrays.copyOf(in, 100_003), Arrays.copyOf(out, 100_003));
            assertArrayEquals(Arrays.copyOfRange(in, 100_003 + 24, in.length), Arrays.copyOfRange(out, 100_003 + 24, in.length));
        }
    }

    @Test
    void everyAnchoredDetectorIsMaskedInAShortRun() {
        for (String name : List.of("private_key", "jwt", "github_token", "slack_token", "stripe_key", "aws_access_key",
                "password_assignment", "url_password")) {
            for (String sample : Samples.POSITIVE.get(name)) {
                byte[] in = embedded(random(3, 20_000), 9_000, sample);
                String out = shown(streamed(in, new Random(5), 3_000));
                assertEquals(in.length, out.length());
                assertFalse(out.equals(shown(in)), name + ": " + sample);
            }
        }
        String out = shown(streamed(embedded(random(4, 4_000), 1_000, "x " + LITERAL + " y"), new Random(1), 500));
        assertFalse(out.contains(LITERAL));
        assertTrue(out.contains("[SECRET]"));
    }

    @Test
    void textInBinaryIsMaskedByEveryDetectorWhileAShortRunKeepsWhatChanceMakes() {
        // An archive member: a line of text long enough that chance does not make it.
        String member = "name,email,phone\nAlice Example,alice@example.com,+14155550123\nnotes: nothing else here\n";
        byte[] in = embedded(random(5, 50_000), 20_000, member);
        String out = shown(streamed(in, new Random(2), 8_000));
        assertFalse(out.contains("alice@example.com"));
        assertFalse(out.contains("+14155550123"));
        assertTrue(out.contains("Alice Example,[EMAIL]"));
        // The same address alone between binary bytes is a short run: left as it is, as random bytes of that shape are.
        byte[] lone = embedded(random(5, 50_000), 20_000, "bob@example.org");
        assertArrayEquals(lone, streamed(lone, new Random(2), 8_000));
    }

    @Test
    void aRunLongerThanTheHoldIsReleasedInPartsWithSecretsAcrossTheCutsMasked() {
        StringBuilder text = new StringBuilder();
        Random r = new Random(11);
        while (text.length() < 3 * BinaryMasker.HOLD) {
            text.append("line ").append(r.nextInt(1_000_000)).append(" of plain text without anything secret in it\n");
            if (r.nextInt(2_000) == 0) text.append("contact carol").append(text.length()).append("@example.com today\n");
            if (r.nextInt(5_000) == 0) text.append(Samples.RSA_KEY).append('\n');
        }
        // One key right where the first release cuts, and one value running over it.
        int cut = BinaryMasker.HOLD + 1 - BinaryMasker.OVERLAP;
        text.insert(cut - 40, "\n" + Samples.RSA_KEY + "\n").insert(cut + 5_000, "password=" + "v".repeat(70_000) + "\n");
        byte[] in = embedded(random(6, text.length() + 200), 100, text.toString());
        for (int max : new int[] {65_536, 300_000}) {
            String out = shown(streamed(in, new Random(max), max));
            assertEquals(in.length, out.length());
            assertFalse(out.contains("@example.com"), "pieces up to " + max);
            assertFalse(out.contains("MII"), "pieces up to " + max);
            assertFalse(out.contains("vvvvvvvv"), "pieces up to " + max);
            assertTrue(out.contains("of plain text without anything secret in it"));
        }
    }

    @Test
    void oneLineLongerThanTheHoldIsMaskedWholeWithoutMaskingItAgainForEveryPiece() {
        // A value running over several holds: nothing of the line can be released before its end.
        String line = "password=" + "v".repeat(5 * BinaryMasker.HOLD) + "\n";
        byte[] in = embedded(random(12, line.length() + 100), 50, line);
        String out = shown(streamed(in, new Random(4), 65_536));
        assertEquals(in.length, out.length());
        assertFalse(out.contains("vvvvvvvv"));
        assertTrue(out.contains("password=[PASSWORD_ASSIGNMENT]*"), out.substring(40, 90));
    }

    @Test
    void aPairWhoseNameGoesOutBeforeItsValueStaysMasked() {
        // Pieces of 64 KiB from offset 100: the first release cuts the run at the first line start before 1 MiB; a
        // record spread over lines there has its name in the part released and its value in the part kept.
        StringBuilder text = new StringBuilder();
        while (text.length() < BinaryMasker.HOLD - BinaryMasker.OVERLAP - 150) text.append("plain line of text\n");
        text.append("{\n  \"Name\": \"db_password\",\n");
        while (text.length() < BinaryMasker.HOLD + 20) text.append("\n");
        text.append("  \"Value\": \"S3cr3tV4lue\"\n}\n");
        while (text.length() < 2 * BinaryMasker.HOLD) text.append("plain line of text\n");
        byte[] in = embedded(random(13, text.length() + 200), 100, text.toString());
        BinaryMasker m = masker().inPlace(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < in.length; off += 65_536) {
            ByteBuffer piece = ByteBuffer.wrap(Arrays.copyOfRange(in, off, Math.min(in.length, off + 65_536)));
            BinaryMasker.Piece p = m.feed(piece);
            out.writeBytes(p.before());
            out.write(piece.array(), 0, piece.limit() - p.held());
        }
        out.writeBytes(m.finish());
        String shown = shown(out.toByteArray());
        assertEquals(in.length, shown.length());
        assertFalse(shown.contains("S3cr3tV4lue"), shown.substring(shown.indexOf("Value") - 20, shown.indexOf("Value") + 40));
    }

    @Test
    void aLineLongerThanAnAnswerMayHoldIsReleasedMaskedAndItsValueGoesOnStarred() {
        String line = "password=" + "v".repeat(BinaryMasker.MAX_HOLD + 3 * BinaryMasker.HOLD) + "\nafter the line\n";
        byte[] in = embedded(random(14, line.length() + 100), 50, line);
        String out = shown(streamed(in, new Random(6), 65_536));
        assertEquals(in.length, out.length());
        assertFalse(out.contains("vvvvvvvv"));
        assertTrue(out.contains("password=[PASSWORD_ASSIGNMENT]*"));
        assertTrue(out.contains("*\nafter the line\n"));
    }
    /**
     * The byte test that lets most short runs of binary data go without a String (MaskEngine.keepsAll) may only say
     * "nothing to mask" where masking finds nothing: runs of every length around both tiers' border, made of random
     * printable bytes, of the detectors' own examples cut at random places, and of the characters their keys and
     * look-behinds need ('"', '>', '=', ':', '@', '_', '-').
     */
    @Test
    void runsTakenForCleanWithoutAStringAreClean() {
        MaskEngine engine = new MaskEngine(Samples.allDetectors(Style.REDACT), "k".getBytes(UTF_8), List.of(LITERAL), true);
        List<String> examples = new java.util.ArrayList<>(List.of(LITERAL, "\"SecretAccessKey\": \"", "<SessionToken>", "?X-Amz-Signature=",
                "{\"name\": \"DB_PASSWORD\", \"value\": \"hunter2-real\"}", "<Name>api_token</Name><Value>s3cr3t-v4lue</Value>",
                "- Name: db_secret\n  Value: s3cr3t-v4lue\n"));
        Samples.POSITIVE.values().forEach(examples::addAll);
        String marks = "\">=:@_-/.+ ";
        Random r = new Random(11);
        int clean = 0, masked = 0;
        for (int n = 0; n < 300_000; n++) {
            StringBuilder run = new StringBuilder();
            int len = 8 + r.nextInt(120);
            while (run.length() < len) {
                int pick = r.nextInt(10);
                if (pick == 0) {
                    String ex = examples.get(r.nextInt(examples.size()));
                    int a = r.nextInt(ex.length());
                    run.append(ex, a, a + r.nextInt(ex.length() - a + 1));
                } else if (pick < 3) {
                    run.append(marks.charAt(r.nextInt(marks.length())));
                } else {
                    run.append((char) (0x20 + r.nextInt(0x5F)));
                }
            }
            String t = run.toString().chars().filter(c -> c < 0x80 && hoop.core.PrintableBits.printable((byte) c))
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            if (t.length() < BinaryMasker.MIN_RUN) continue;
            byte[] b = t.getBytes(ISO_8859_1);
            boolean strongOnly = b.length < BinaryMasker.TEXT_RUN;
            boolean changes = !engine.maskKeepingLength(t, strongOnly).equals(t);
            if (engine.keepsAll(b, 0, b.length, strongOnly)) {
                assertFalse(changes, "taken for clean: " + t);
                clean++;
            } else if (changes) {
                masked++;
            }
        }
        // Both answers were given often enough for the comparison to mean something.
        assertTrue(clean > 10_000 && masked > 10_000, clean + " clean, " + masked + " masked");
    }
}
