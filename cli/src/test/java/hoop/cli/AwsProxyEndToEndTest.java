package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hoop connect aws-dev`: the real aws CLI signs with session pseudo credentials, hoop checks that signature,
 * judges, re-signs with the STS credential and forwards to a real S3 server that accepts only that credential.
 */
class AwsProxyEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> session;

    record Proc(int exit, String out, String err, long millis) {}

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
        session = AwsFixture.env(fixture.connect());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    Proc aws(Map<String, String> env, String... args) throws Exception {
        return aws(dir, env, args);
    }

    /** The real aws CLI with only the given environment (a session's), its HOME in dir and no shared config. */
    static Proc aws(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(AwsExecEndToEndTest.AWS, "--endpoint-url", env.get("AWS_ENDPOINT_URL")));
        cmd.addAll(List.of(args));
        return run(dir, env, cmd);
    }

    /**
     * A client process (aws CLI, python) with only the given environment: HOME in dir, no shared AWS files unless
     * env names them, no retries.
     */
    static Proc run(Path dir, Map<String, String> env, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
        pb.environment().put("AWS_MAX_ATTEMPTS", "1");
        pb.environment().putAll(env);
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        var out = p.getInputStream().readAllBytes();
        int exit = p.waitFor();
        return new Proc(exit, new String(out, StandardCharsets.UTF_8), Files.readString(err), (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void connectPrintsPseudoCredentialsNotTheRealOnes() {
        assertTrue(session.get("AWS_ACCESS_KEY_ID").startsWith("HOOP"), session.toString());
        assertTrue(session.get("AWS_ENDPOINT_URL").startsWith("http://127.0.0.1:"), session.toString());
        assertEquals("us-east-1", session.get("AWS_REGION"));
        assertFalse(session.containsValue(S3Server.ACCESS_KEY) || session.containsValue(S3Server.SECRET_KEY));
        assertFalse(session.toString().contains(AwsExecEndToEndTest.LONG_KEY) || session.toString().contains(AwsExecEndToEndTest.LONG_SECRET));
    }

    @Test
    void cliListsUploadsAndDownloadsTenMegabytesByteExact() throws Exception {
        byte[] data = new byte[10 << 20];
        new java.util.Random(42).nextBytes(data);
        Path src = dir.resolve("big.bin");
        Files.write(src, data);
        var up = aws(session, "s3", "cp", src.toString(), "s3://dev-bucket/big.bin");
        assertEquals(0, up.exit(), up.err());
        assertArrayEquals(data, fixture.s3.get("dev-bucket", "big.bin"), "stored byte-exact");
        var ls = aws(session, "s3", "ls", "s3://dev-bucket");
        assertEquals(0, ls.exit(), ls.err());
        assertTrue(ls.out().contains("big.bin"), ls.out());
        Path back = dir.resolve("back.bin");
        var down = aws(session, "s3", "cp", "s3://dev-bucket/big.bin", back.toString());
        assertEquals(0, down.exit(), down.err());
        assertArrayEquals(data, Files.readAllBytes(back), "downloaded byte-exact");
        assertEquals(1, fixture.sts.calls.size(), "one AssumeRole for the whole session");
    }

    /**
     * An object that is not text (a tar of a home directory, a database file) passed byte-exact and unread: a member
     * holding a credentials file, or a key between binary bytes, reached the client. The text in it is masked in place
     * now, every offset kept (an archive's index stays true); random bytes, short runs of PII-shaped text among them
     * too, come back as they were.
     */
    @Test
    void textInsideABinaryObjectIsMaskedInPlace() throws Exception {
        byte[] data = new byte[3 << 20];
        new java.util.Random(7).nextBytes(data);
        String member = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nowner = ops@example.com\n";
        int[][] regions = {place(data, 512, member), place(data, 65_530, "ASIAQWERTYUIOPASDFGH"), place(data, 2_000_000, "ASIAZXCVBNMQWERTYUIO")};
        int lone = place(data, 1_000_000, "bob@example.org")[0];
        fixture.s3.put("dev-bucket", "backup.tar", data);
        Path out = dir.resolve("backup.tar");
        var cp = aws(session, "s3", "cp", "s3://dev-bucket/backup.tar", out.toString());
        assertEquals(0, cp.exit(), cp.err());
        byte[] viaSdk;
        try (var s3 = AwsFixture.sdk(session).build()) {
            viaSdk = s3.getObjectAsBytes(b -> b.bucket("dev-bucket").key("backup.tar")).asByteArray();
        }
        for (byte[] back : List.of(Files.readAllBytes(out), viaSdk)) {
            assertEquals(data.length, back.length);
            String shown = new String(back, StandardCharsets.ISO_8859_1);
            for (String secret : List.of("IOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "ops@example.com", "QWERTYUIOPASDFGH", "ZXCVBNMQWERTYUIO")) {
                assertFalse(shown.contains(secret), secret);
            }
            assertTrue(shown.contains("aws_access_key_id = [AWS_ACCESS_KEY]****\n"), shown.substring(512, 700));
            assertTrue(shown.startsWith("bob@example.org", lone), "a short run is left as random bytes of its shape are");
            int from = 0;
            for (int[] r : regions) {
                assertArrayEquals(java.util.Arrays.copyOfRange(data, from, r[0]), java.util.Arrays.copyOfRange(back, from, r[0]));
                from = r[1];
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(data, from, data.length), java.util.Arrays.copyOfRange(back, from, data.length));
        }
    }

    /** Writes text into data at {@code at} between a NUL and a byte no text holds; returns where the text lies. */
    private static int[] place(byte[] data, int at, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        data[at - 1] = 0;
        System.arraycopy(t, 0, data, at, t.length);
        data[at + t.length] = (byte) 0xFF;
        return new int[] {at, at + t.length};
    }

    @Test
    void secretInsideAnObjectIsMasked() throws Exception {
        fixture.s3.put("dev-bucket", "notes.txt", "contact ops@example.com key sk_live_0123456789abcdef\n".getBytes(StandardCharsets.UTF_8));
        var cat = aws(session, "s3", "cp", "s3://dev-bucket/notes.txt", "-");
        assertEquals(0, cat.exit(), cat.err());
        assertEquals("contact [EMAIL] key [API_SECRET]\n", cat.out());
    }

    /** An access log keeps query strings percent-encoded, a page writes characters as references: masked all the same. */
    @Test
    void secretsInEncodedTextAreMasked() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            log.append("10.0.0.").append(i % 250).append(" - - \"GET /reset?email=user").append(i)
                    .append("%40example.com&aws_secret_access_key=wJalrXUtnFEMI%2FK7MDENG%2FbPxRfiCYEXAMPLEKEY HTTP/1.1\" 200\n");
        }
        fixture.s3.put("dev-bucket", "access.log", log.toString().getBytes(StandardCharsets.UTF_8));
        var cat = aws(session, "s3", "cp", "s3://dev-bucket/access.log", "-");
        assertEquals(0, cat.exit(), cat.err());
        assertEquals(5000, cat.out().split("GET /reset\\?email=\\[EMAIL\\]&aws_secret_access_key=\\[AWS_SECRET_KEY\\] HTTP", -1).length - 1, cat.out());
        assertFalse(cat.out().contains("%40example.com") || cat.out().contains("EXAMPLEKEY"));
        // A page keeps its characters as references.
        fixture.s3.put("dev-bucket", "team.html", "<p>Write to <a href=\"mailto:ops&#x40;example&#x2e;com\">ops</a></p>\n".getBytes(StandardCharsets.UTF_8));
        var page = aws(session, "s3", "cp", "s3://dev-bucket/team.html", "-");
        assertEquals(0, page.exit(), page.err());
        assertEquals("<p>Write to <a href=\"mailto:[EMAIL]\">ops</a></p>\n", page.out());
        // JSON may escape any character.
        fixture.s3.put("dev-bucket", "users.json", "{\"email\": \"ops\\u0040example.com\"}\n".getBytes(StandardCharsets.UTF_8));
        var json = aws(session, "s3", "cp", "s3://dev-bucket/users.json", "-");
        assertEquals(0, json.exit(), json.err());
        assertEquals("{\"email\": \"[EMAIL]\"}\n", json.out());
    }

    /**
     * An email SES stored in S3, its text part base64 wrapped at 76 columns: the mail reader decodes it, so the
     * lines are read as one blob (an address straddles two of them) and written back wrapped; through exec as well.
     */
    @Test
    void aBase64MailPartInAnObjectIsMaskedAsTheTextItHolds() throws Exception {
        String text = "Hi,\n" + "x".repeat(45) + " ops@example.com please reply\n";
        String eml = "From: a@b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        fixture.s3.put("dev-bucket", "inbound/msg.eml", eml.getBytes(StandardCharsets.UTF_8));
        var cat = aws(session, "s3", "cp", "s3://dev-bucket/inbound/msg.eml", "-");
        var exec = fixture.gw.hoop("exec", "aws-dev", "--", "s3", "cp", "s3://dev-bucket/inbound/msg.eml", "-");
        for (String out : new String[] {cat.out(), exec.out()}) {
            String part = out.substring(out.indexOf("\r\n\r\n") + 4);
            String decoded = new String(java.util.Base64.getMimeDecoder().decode(part.trim()), StandardCharsets.UTF_8);
            assertEquals(text.replace("ops@example.com", "[EMAIL]"), decoded, out);
        }
    }

    /** A metadata name is the writer's text as well: one holding a secret is left out, the others stay. */
    @Test
    void aMetadataNameHoldingASecretIsLeftOut() throws Exception {
        Path f = dir.resolve("m.txt");
        Files.writeString(f, "plain\n");
        var put = aws(session, "s3api", "put-object", "--bucket", "dev-bucket", "--key", "m.txt", "--body", f.toString(),
                "--metadata", "{\"sk_live_0123456789abcdef\":\"1\",\"team\":\"ops\"}");
        assertEquals(0, put.exit(), put.err());
        for (String op : new String[] {"head-object", "get-object"}) {
            List<String> args = new ArrayList<>(List.of("s3api", op, "--bucket", "dev-bucket", "--key", "m.txt"));
            if (op.equals("get-object")) args.add(dir.resolve("m.back").toString());
            var r = aws(session, args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            JsonNode meta = JSON.readTree(r.out()).path("Metadata");
            assertEquals("ops", meta.path("team").asText(), r.out());
            assertFalse(r.out().contains("sk_live_0123456789abcdef"), r.out());
        }
    }

    /**
     * The object's ETag is the MD5 of what S3 holds: beside the masked text it confirmed guesses of what was masked
     * offline (an SSN is 10^9 MD5s). A masked answer carries no digest of the unmasked body.
     */
    @Test
    void aMaskedObjectCarriesNoDigestOfWhatWasMasked() throws Exception {
        byte[] raw = "contact ops@example.com key sk_live_0123456789abcdef\n".getBytes(StandardCharsets.UTF_8);
        fixture.s3.put("dev-bucket", "notes.txt", raw);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(raw));
        Path out = dir.resolve("notes.txt");
        var get = aws(session, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "notes.txt", out.toString());
        assertEquals(0, get.exit(), get.err());
        assertEquals("contact [EMAIL] key [API_SECRET]\n", Files.readString(out));
        assertFalse(get.out().contains(md5), get.out());
    }

    /**
     * The GET of a masked object drops its ETag, but HeadObject, the listings and a copy's result still carried it:
     * the MD5 of the unmasked body, so with the rest of the text shown a masked secret was confirmed offline by hashing
     * guesses. hoop answers a keyed stand-in for every single-part ETag (but PutObject's own, which the client checks
     * against what it sent), and translates one a client sends back in a condition.
     */
    @Test
    void noAnswerCarriesTheMd5OfAMaskedObject() throws Exception {
        byte[] raw = "owner ops@example.com\n".getBytes(StandardCharsets.UTF_8);
        fixture.s3.put("dev-bucket", "owner.txt", raw);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(raw));
        var head = aws(session, "s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt");
        assertEquals(0, head.exit(), head.err());
        String shown = JSON.readTree(head.out()).path("ETag").asText();
        assertTrue(shown.matches("\"[0-9a-f]{32}\""), head.out());
        for (var r : List.of(head,
                aws(session, "s3api", "list-objects-v2", "--bucket", "dev-bucket"),
                aws(session, "s3api", "list-objects", "--bucket", "dev-bucket"),
                aws(session, "s3api", "copy-object", "--bucket", "dev-bucket", "--key", "owner-copy.txt", "--copy-source", "dev-bucket/owner.txt"),
                aws(session, "s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner-copy.txt"))) {
            assertEquals(0, r.exit(), r.err());
            assertFalse(r.out().contains(md5), r.out());
            assertTrue(r.out().contains(shown.substring(1, 33)), "the same stand-in everywhere: " + r.out());
        }
        // The stand-in works in conditions; the real MD5 is no better than any other wrong value (no 200/412 oracle).
        var match = aws(session, "s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--if-match", shown);
        assertEquals(0, match.exit(), match.err());
        var guess = aws(session, "s3api", "head-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--if-match", "\"" + md5 + "\"");
        assertTrue(guess.exit() != 0 && guess.err().contains("412"), guess.out() + guess.err());
        var notModified = aws(session, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--if-none-match", shown,
                dir.resolve("nm.txt").toString());
        assertTrue(notModified.exit() != 0 && notModified.err().contains("304"), notModified.out() + notModified.err());
        var guessed = aws(session, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "owner.txt", "--if-none-match", "\"" + md5 + "\"",
                dir.resolve("g.txt").toString());
        assertEquals(0, guessed.exit(), guessed.err());
        assertEquals("owner [EMAIL]\n", Files.readString(dir.resolve("g.txt")));
        var copyIf = aws(session, "s3api", "copy-object", "--bucket", "dev-bucket", "--key", "owner-2.txt", "--copy-source", "dev-bucket/owner.txt",
                "--copy-source-if-match", shown);
        assertEquals(0, copyIf.exit(), copyIf.err());
        var copyGuess = aws(session, "s3api", "copy-object", "--bucket", "dev-bucket", "--key", "owner-3.txt", "--copy-source", "dev-bucket/owner.txt",
                "--copy-source-if-match", "\"" + md5 + "\"");
        assertTrue(copyGuess.exit() != 0 && copyGuess.err().contains("PreconditionFailed"), copyGuess.out() + copyGuess.err());
        // PutObject's own answer is the real MD5: the client compares it with what it sent (and knows that body).
        Path body = Files.writeString(dir.resolve("up.txt"), "owner ops@example.com\n");
        var put = aws(session, "s3api", "put-object", "--bucket", "dev-bucket", "--key", "up.txt", "--body", body.toString());
        assertEquals(0, put.exit(), put.err());
        assertTrue(put.out().contains(md5), put.out());
        // `aws s3 sync` decides by size and time, not by ETag: a second sync either way copies nothing.
        Path local = Files.createDirectories(dir.resolve("sync"));
        Files.writeString(local.resolve("a.txt"), "plain text\n");
        // Older than its upload by more than the second S3 stores LastModified in: a file written in the same second
        // would be newer than its copy and sent again, whatever the ETags.
        Files.setLastModifiedTime(local.resolve("a.txt"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        for (String[] way : new String[][] {{local.toString(), "s3://dev-bucket/sync/"}, {"s3://dev-bucket/sync/", dir.resolve("back").toString()}}) {
            // Both ways list the bucket's prefix first: a second apart, or the listing is the last one's signature.
            Thread.sleep(1_100);
            var first = aws(session, "s3", "sync", way[0], way[1]);
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.out().contains("a.txt"), first.out());
            // A second later: the same listing signed in the same second is the same signature, refused as a replay.
            Thread.sleep(1_100);
            var again = aws(session, "s3", "sync", way[0], way[1]);
            assertEquals(0, again.exit(), again.err());
            assertEquals("", again.out().trim(), "nothing copied again: " + again.out());
        }
    }

    /**
     * Text in another encoding than UTF-8 was taken for binary (a NUL, or a byte UTF-8 forbids) and passed unmasked:
     * a spreadsheet's UTF-16 "Unicode text" export and a Latin-1 file. UTF-16 is masked as the text it holds, across
     * chunk boundaries, and comes back UTF-16 (its byte order mark kept); Latin-1 is masked byte for byte.
     */
    @Test
    void textInUtf16OrLatin1IsMaskedInItsOwnEncoding() throws Exception {
        StringBuilder csv = new StringBuilder("\uFEFFname,email\r\n");
        for (int i = 0; i < 20_000; i++) csv.append("row").append(i).append(",user").append(i).append("@example.com\r\n");
        fixture.s3.put("dev-bucket", "export.csv", csv.toString().getBytes(StandardCharsets.UTF_16LE));
        fixture.s3.put("dev-bucket", "old.txt", "caf\u00e9 ops@example.com \u00e0 bient\u00f4t\n".getBytes(StandardCharsets.ISO_8859_1));
        Path wide = dir.resolve("export.csv"), latin = dir.resolve("old.txt");
        var a = aws(session, "s3", "cp", "s3://dev-bucket/export.csv", wide.toString());
        var b = aws(session, "s3", "cp", "s3://dev-bucket/old.txt", latin.toString());
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        String back = new String(Files.readAllBytes(wide), StandardCharsets.UTF_16LE);
        assertTrue(back.startsWith("\uFEFFname,email\r\nrow0,[EMAIL]\r\n"), back.substring(0, 80));
        assertFalse(back.contains("@example.com"), "every email of the UTF-16 export is masked");
        assertEquals(20_000 + 1, back.split("\r\n").length, "no row lost or cut");
        assertEquals("caf\u00e9 [EMAIL] \u00e0 bient\u00f4t\n", new String(Files.readAllBytes(latin), StandardCharsets.ISO_8859_1));

        // UTF-32 (with its byte order mark, and without) was binary: three NULs beside every letter, no text to read.
        for (String order : List.of("UTF-32LE", "UTF-32BE")) {
            java.nio.charset.Charset cs = java.nio.charset.Charset.forName(order);
            String text = (order.endsWith("LE") ? "\uFEFF" : "") + "contact ops@example.com, key AKIAIOSFODNN7EXAMPLE\n".repeat(3_000);
            fixture.s3.put("dev-bucket", order + ".txt", text.getBytes(cs));
            Path got = dir.resolve(order + ".txt");
            var c = aws(session, "s3", "cp", "s3://dev-bucket/" + order + ".txt", got.toString());
            assertEquals(0, c.exit(), c.err());
            // As bytes: the JDK's UTF-32 decoder drops a byte order mark, which must come back as it was stored.
            byte[] want = text.replace("ops@example.com", "[EMAIL]").replace("AKIAIOSFODNN7EXAMPLE", "[AWS_ACCESS_KEY]").getBytes(cs);
            byte[] back32 = Files.readAllBytes(got);
            assertTrue(java.util.Arrays.equals(want, back32), order + ": " + new String(back32, 0, Math.min(back32.length, 400), cs));
        }
    }

    /**
     * S3 answers with the type the reader asks for (?response-content-type=), or the one whoever wrote the object set,
     * and hoop read the body by it: a list of emails asked for as "text/plain; charset=utf-16be" was read as UTF-16
     * (CJK characters to the detectors) and asked for as application/cbor was parsed into short CBOR strings, none of
     * them an address; both went out whole. The bytes decide now: UTF-8 stays UTF-8, UTF-16 text is read in the
     * byte order its NULs show whatever charset is asked for, and no object is read as CBOR.
     */
    @Test
    void theTypeAReaderAsksForDoesNotChangeHowAnObjectIsRead() throws Exception {
        String emails = "alice@example.com\nbob@example.org\n";
        fixture.s3.put("dev-bucket", "emails.txt", emails.getBytes(StandardCharsets.UTF_8));
        String wide = "name,email\r\ncarol,carol@example.com\r\n";
        fixture.s3.put("dev-bucket", "wide.csv", wide.getBytes(StandardCharsets.UTF_16LE));
        for (String type : List.of("text/plain; charset=utf-16be", "text/plain; charset=UTF-16", "application/cbor", "application/x-amz-cbor-1.1")) {
            Path out = dir.resolve("out.txt");
            var r = aws(session, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "emails.txt", "--response-content-type", type, out.toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals("[EMAIL]\n[EMAIL]\n", Files.readString(out), type);
            Path csv = dir.resolve("out.csv");
            r = aws(session, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "wide.csv", "--response-content-type", type, csv.toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals("name,email\r\ncarol,[EMAIL]\r\n", new String(Files.readAllBytes(csv), StandardCharsets.UTF_16LE), type);
        }
        // The SDK asks the same way; an object stored with such a type is read by its bytes too.
        try (var s3 = AwsFixture.sdk(session).build()) {
            var asked = s3.getObjectAsBytes(b -> b.bucket("dev-bucket").key("emails.txt").responseContentType("application/cbor"));
            assertEquals("[EMAIL]\n[EMAIL]\n", asked.asUtf8String());
            s3.putObject(b -> b.bucket("dev-bucket").key("typed.txt").contentType("text/plain; charset=utf-16"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(emails));
            assertEquals("[EMAIL]\n[EMAIL]\n", s3.getObjectAsBytes(b -> b.bucket("dev-bucket").key("typed.txt")).asUtf8String());
        }
    }

    /**
     * The aws CLI lists keys with EncodingType=url and decodes them to print: a key holding an email came back as
     * users/ops%40example.com in the XML, which no detector read as an email, and the CLI printed it decoded.
     */
    @Test
    void keysListedUrlEncodedAreMaskedAsTheyAreShown() throws Exception {
        fixture.s3.put("dev-bucket", "users/ops@example.com/profile.json", "{}".getBytes(StandardCharsets.UTF_8));
        fixture.s3.put("dev-bucket", "users/plain name+x/profile.json", "{}".getBytes(StandardCharsets.UTF_8));
        for (var r : List.of(aws(session, "s3", "ls", "--recursive", "s3://dev-bucket/users/"),
                // Not the request 's3 ls' just signed: the same signature again within its second is refused as a replay.
                aws(session, "s3api", "list-objects-v2", "--bucket", "dev-bucket", "--prefix", "users/", "--page-size", "100"),
                aws(session, "s3api", "list-objects", "--bucket", "dev-bucket", "--prefix", "users/"))) {
            assertEquals(0, r.exit(), r.err());
            assertFalse(r.out().contains("ops@example.com"), r.out());
            assertTrue(r.out().contains("users/[EMAIL]/profile.json") && r.out().contains("users/plain name+x/profile.json"), r.out());
        }
    }

    /**
     * User metadata comes back as response headers (x-amz-meta-*), which the aws CLI prints as the object's
     * Metadata: they passed through unmasked while the body next to them was masked.
     */
    @Test
    void secretsInObjectMetadataAreMasked() throws Exception {
        Path body = Files.writeString(dir.resolve("tagged.txt"), "plain\n");
        var put = aws(session, "s3api", "put-object", "--bucket", "dev-bucket", "--key", "tagged.txt", "--body", body.toString(),
                "--metadata", "{\"owner\":\"ops@example.com\",\"note\":\"key sk_live_0123456789abcdef\",\"plain\":\"kept as written\"}",
                "--content-disposition", "attachment; filename=\"ops@example.com.txt\"",
                // Kept by S3 as written, like user metadata: a type and caching directives are the writer's words too.
                "--content-type", "text/plain; owner=ops@example.com", "--cache-control", "max-age=60, key sk_live_0123456789abcdef");
        assertEquals(0, put.exit(), put.out() + put.err());
        Path out = dir.resolve("tagged.out");
        for (var r : List.of(aws(session, "s3api", "head-object", "--bucket", "dev-bucket", "--key", "tagged.txt"),
                aws(session, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "tagged.txt", out.toString()))) {
            assertEquals(0, r.exit(), r.err());
            JsonNode meta = JSON.readTree(r.out()).path("Metadata");
            assertEquals("[EMAIL]", meta.path("owner").asText(), r.out());
            assertEquals("key [API_SECRET]", meta.path("note").asText(), r.out());
            assertEquals("kept as written", meta.path("plain").asText(), r.out());
            assertEquals("attachment; filename=\"[EMAIL]\"", JSON.readTree(r.out()).path("ContentDisposition").asText(), r.out());
            assertEquals("text/plain; owner=[EMAIL]", JSON.readTree(r.out()).path("ContentType").asText(), r.out());
            assertEquals("max-age=60, key [API_SECRET]", JSON.readTree(r.out()).path("CacheControl").asText(), r.out());
            assertFalse(r.out().contains("ops@example.com") || r.out().contains("sk_live_"), r.out());
        }
    }

    @Test
    void deleteBucketWaitsForApprovalAndIsDeniedOnTimeout() throws Exception {
        var rb = aws(session, "s3api", "delete-bucket", "--bucket", "dev-bucket");
        assertEquals(254, rb.exit(), rb.err());
        assertTrue(rb.err().contains("AccessDenied") && rb.err().contains("aws-guard.bucket-delete"), rb.err());
        assertTrue(rb.millis() >= 1900, "waited for the approval timeout: " + rb.millis());
        assertTrue(fixture.s3.bucketExists("dev-bucket"));
    }

    @Test
    void badSignaturesAndUnknownKeysAreRejected() throws Exception {
        Map<String, String> wrong = new HashMap<>(session);
        wrong.put("AWS_SECRET_ACCESS_KEY", "not-the-session-secret-0000000000000000");
        var bad = aws(wrong, "s3", "ls", "s3://dev-bucket");
        assertTrue(bad.exit() != 0 && bad.err().contains("SignatureDoesNotMatch"), bad.err());
        Map<String, String> unknown = new HashMap<>(session);
        unknown.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        unknown.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        var stolen = aws(unknown, "s3", "ls", "s3://dev-bucket");
        assertTrue(stolen.exit() != 0 && stolen.err().contains("InvalidAccessKeyId"), "even the real JIT key is refused at hoop: " + stolen.err());
    }

    @Test
    void requestsThatWouldRedirectTheUpstreamAreRefused() throws Exception {
        java.net.URI ep = java.net.URI.create(session.get("AWS_ENDPOINT_URL"));
        String key = session.get("AWS_ACCESS_KEY_ID");
        // "@host/..." glued after the upstream's authority would make host the upstream; a scope's service names it too.
        String targetTrick = "GET @127.0.0.1:9/x HTTP/1.1\r\nHost: h\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" + key
                + "/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00\r\nX-Amz-Date: 20250101T000000Z\r\n\r\n";
        assertTrue(rawReply(ep, targetTrick).startsWith("HTTP/1.1 400"), "a non-path request target is refused");
        String serviceTrick = "GET /bucket HTTP/1.1\r\nHost: h\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" + key
                + "/20250101/us-east-1/evil.example#/aws4_request, SignedHeaders=host, Signature=00\r\nX-Amz-Date: 20250101T000000Z\r\n\r\n";
        String reply = rawReply(ep, serviceTrick);
        assertTrue(reply.startsWith("HTTP/1.1 403") && reply.contains("invalid service or region"), reply);
    }

    private static String rawReply(java.net.URI ep, String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket(ep.getHost(), ep.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            byte[] b = new byte[4096];
            int n = s.getInputStream().read(b);
            return n < 0 ? "" : new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void noLongLivedOrJitSecretInAnyOutputOrRecording() throws Exception {
        fixture.s3.put("dev-bucket", "a.txt", "hello".getBytes(StandardCharsets.UTF_8));
        var outs = List.of(aws(session, "s3", "ls", "s3://dev-bucket"), aws(session, "s3", "cp", "s3://dev-bucket/a.txt", "-"),
                aws(session, "s3api", "get-object", "--bucket", "dev-bucket", "--key", "nope", dir.resolve("x").toString()));
        var sessions = fixture.gw.hoop("sessions", "--json");
        for (String secret : List.of(AwsExecEndToEndTest.LONG_KEY, AwsExecEndToEndTest.LONG_SECRET, S3Server.SECRET_KEY, fixture.sts.sessionToken)) {
            for (Proc p : outs) assertFalse(p.out().contains(secret) || p.err().contains(secret), secret);
            assertFalse(sessions.out().contains(secret));
            assertFalse(TestDb.contains(fixture.gw, secret), "recording holds " + secret);
        }
    }
}
