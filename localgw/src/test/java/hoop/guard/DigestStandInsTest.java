package hoop.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.StandIns;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestStandInsTest {
    static final String MD5 = "9109c57a1839ee59dec2f09d583874d0";

    /** The output fed in pieces of n bytes. */
    static String through(String text, int n) {
        DigestStandIns d = new DigestStandIns();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < b.length; i += n) out.writeBytes(d.feed(java.util.Arrays.copyOfRange(b, i, Math.min(b.length, i + n))));
        out.writeBytes(d.finish());
        return out.toString(StandardCharsets.UTF_8);
    }

    static void same(String expected, String text) {
        for (int n : new int[] {1, 2, 7, 33, 1 << 20}) assertEquals(expected, through(text, n), "in pieces of " + n);
    }

    @Test
    void md5sAreStandInsWhereverTheyStandAlone() {
        String s = StandIns.md5(MD5);
        same("\"ETag\": \"\\\"" + s + "\\\"\",\n", "\"ETag\": \"\\\"" + MD5 + "\\\"\",\n");
        same("|  \"" + s + "\"  |", "|  \"" + MD5 + "\"  |");
        same("<ETag>&quot;" + s + "&quot;</ETag>", "<ETag>&quot;" + MD5 + "&quot;</ETag>");
        same(s, MD5);
        same(s, MD5.toUpperCase(java.util.Locale.ROOT));
        same("x-" + s + "\t" + s + "+", "x-" + MD5 + "\t" + MD5 + "+");
    }

    /** `--color on` wraps each table cell in escape sequences, whose final letter touches the value. */
    @Test
    void colorsAroundAValueDoNotHideIt() {
        String s = StandIns.md5(MD5), crc = "gZ0bSQ==";
        same("|\u001b[1m\u001b[34m" + s + "\u001b[0m|\u001b[34m" + StandIns.checksum(crc, 4) + "\u001b(B|",
                "|\u001b[1m\u001b[34m" + MD5 + "\u001b[0m|\u001b[34m" + crc + "\u001b(B|");
    }

    /**
     * The output of a line running a digest program (sha256sum, cksum, openssl dgst, git hash-object): every digest's
     * shape is a stand-in, and a decimal checksum beginning a line (cksum, sum); names and sizes stay.
     */
    @Test
    void aDigestProgramsOutputIsStandIns() {
        String sha256 = "a6b13460d5acee0cbcc737d924fdf19dd77b8599acc639b4cf80c4bad53a443f", sha1 = "f1bcecd081648dc7ea216ab46fe53b833ef51a83";
        String text = sha256 + "  tok.txt\nSHA2-256(tok.txt)= " + sha256 + "\n" + sha1 + "\n3838993352 28 tok.txt\n05556     1 tok.txt\n"
                + "deadbeef\nsize 28 of 3838993352\n";
        String expected = StandIns.hex(sha256) + "  tok.txt\nSHA2-256(tok.txt)= " + StandIns.hex(sha256) + "\n" + StandIns.hex(sha1) + "\n"
                + StandIns.decimal("3838993352") + " 28 tok.txt\n" + StandIns.decimal("05556") + "     1 tok.txt\n" + StandIns.hex("deadbeef")
                + "\nsize 28 of 3838993352\n";
        for (int n : new int[] {1, 2, 7, 33, 1 << 20}) {
            DigestStandIns d = new DigestStandIns(true);
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < b.length; i += n) out.writeBytes(d.feed(java.util.Arrays.copyOfRange(b, i, Math.min(b.length, i + n))));
            out.writeBytes(d.finish());
            assertEquals(expected, out.toString(StandardCharsets.UTF_8), "in pieces of " + n);
        }
        assertEquals(64, StandIns.hex(sha256).length());
        assertTrue(DigestStandIns.printsDigests(java.util.List.of("bash", "-c", "cd /tmp && sha256sum a.txt | cut -c1-64")));
        assertTrue(DigestStandIns.printsDigests(java.util.List.of("bash", "-c", "git hash-object x; openssl dgst -sha1 y")));
        assertFalse(DigestStandIns.printsDigests(java.util.List.of("bash", "-c", "git log -3; echo md5")));
    }

    @Test
    void otherHexAndIdsStay() {
        String keep = "0e4f3a6c-5b2d-4c1e-9f7a-1234567890ab 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 " + MD5 + "0 x" + MD5 + " _" + MD5
                + " task/c/" + MD5 + " " + MD5 + "-12 4442587FB7D0A2F9\n";
        same(keep, keep);
    }

    @Test
    void checksumsAreStandInsOfTheirShape() {
        String crc = "gZ0bSQ==", sha256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
        String out = through("ChecksumCRC32: " + crc + "\n'x-amz-checksum-sha256': '" + sha256 + "'\n", 1);
        assertEquals("ChecksumCRC32: " + StandIns.checksum(crc, 4) + "\n'x-amz-checksum-sha256': '" + StandIns.checksum(sha256, 32) + "'\n", out);
        String md5 = "kQnFehg57lnewvCdWDh00A==";  // Content-MD5's form of MD5
        same("Content-MD5: " + StandIns.checksum(md5, 16) + "\n", "Content-MD5: " + md5 + "\n");
        same("abcdefg== abcdefgh= x/gZ0bSQ== kQnFehg57lnewvCdWDh00A=", "abcdefg== abcdefgh= x/gZ0bSQ== kQnFehg57lnewvCdWDh00A=");
    }

    /** A run longer than what is held is let through in parts; a digest after it is still found. */
    @Test
    void longRunsPassAndDigestsAfterThemAreFound() {
        String word = "a".repeat(10_000) + MD5;
        same(word + " " + StandIns.md5(MD5), word + " " + MD5);
        String path = "x/".repeat(5_000) + "-" + MD5 + "+" + "b".repeat(5000);
        String shown = through(path, 1000);
        assertFalse(shown.contains(MD5), "a digest inside a long run after a separator");
        assertTrue(shown.contains("-" + StandIns.md5(MD5) + "+"));
        same(shown, path);
    }
}
