package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script on a command connection has the connection's env secret and can print it transformed by real tools
 * (base64, base32, xxd, od, rev, tr, sed, bash's case and substring expansions, jq's @uri): neither the output nor
 * the recording may hold any long enough piece of any of those forms, and ordinary output around them stays as is.
 */
class ExecSecretFormsTest {
    static final String SECRET = "Zq8/Hu+2xW-k9Lp=Vt4Ry7Nm";
    /** The shortest piece of a form the assertions look for; the masker hides runs from about eight bytes of the value. */
    static final int PIECE = 12;
    static final String CONFIG = TestGateway.config("""
            connections:
              - name: shell
                type: command
                command: [bash, -c]
                env: { API_TOKEN: "${env:API_TOKEN}" }
                policies: [open]
                masking: [pii]
            policies:
              open: { default: allow, unknown: allow }
            masking:
              pii:
                detectors: [email, aws_access_key, password_assignment]
            """);

    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of("API_TOKEN", SECRET));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The secret as printed by each tool, with what depends on other bytes (alignment, line wrapping) left out. */
    static List<String> forms() {
        List<String> out = new ArrayList<>();
        byte[] s = utf8(SECRET);
        for (int a = 0; a < 3; a++) {
            String enc = Base64.getEncoder().encodeToString(utf8("x".repeat(a) + SECRET));
            String core = enc.substring((8 * a + 5) / 6, 8 * (a + s.length) / 6);
            out.add(core);
            out.add(core.replace('+', '-').replace('/', '_'));
        }
        out.add(base32(s).substring(0, 38));
        String hex = HexFormat.of().formatHex(s);
        out.add(hex);
        StringBuilder words = new StringBuilder();
        for (int i = 0; i + 1 < s.length; i += 2) {
            words.append(String.format("%06o", (s[i] & 0xFF) | (s[i + 1] & 0xFF) << 8));
        }
        out.add(words.toString());
        out.add(new StringBuilder(SECRET).reverse().toString());
        out.add(SECRET);
        return out;
    }

    /** Output with blanks and the separators dumps print removed, lower-cased: a form in any case or spacing shows in it. */
    static String squeezed(String s) {
        return s.replaceAll("[ \t:,]", "").toLowerCase(Locale.ROOT);
    }

    /** The first piece of at least PIECE characters of a form that shows in text, or null. */
    static String leaked(String text) {
        String t = squeezed(text);
        for (String form : forms()) {
            String f = squeezed(form);
            for (int i = 0; i + PIECE <= f.length(); i++) {
                if (t.contains(f.substring(i, i + PIECE))) {
                    return f.substring(i, i + PIECE) + " (of " + form + ")";
                }
            }
        }
        return null;
    }

    /** Runs script; asserts the output, the replayed recording and the raw database hold no piece of a form. */
    TestGateway.Run run(String script) throws Exception {
        var r = gw.hoop("exec", "shell", "--", script);
        assertEquals(0, r.exit(), r.err());
        String shown = r.out() + r.err();
        assertEquals(null, leaked(shown), shown);
        String id = new ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
        String replay = gw.hoop("replay", id).out();
        assertTrue(replay.contains("[SECRET]"), replay);
        assertEquals(null, leaked(replay), replay);
        String json = gw.hoop("replay", id, "--format", "json").out();
        assertEquals(null, leaked(json), json);
        assertFalse(TestDb.contains(gw, SECRET), "the secret is in the recording");
        return r;
    }

    @Test
    void base64AndBase32AtEveryAlignment() throws Exception {
        var r = run("printf %s \"$API_TOKEN\" | base64; echo \"x$API_TOKEN\" | base64; printf 'xy%s\\n' \"$API_TOKEN\" | base64 -w0; echo;"
                + " printf %s \"$API_TOKEN\" | base64 | tr '+/' '-_' | tr -d =; printf %s \"$API_TOKEN\" | base32;"
                + " printf 'id=%s\\n' \"$API_TOKEN\" | base32");
        assertEquals(6, r.out().split("\\[SECRET]", -1).length - 1, r.out());
    }

    @Test
    void hexAndOctalDumps() throws Exception {
        var r = run("printf %s \"$API_TOKEN\" | xxd -p; printf %s \"$API_TOKEN\" | xxd -p | tr a-f A-F;"
                + " printf %s \"$API_TOKEN\" | od -An -tx1; printf %s \"$API_TOKEN\" | od; echo \"x$API_TOKEN\" | od;"
                + " printf %s \"$API_TOKEN\" | od -x; printf %s \"$API_TOKEN\" | od -b; printf %s \"$API_TOKEN\" | xxd -p -c1 | paste -sd:;"
                + " printf %s \"$API_TOKEN\" | xxd; echo \"x=$API_TOKEN\" | hexdump -C");
        assertTrue(r.out().contains("[SECRET]"), r.out());
        // the dumps' text columns, also on their last line (eight bytes of the value)
        for (String piece : new String[] {"Zq8/", "Hu+2", "Vt4R", "y7Nm"}) {
            assertFalse(r.out().contains(piece), piece + " shown: " + r.out());
        }
    }

    @Test
    void reversedOtherCaseSpreadHalvesAndUrlEncoded() throws Exception {
        var r = run("printf '%s\\n' \"$API_TOKEN\" | rev; echo \"${API_TOKEN^^}\"; echo \"${API_TOKEN,,}\"; echo \"$API_TOKEN\" | tr a-z A-Z;"
                + " echo \"$API_TOKEN\" | sed 's/./& /g'; echo \"${API_TOKEN:0:12}\"; echo \"${API_TOKEN:12}\";"
                + " jq -rn --arg t \"$API_TOKEN\" '$t|@uri'; jq -rn --arg t \"$API_TOKEN\" '$t|@uri|ascii_downcase'");
        assertEquals(9, r.out().split("\\[SECRET]", -1).length - 1, r.out());
    }

    /** tr -d of one class printed the rest of the secret in order, the few deleted characters left to guess. */
    @Test
    void oneClassDeleted() throws Exception {
        var r = run("echo \"$API_TOKEN\" | tr -d 0-9; echo \"$API_TOKEN\" | tr -d a-z; echo \"$API_TOKEN\" | sed 's/[A-Z]//g'");
        for (String deleted : new String[] {"[0-9]", "[a-z]", "[A-Z]"}) {
            String rest = SECRET.replaceAll(deleted, "");
            for (int i = 0; i + 8 <= rest.length(); i++) {
                assertFalse(r.out().contains(rest.substring(i, i + 8)), rest.substring(i, i + 8) + " of " + rest + " in " + r.out());
            }
        }
    }

    /**
     * A digest program's output on a file shown masked (the secret, an email the pii rule masks): md5sum, sha256sum,
     * b2sum, cksum, openssl dgst and git hash-object printed the real digests, with which guesses of what was masked are
     * confirmed offline. Each is now a keyed stand-in of the same shape, the same for the same content; a check against
     * a list of sums (sha256sum -c) still passes, and a line with no digest program keeps its hex (a commit id).
     */
    @Test
    void digestsOfMaskedFilesAreStandIns() throws Exception {
        Path tok = dir.resolve("tok.txt"), mail = dir.resolve("mail.txt");
        java.nio.file.Files.writeString(tok, SECRET);
        java.nio.file.Files.writeString(mail, "owner alice.smith@example.com\n");
        var r = gw.hoop("exec", "shell", "--", "cd " + dir + " && md5sum tok.txt mail.txt && sha256sum tok.txt && sha1sum tok.txt && b2sum tok.txt && cksum tok.txt"
                + " && openssl dgst -sha256 tok.txt && git hash-object tok.txt && printf %s \"$API_TOKEN\" | sha512sum && md5sum tok.txt"
                + " && sha256sum tok.txt mail.txt > sums && sha256sum -c sums");
        assertEquals(0, r.exit(), r.err());
        List<String> real = new ArrayList<>();
        for (String alg : List.of("MD5", "SHA-256", "SHA-1", "SHA-512")) {
            for (Path f : List.of(tok, mail)) {
                real.add(HexFormat.of().formatHex(java.security.MessageDigest.getInstance(alg).digest(java.nio.file.Files.readAllBytes(f))));
            }
        }
        for (String d : real) {
            assertFalse(r.out().contains(d) || r.out().contains(d.substring(0, 16)), d + " in " + r.out());
        }
        String[] lines = r.out().split("\n");
        assertEquals(lines[0].substring(0, 32), lines[lines.length - 3].substring(0, 32), r.out());  // the same content, the same stand-in
        assertTrue(r.out().endsWith("tok.txt: OK\nmail.txt: OK\n"), r.out());
        var plain = gw.hoop("exec", "shell", "--", "echo 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
        assertEquals("2fd4e1c67a2d28fced849ee1bb76e7391b93eb12\n", plain.out());
    }

    /** tr -d of the secret's symbols (some or all) or tr -dc of its letters and digits printed it nearly whole. */
    @Test
    void symbolsDeleted() throws Exception {
        var r = run("echo \"$API_TOKEN\" | tr -d '/+=-'; echo \"$API_TOKEN\" | tr -d '/+'; echo \"$API_TOKEN\" | tr -dc a-zA-Z0-9; echo;"
                + " echo \"$API_TOKEN\" | sed 's/[^[:alnum:]]//g'; echo \"$API_TOKEN\" | tr '/+=-' '    '");
        for (String deleted : new String[] {"[/+=-]", "[/+]"}) {
            String rest = SECRET.replaceAll(deleted, "");
            for (int i = 0; i + 8 <= rest.length(); i++) {
                assertFalse(r.out().contains(rest.substring(i, i + 8)), rest.substring(i, i + 8) + " of " + rest + " in " + r.out());
            }
        }
        assertEquals("[SECRET]\n".repeat(5), r.out());
    }

    /**
     * tr with rotated sets (rot13, the lower case alone shifted), each character doubled, basenc --base32hex, od's
     * 32-bit and decimal words, UTF-16 as base64: each printed the whole secret, undone by whoever read it.
     */
    @Test
    void rotatedDoubledBase32hexWideWordsAndUtf16() throws Exception {
        var r = run("echo \"$API_TOKEN\" | tr a-zA-Z n-za-mN-ZA-M; echo \"$API_TOKEN\" | tr a-z b-za;"
                + " echo \"$API_TOKEN\" | sed 's/./&&/g'; printf %s \"$API_TOKEN\" | basenc --base32hex;"
                + " printf %s \"$API_TOKEN\" | od -An -tx4; printf %s \"$API_TOKEN\" | od -An -tu4; printf %s \"$API_TOKEN\" | od -An -d;"
                + " printf %s \"$API_TOKEN\" | iconv -t UTF-16LE | base64 -w0; echo");
        byte[] s = utf8(SECRET);
        List<String> forms = new ArrayList<>(List.of(rot(13, 13), rot(1, 0), SECRET.replaceAll(".", "$0$0"),
                base32(s).chars().mapToObj(c -> String.valueOf("0123456789ABCDEFGHIJKLMNOPQRSTUV"
                        .charAt("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c)))).collect(java.util.stream.Collectors.joining()),
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_16LE))));
        StringBuilder x4 = new StringBuilder(), u4 = new StringBuilder(), u2 = new StringBuilder();
        for (int i = 0; i + 3 < s.length; i += 4) {
            long w = (s[i] & 0xFFL) | (s[i + 1] & 0xFFL) << 8 | (s[i + 2] & 0xFFL) << 16 | (s[i + 3] & 0xFFL) << 24;
            x4.append(String.format("%08x", w));
            u4.append(w);
        }
        for (int i = 0; i + 1 < s.length; i += 2) {
            u2.append((s[i] & 0xFF) | (s[i + 1] & 0xFF) << 8);
        }
        forms.addAll(List.of(x4.toString(), u4.toString(), u2.toString()));
        String shown = squeezed(r.out());
        for (String form : forms) {
            String f = squeezed(form);
            for (int i = 0; i + PIECE <= f.length(); i++) {
                assertFalse(shown.contains(f.substring(i, i + PIECE)), f.substring(i, i + PIECE) + " of " + form + " in " + r.out());
            }
        }
    }

    static String rot(int lower, int upper) {
        StringBuilder b = new StringBuilder();
        for (char c : SECRET.toCharArray()) {
            b.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + lower) % 26)
                    : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + upper) % 26) : c);
        }
        return b.toString();
    }

    /** Beside a masked form, other data's base64 and hex dumps and words sharing letters with the secret pass unchanged. */
    @Test
    void ordinaryOutputAroundAFormIsKept() throws Exception {
        // the secret's pieces in another order: "Zq8 Hu 2xW k9Lp Vt4 Ry7Nm", its pieces in order with its symbols blanked
        // (tr '/+=-' '    '), is the secret less four symbols and is masked (symbolsDeleted)
        String other = "other value Zq8 Hu k9Lp 2xW Ry7Nm Vt4";
        var r = run("printf %s '" + other + "' | base64; printf %s '" + other + "' | xxd -p; printf %s '" + other + "' | od -An -tx1;"
                + " echo 'words: Zq8/Hu+2x and Ry7Nm, k9Lp=Vt4'; printf %s \"$API_TOKEN\" | base64");
        String b64 = Base64.getEncoder().encodeToString(utf8(other));
        String hex = HexFormat.of().formatHex(utf8(other));
        assertTrue(r.out().startsWith(b64 + "\n" + hex.substring(0, 60) + "\n" + hex.substring(60) + "\n"), r.out());
        assertTrue(r.out().contains(" 6f 74 68 65 72 20 76 61 6c 75 65 20 5a 71 38 20\n"), r.out());
        assertTrue(r.out().endsWith("words: Zq8/Hu+2x and Ry7Nm, k9Lp=Vt4\n[SECRET]\n"), r.out());
    }

    /**
     * A key or address the detectors find, not a secret hoop was given, printed as base64 by a script: `base64 .env`
     * showed it to anyone who decodes the output, as did the same with letters glued before or after the blob
     * ("key=", "a", "zz"), which shift its four-character groups, or on the first line of a wrapped one.
     */
    @Test
    void aDetectedSecretPrintedAsBase64IsMaskedAsWhatItDecodesTo() throws Exception {
        String key = "AKIAIOSFODNN7EXAMPLE";
        String mail = "alice.smith@example.com";
        java.nio.file.Path env = dir.resolve(".env");
        java.nio.file.Files.writeString(env, "KEYID=" + key + "\nmail=" + mail + "\nnote=" + "ordinary words ".repeat(8) + "\n");
        for (String line : List.of("base64 F", "base64 -w0 F", "echo \"key=$(base64 -w0 F)\"", "printf a; base64 -w0 F",
                "base64 -w0 F; echo zz", "printf xyz; base64 F", "printf 'x%.0s' {1..100}; base64 F")) {
            var r = gw.hoop("exec", "shell", "--", line.replace("F", env.toString()));
            assertEquals(0, r.exit(), line + ": " + r.err());
            String joined = r.out().replace("\n", "");
            for (String value : new String[] {key, mail}) {
                for (int a = 0; a < 3; a++) {
                    String enc = Base64.getEncoder().encodeToString(utf8("x".repeat(a) + value));
                    String core = enc.substring((8 * a + 5) / 6, 8 * (a + value.length()) / 6);
                    assertFalse(joined.contains(core), line + " shows " + value + " as base64: " + r.out());
                }
            }
            assertTrue(joined.contains(Base64.getEncoder().encodeToString(utf8("ordinary words ")).substring(0, 16))
                    || joined.contains(Base64.getEncoder().encodeToString(utf8("rdinary words o")).substring(0, 16))
                    || joined.contains(Base64.getEncoder().encodeToString(utf8("dinary words or")).substring(0, 16)),
                    line + ": the rest is still there, encoded: " + r.out());
        }
    }

    /**
     * The same printed as a dump: xxd (-p, -b), hexdump -C, od -c, od -t x1 showed the key and the address to anyone
     * reading the hex or the text column, pieces of it on each line. Now the bytes a dump spells are read, and a dump
     * of a file with nothing to mask is shown exactly as the tool prints it.
     */
    @Test
    void aDetectedSecretPrintedAsADumpIsMasked() throws Exception {
        String key = "AKIAIOSFODNN7EXAMPLE";
        String mail = "alice.smith@example.com";
        java.nio.file.Path env = dir.resolve(".env");
        java.nio.file.Files.writeString(env, "KEYID=" + key + "\nmail=" + mail + "\n");
        java.nio.file.Path plain = dir.resolve("plain.txt");
        java.nio.file.Files.writeString(plain, "ordinary words only, nothing to hide\n".repeat(4));
        for (String dump : List.of("xxd", "xxd -p", "xxd -b", "hexdump -C", "od -c", "od -An -tx1", "od -tx1")) {
            var r = gw.hoop("exec", "shell", "--", dump + " " + env);
            assertEquals(0, r.exit(), dump + ": " + r.err());
            String shown = r.out().replaceAll("[ \t\n:|]", "").toLowerCase(Locale.ROOT);
            for (String value : new String[] {key, mail}) {
                String hex = HexFormat.of().formatHex(utf8(value));
                for (int i = 0; i + 16 <= hex.length(); i += 2) {
                    assertFalse(shown.contains(hex.substring(i, i + 16)), dump + " shows " + value + " in hex: " + r.out());
                }
                String v = value.toLowerCase(Locale.ROOT);
                for (int i = 0; i + 7 <= v.length(); i++) {
                    assertFalse(shown.contains(v.substring(i, i + 7)), dump + " shows " + value + ": " + r.out());
                }
            }
            assertShownAsPrinted(dump + " " + plain);
        }
    }

    /**
     * A key or address the detectors find, spelled out by real tools with a separator after each character or group
     * of characters (sed, fold, grep -o, paste), also at a pause after each line: shown whole to anyone who reads past
     * the separators (or joins them back). A file with nothing to mask comes out exactly as the tools print it.
     */
    @Test
    void aDetectedSecretSpelledOutCharacterByCharacterIsMasked() throws Exception {
        String key = "AKIAIOSFODNN7EXAMPLE";
        String mail = "alice.smith@example.com";
        java.nio.file.Path env = dir.resolve(".env");
        java.nio.file.Files.writeString(env, "KEYID=" + key + "\nmail=" + mail + "\n");
        java.nio.file.Path plain = dir.resolve("plain.txt");
        java.nio.file.Files.writeString(plain, "ordinary words only, nothing to hide\n".repeat(3));
        // fold -w1 and grep -o . drop the file's own line breaks: the key ending a line reads glued to the next line's
        // first word, at either end (the key after "mail=" and the address, then the key first).
        java.nio.file.Path last = dir.resolve("last.env");
        java.nio.file.Files.writeString(last, "mail=" + mail + "\n" + key + "\nKEYID=" + key + "\nmail=" + mail + "\n");
        for (String spell : List.of("sed 's/./& /g' {F}", "sed 's/./&-/g' {F}", "fold -w1 {L}", "grep -o . {L} | paste -sd,",
                "fold -w3 {F} | paste -sd' '", "fold -w4 {F}", "sed 's/./&, /g' {F}",
                "grep -o . {L} | while IFS= read -r c; do printf '%s\\n' \"$c\"; sleep 0.02; done")) {
            var r = gw.hoop("exec", "shell", "--", spell.replace("{F}", env.toString()).replace("{L}", last.toString()));
            assertEquals(0, r.exit(), spell + ": " + r.err());
            String shown = r.out().replaceAll("[^A-Za-z0-9@.]", "").toLowerCase(Locale.ROOT);
            for (String value : new String[] {key, mail}) {
                String v = value.toLowerCase(Locale.ROOT);
                for (int i = 0; i + 7 <= v.length(); i++) {
                    assertFalse(shown.contains(v.substring(i, i + 7)), spell + " shows " + value + ": " + r.out());
                }
            }
            String other = spell.replace("{F}", plain.toString()).replace("{L}", plain.toString());
            assertShownAsPrinted(other);
        }
    }

    /**
     * Output in a compressed format hoop does not read (xz, bzip2, zstd, zip) showed anyone who decompresses it the
     * file's key and address unmasked: raw, as base64, or with its first byte written apart after a pause. It is now
     * withheld, but for a line saying why, or shown as [COMPRESSED] where it was a blob in text; gzip is still read.
     */
    @Test
    void compressedOutputHoopCannotReadIsWithheld() throws Exception {
        String key = "AKIAIOSFODNN7EXAMPLE";
        java.nio.file.Path env = dir.resolve(".env");
        java.nio.file.Files.writeString(env, "KEYID=" + key + "\nmail=alice.smith@example.com\n");
        for (String[] c : List.of(new String[] {"xz", "xz -c"}, new String[] {"bzip2", "bzip2 -c"}, new String[] {"zstd", "zstd -q -c"},
                new String[] {"zip", "zip -q -"})) {
            String raw = gw.hoop("exec", "shell", "--", c[1] + " " + env).out();
            assertEquals("hoop: output withheld: it is " + c[0] + "-compressed data, which hoop cannot read to mask;"
                    + " decompress it in the command instead (its text is then masked)\n", raw, c[1]);
            String b64 = gw.hoop("exec", "shell", "--", "echo start; " + c[1] + " " + env + " | base64 -w0; echo; echo end").out();
            assertEquals("start\n[COMPRESSED]\nend\n", b64, c[1] + " | base64");
        }
        // As a dump: the bytes it spells are compressed data; the dump is hidden whole.
        for (String dump : List.of("bzip2 -c F | xxd -p", "xz -c F | xxd", "zstd -q -c F | od -An -tx1")) {
            String shown = gw.hoop("exec", "shell", "--", "echo start; " + dump.replace("F", env.toString()) + "; echo end").out();
            assertTrue(shown.startsWith("start\n") && shown.contains("[COMPRESSED]") && shown.endsWith("end\n"), dump + ": " + shown);
            assertFalse(shown.replaceAll("[^0-9a-f\n]", "").matches("(?s).*[0-9a-f]{16}.*"), dump + ": " + shown);
        }
        String apart = gw.hoop("exec", "shell", "--", "printf '\\375'; sleep 0.5; xz -c " + env + " | tail -c +2").out();
        assertTrue(apart.startsWith("hoop: output withheld: it is xz-compressed"), apart);
        // What decompresses in the command is text, masked as such.
        String back = gw.hoop("exec", "shell", "--", "xz -c " + env + " | xz -dc").out();
        assertEquals("KEYID=[AWS_ACCESS_KEY]\nmail=[EMAIL]\n", back);
        // Output that only starts like a magic is shown as it is.
        assertEquals("BZh no\nPK fine\n7z\n", gw.hoop("exec", "shell", "--", "printf 'BZh no\\nPK fine\\n7z\\n'").out());
    }

    /**
     * A key turned by one more command that a reader undoes with one more (rev, rot13, lower case: an access key id is
     * all capitals) showed whole; a key the detectors find by its prefix is now found turned too. Text with nothing to
     * mask comes out as the tool prints it.
     */
    @Test
    void aDetectedKeyTurnedByOneMoreCommandIsMasked() throws Exception {
        String key = KEY_ID;
        Path env = keyFile();
        Path plain = plainFile("ordinary words only, nothing to hide AKIA\n");
        for (String turn : List.of("rev {F}", "tr A-Za-z N-ZA-Mn-za-m < {F}", "tr A-Z a-z < {F}", "rev {F} | tr A-Z a-z")) {
            String shown = gw.hoop("exec", "shell", "--", turn.replace("{F}", env.toString())).out();
            String back = new StringBuilder(shown).reverse().toString();
            for (String form : List.of(shown, back, shown.toUpperCase(Locale.ROOT), back.toUpperCase(Locale.ROOT), rot13(shown))) {
                assertNoPieceOf(key, form, turn + " shows the key: " + shown);
            }
            String other = turn.replace("{F}", plain.toString());
            assertShownAsPrinted(other);
        }
    }

    /**
     * Forms a reader turns back with one more standard command: base32 (base32 -d), base64 reversed or at a narrow
     * width, od's decimal byte codes and little-endian words, hexdump's words. Each printed the key for anyone to decode; the tools' own decoders (or
     * od's numbers read back) now give the file with the key masked.
     */
    @Test
    void aDetectedKeyInAFormItsReaderDecodesIsMasked() throws Exception {
        Path env = keyFile();
        Path plain = plainFile("ordinary words only, nothing to hide\n");
        for (String[] form : List.of(new String[] {"base32 {F}", "base32 -d -i"}, new String[] {"gzip -c {F} | base32 -w 0", "base32 -d -i | gunzip"},
                new String[] {"base64 {F} | rev", "rev | base64 -d -i"}, new String[] {"base64 -w 12 {F}", "base64 -d -i"},
                new String[] {"od -An -tu1 {F}", "xargs printf '%02x' | xxd -r -p"}, new String[] {"xxd -i < {F}", "tr -d ' ,\\n' | sed 's/0x//g' | xxd -r -p"},
                new String[] {"hexdump {F}", "cut -c8- | xargs -n1 | sed 's/\\(..\\)\\(..\\)/\\2\\1/' | xxd -r -p"})) {
            String shown = gw.hoop("exec", "shell", "--", form[0].replace("{F}", env.toString())).out();
            Process p = new ProcessBuilder("bash", "-c", form[1]).redirectErrorStream(true).start();
            p.getOutputStream().write(shown.getBytes(StandardCharsets.ISO_8859_1));
            p.getOutputStream().close();
            String back = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            p.waitFor();
            for (String f : List.of(shown, back)) {
                assertNoPieceOf(KEY_ID, f, form[0] + " shows the key: " + shown + "\nread back: " + back);
            }
            if (form[0].contains("base")) assertTrue(back.contains("KEYID=[AWS_ACCESS_KEY]\nnote=ordinary"), form[0] + " reads back: " + back);
            assertShownAsPrinted(form[0].replace("{F}", plain.toString()));
        }
    }

    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";

    /** A .env holding KEY_ID and an ordinary line. */
    private Path keyFile() throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve(".env"), "KEYID=" + KEY_ID + "\nnote=ordinary words\n");
    }

    /** A file of line, three times, with nothing to mask. */
    private Path plainFile(String line) throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve("plain.txt"), line.repeat(3));
    }

    private static void assertNoPieceOf(String secret, String text, String message) {
        for (int i = 0; i + 7 <= secret.length(); i++) assertFalse(text.contains(secret.substring(i, i + 7)), message);
    }

    /** command, on text with nothing to mask, shows through hoop exactly what it prints run directly. */
    private void assertShownAsPrinted(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        p.waitFor();
        assertEquals(expected, gw.hoop("exec", "shell", "--", command).out(), command + " of text with nothing to mask");
    }

    private static String rot13(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 13) % 26) : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + 13) % 26) : c);
        }
        return out.toString();
    }

    /**
     * A dump arrives in pieces: the part shown before the rest arrived was masked alone, so a key whose lines were
     * parted by a read (a large dump) or by a pause (a script printing a line at a time) showed in pieces. The last
     * dump lines are now held until the rest comes.
     */
    @Test
    void aDumpPartedByReadsOrPausesIsReadWhole() throws Exception {
        String key = "AKIAIOSFODNN7EXAMPLE";
        java.nio.file.Path big = dir.resolve("big.env");
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 400_000; i++) text.append("x".repeat(i % 29)).append(" id=").append(key).append('\n');
        java.nio.file.Files.writeString(big, text);
        java.nio.file.Path small = dir.resolve("small.env");
        java.nio.file.Files.writeString(small, "KEYID=" + key + "\n");
        String hex = HexFormat.of().formatHex(utf8(key));
        for (String line : List.of("xxd " + big, "od -An -tx1 " + big,
                "xxd " + small + " | while IFS= read -r l; do printf '%s\\n' \"$l\"; sleep 0.3; done",
                "xxd -b " + small + " | while IFS= read -r l; do printf '%s\\n' \"$l\"; sleep 0.3; done")) {
            var r = gw.hoop("exec", "shell", "--", line);
            assertEquals(0, r.exit(), line + ": " + r.err());
            String shown = r.out().replaceAll("[ \t:]", "").toLowerCase(Locale.ROOT);
            for (int i = 0; i + 12 <= hex.length(); i += 2) {
                assertFalse(shown.contains(hex.substring(i, i + 12)), line + " shows the key in hex");
            }
            for (int i = 0; i + 7 <= key.length(); i++) {
                assertFalse(shown.contains(key.substring(i, i + 7).toLowerCase(Locale.ROOT)), line + " shows the key");
            }
        }
    }

    /**
     * Output that begins as gzip is masked as what it inflates to; that passed as it came when it inflated to binary
     * (a .tar.gz of config files) or turned out no gzip at all, so ten bytes of a gzip header ahead of the rest let
     * all of it out unread.
     */
    @Test
    void outputThatOnlyBeginsAsGzipOrInflatesToAnArchiveIsMasked() throws Exception {
        byte[] out = gw.hoopStdout("exec", "shell", "--", "printf '\\037\\213\\010\\000\\000\\000\\000\\000\\000\\003" + "x".repeat(30)
                + "'; echo; echo \"token $API_TOKEN mail ops@example.com\"");
        String shown = new String(out, StandardCharsets.ISO_8859_1);
        assertTrue(shown.contains("[EMAIL]") && !shown.contains("ops@example.com"), shown);
        assertEquals(null, leaked(shown), shown);

        java.nio.file.Files.writeString(dir.resolve("app.conf"), "admin_contact = ops@example.com\napi_token = " + SECRET + "\n");
        byte[] tgz = gw.hoopStdout("exec", "shell", "--", "tar czf - -C " + dir + " app.conf");
        String inflated;
        try (var z = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
            inflated = new String(z.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertTrue(inflated.contains("admin_contact = [EMAIL]") && !inflated.contains("ops@example.com"), inflated.trim());
        assertEquals(null, leaked(inflated), inflated.trim());
    }

    static String base32(byte[] b) {
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
        return out.toString();
    }
}
