package hoop.masking;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamMaskerTest {
    private static final byte[] KEY = "k".getBytes(UTF_8);
    private static final List<String> LITERALS = List.of("Lit3ral-Secret", "two words secret");

    private static Masker masker() {
        return Masker.create(Samples.allDetectors(Style.REDACT), KEY, LITERALS);
    }

    /** Input exercising every detector, literal secrets and the PEM hold. */
    private static byte[] input() {
        String s = Samples.everyPositive()
                + "literal Lit3ral-Secret here and two words secret there\n"
                + "no trailing newline at the end: token=abc";
        return s.getBytes(UTF_8);
    }

    /** Feeds in chunks; when {@code idleEvery > 0}, calls flushIdle after roughly that many chunks. */
    private static byte[] streamed(Masker m, byte[] in, Random sizes, int maxChunk, int idleEvery) {
        StreamMasker s = m.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int off = 0;
        while (off < in.length) {
            int n = Math.min(in.length - off, 1 + sizes.nextInt(maxChunk));
            out.writeBytes(s.feed(in, off, n));
            off += n;
            if (idleEvery > 0 && sizes.nextInt(idleEvery) == 0) {
                out.writeBytes(s.flushIdle());
            }
        }
        out.writeBytes(s.finish());
        return out.toByteArray();
    }

    /**
     * A line past HARD_LINE without blanks is cut where no token goes on: not inside a password hash, whose '$', ':'
     * and braces were such places (a SCRAM verifier parted at its ':' showed its StoredKey).
     */
    @Test
    void anOverlongLineIsNotCutInsideAPasswordHash() {
        Masker m = Masker.create(MaskingRules.of(List.of("password_hash"), java.util.Map.of(), List.of(), Style.REDACT), KEY, List.of());
        String stored = "Bx0ix2VQqkIg3yKJ+rSRr46MzYX4/sS3j5OQ+vE/o1M=";
        String head = "SCRAM-SHA-256$4096:Ei5qiVnH6mL8tlWzYMhkaA==$" + stored + ":";
        String verifier = head + "aGcCrZxQH3YyX8w4p4VKiJbWkKKKTOdy5XkKu+7W1eM=";
        // The first feed holds HARD_LINE + 1 bytes, so the cut is looked for before HARD_LINE + 1 - LONG_LINE_TAIL:
        // the verifier's last ':' lies just before that, nothing but its ServerKey between, and a '|' before it.
        int colon = StreamMasker.HARD_LINE + 1 - StreamMasker.LONG_LINE_TAIL - 5;
        String line = "x".repeat(colon + 1 - head.length() - 300) + "|" + "x".repeat(299) + verifier + "x".repeat(4096) + "\n";
        byte[] in = line.getBytes(UTF_8);
        StreamMasker s = m.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(s.feed(in, 0, StreamMasker.HARD_LINE + 1));
        out.writeBytes(s.feed(in, StreamMasker.HARD_LINE + 1, in.length - StreamMasker.HARD_LINE - 1));
        out.writeBytes(s.finish());
        String shown = out.toString(UTF_8);
        assertFalse(shown.contains(stored), "a cut parted the verifier");
        assertTrue(shown.contains("[PASSWORD_HASH]"), "the verifier was masked whole");
    }

    @Test
    void byteAtATimeEqualsWholeText() {
        Masker m = masker();
        byte[] in = input();
        assertArrayEquals(m.mask(in), streamed(m, in, new Random(1), 1, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 7, 16, 64, 500, 5000})
    void randomChunksEqualWholeText(int maxChunk) {
        Masker m = masker();
        byte[] in = input();
        for (long seed = 0; seed < 20; seed++) {
            assertArrayEquals(m.mask(in), streamed(m, in, new Random(seed), maxChunk, 0), "seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 40})
    void idleFlushesDoNotChangeTheResult(int maxChunk) {
        Masker m = masker();
        byte[] in = input();
        for (long seed = 0; seed < 20; seed++) {
            byte[] out = streamed(m, in, new Random(seed), maxChunk, 3);
            assertEquals(new String(m.mask(in), UTF_8), new String(out, UTF_8), "seed " + seed);
        }
    }

    @Test
    void sampleCorpusStreamsIdentically() {
        Masker m = masker();
        byte[] in = MaskingCorpus.sampleCorpus(200_000).getBytes(UTF_8);
        assertArrayEquals(m.mask(in), streamed(m, in, new Random(7), 4096, 0));
    }

    @Test
    void accessKeySplitByAnIdleFlushIsStillMasked() {
        StreamMasker s = masker().stream();
        String out = text(s.feed(b("printf AKIA"), 0, 11)) + text(s.flushIdle());
        assertEquals("printf ", out);
        out += text(s.feed(b("IOSFODNN7EXAMPLE\n"), 0, 17)) + text(s.finish());
        assertEquals("printf [AWS_ACCESS_KEY]\n", out);
    }

    @Test
    void passwordPromptIsShownAndTheTypedValueStillMasked() {
        StreamMasker s = masker().stream();
        assertEquals("", text(feed(s, "Password: ")));
        assertEquals("Password: ", text(s.flushIdle()));
        assertEquals("", text(s.flushIdle()));
        assertEquals("[PASSWORD_ASSIGNMENT]\n", text(feed(s, "hunter2\n")));
        assertEquals("next\n", text(feed(s, "next\n")));
        assertEquals("", text(s.finish()));
    }

    @Test
    void idleFlushCutsBeforeAKeyWhoseValueIsArriving() {
        StreamMasker s = masker().stream();
        feed(s, "export token: ab");
        assertEquals("export ", text(s.flushIdle()));
        assertEquals("token: [PASSWORD_ASSIGNMENT]\n", text(feed(s, "c123\n")));

        feed(s, "run PGPASSWORD=");
        assertEquals("run ", text(s.flushIdle()));
        assertEquals("PGPASSWORD=[PASSWORD_ASSIGNMENT] psql\n", text(feed(s, "pw1 psql\n")));

        feed(s, "say {\"password\": \"half of it ");
        assertEquals("say {\"", text(s.flushIdle()));
        assertEquals("password\": \"[PASSWORD_ASSIGNMENT]\"}\n", text(feed(s, "done\"}\n")));
    }

    @Test
    void idleFlushDoesNotSplitASpacedCardNumber() {
        StreamMasker s = masker().stream();
        feed(s, "card 4111 1111 ");
        assertEquals("card ", text(s.flushIdle()));
        assertEquals("[CREDIT_CARD] ok\n", text(feed(s, "1111 1111 ok\n")));
    }

    @Test
    void literalSecretSplitAcrossFeedsIsMasked() {
        StreamMasker s = masker().stream();
        String out = text(feed(s, "x Lit3ral-")) + text(s.flushIdle()) + text(feed(s, "Secret y\n"));
        assertEquals("x [SECRET] y\n", out);
        out = text(feed(s, "a two words ")) + text(s.flushIdle()) + text(feed(s, "secret b\n"));
        assertEquals("a [SECRET] b\n", out);
    }

    @Test
    void privateKeyIsHeldUntilItsEndLine() {
        StreamMasker s = masker().stream();
        assertEquals("before\n", text(feed(s, "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n")));
        assertEquals("", text(s.flushIdle()));
        assertEquals("", text(feed(s, "Qm9ndXMga2V5\n-----END RSA PRIVATE KEY-----")));
        assertEquals("", text(s.flushIdle()));
        assertEquals("[PRIVATE_KEY]\nafter\n", text(feed(s, "\nafter\n")));
    }

    @Test
    void unterminatedPrivateKeyIsMaskedAtFinish() {
        StreamMasker s = masker().stream();
        String out = text(feed(s, "x\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n")) + text(s.finish());
        assertEquals("x\n[PRIVATE_KEY]", out);
    }

    @Test
    void oversizedPrivateKeyFailsClosed() {
        StreamMasker s = masker().stream();
        StringBuilder out = new StringBuilder(text(feed(s, "pre\n-----BEGIN OPENSSH PRIVATE KEY-----\n")));
        String line = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n";
        for (int i = 0; i < 6000; i++) {
            out.append(text(feed(s, line)));
        }
        out.append(text(feed(s, "-----END OPENSSH PRIVATE KEY-----\nafter\n"))).append(text(s.finish()));
        assertEquals("pre\n[PRIVATE_KEY]\nafter\n", out.toString());
    }

    @Test
    void longLineWithoutBreakIsEmittedEarlyAndStillMasked() {
        Masker m = masker();
        StringBuilder line = new StringBuilder();
        while (line.length() < 40_000) {
            line.append("word bob@example.com 4111 1111 1111 1111 password=x y ");
        }
        byte[] in = line.toString().getBytes(ISO_8859_1);
        StreamMasker s = m.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < in.length; off += 100) {
            out.writeBytes(s.feed(in, off, Math.min(100, in.length - off)));
        }
        assertTrue(out.size() > 20_000, "emitted before the line ended: " + out.size());
        out.writeBytes(s.finish());
        assertArrayEquals(m.mask(in), out.toByteArray());
    }

    @Test
    void binaryPassesThroughUnchanged() {
        byte[] in = new byte[256 * 64];
        Random r = new Random(3);
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (i % 256 == 0 ? r.nextInt(256) : i);
        }
        byte[] out = streamed(masker(), in, new Random(4), 300, 5);
        assertArrayEquals(in, out);
    }

    @Test
    void withoutPrivateKeyDetectorNothingIsHeld() {
        Masker m = Masker.create(MaskingRules.of(List.of("email"), java.util.Map.of(), List.of(), Style.REDACT), KEY, List.of());
        StreamMasker s = m.stream();
        assertEquals("-----BEGIN RSA PRIVATE KEY-----\nabc\n", text(feed(s, "-----BEGIN RSA PRIVATE KEY-----\nabc\n")));
        assertFalse(text(s.finish()).contains("["));
    }

    /** Two streams on one screen: the held start of a key goes to the stream that completes it, ordinary text stays. */
    @Test
    void theHeldStartOfASecretGoesToTheStreamThatCompletesIt() {
        Masker m = masker();
        StreamMasker out = m.stream();
        StreamMasker err = m.stream();
        assertEquals("id ", text(feed(out, "id AKIAIOSF")) + text(out.flushIdle()));
        byte[] rest = b("ODNN7EXAMPLE\n");
        byte[] held = out.takeHeldJoining(rest, 0, rest.length);
        assertEquals("AKIAIOSF", text(held));
        byte[] joined = java.util.Arrays.copyOf(held, held.length + rest.length);
        System.arraycopy(rest, 0, joined, held.length, rest.length);
        assertEquals("[AWS_ACCESS_KEY]\n", text(err.feed(joined, 0, joined.length)));
        assertEquals("", text(out.finish()));

        StreamMasker data = m.stream();
        feed(data, "total 42 files");
        byte[] warn = b("warning: slow\n");
        assertEquals(0, data.takeHeldJoining(warn, 0, warn.length).length, "no secret spans them: each keeps its own");
        assertEquals("files", text(data.finish()).replace("total 42 ", ""));
    }

    /** A dump fed a line at a time, with pauses: the lines a key runs over are read together. */
    @Test
    void aDumpFedALineAtATimeIsReadWhole() {
        Masker m = masker().readingEncoded();
        byte[] data = b("note: id=AKIAIOSFODNN7EXAMPLE and more text after it\n");
        StringBuilder shown = new StringBuilder();
        StreamMasker s = m.stream();
        for (int at = 0; at < data.length; at += 16) {
            StringBuilder line = new StringBuilder(String.format("%08x:", at));
            for (int k = at; k < Math.min(data.length, at + 16); k++) line.append(String.format(" %02x", data[k]));
            shown.append(text(feed(s, line + "\n"))).append(text(s.flushIdle()));
        }
        shown.append(text(s.finish()));
        String squeezed = shown.toString().replace(" ", "");
        assertFalse(squeezed.contains("494f53464f44") || squeezed.contains("4e4e37455841"), shown.toString());
        assertTrue(shown.toString().startsWith("00000000: 6e 6f 74 65"), shown.toString());
    }

    private static byte[] feed(StreamMasker s, String text) {
        byte[] b = b(text);
        return s.feed(b, 0, b.length);
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, UTF_8);
    }
}
