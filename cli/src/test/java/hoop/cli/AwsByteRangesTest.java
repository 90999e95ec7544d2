package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects read in byte ranges: the aws CLI downloads anything over 8 MiB in 8 MiB ranges. A text object's ranges were
 * refused (a piece of a secret is no secret to a detector), so `aws s3 cp` of a large log failed; a binary object's
 * passed, the text in them unread. Each range is now asked of the upstream with a margin of context, masked keeping
 * its offsets and cut back: the CLI assembles a file of the object's length, every secret masked, a secret cut by a
 * range boundary too. Real aws CLI and SDK v2 against s3proxy through hoop.
 */
class AwsByteRangesTest {
    private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final int PART = 8 << 20;

    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
        env = AwsFixture.env(fixture.connect());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aLargeTextObjectDownloadsInRangesMaskedWithItsLength() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; log.length() < PART + (1 << 20); i++) {
            log.append("2026-11-30 request ").append(i).append(" from user").append(i % 97).append("@example.com ok\n");
        }
        // One address and one key cut by the CLI's first range boundary.
        log.insert(PART - 10, " ops@example.com ").insert(PART + 30_000 - 8, " id=" + KEY + " ");
        byte[] data = log.toString().getBytes(StandardCharsets.UTF_8);
        fixture.s3.put("dev-bucket", "big.log", data);
        Path out = dir.resolve("big.log");
        var cp = AwsProxyEndToEndTest.aws(dir, env, "s3", "cp", "s3://dev-bucket/big.log", out.toString());
        assertEquals(0, cp.exit(), cp.err());
        byte[] back = Files.readAllBytes(out);
        assertEquals(data.length, back.length);
        String shown = new String(back, StandardCharsets.UTF_8);
        assertFalse(shown.contains("@example.com"), "every address masked, the one across the boundary too");
        assertFalse(shown.contains("IOSFODNN7"));
        assertTrue(shown.startsWith("2026-11-30 request 0 from [EMAIL]*"), shown.substring(0, 60));
        // Masked in place: every line is where it was.
        assertEquals(log.toString().split("\n").length, shown.split("\n").length);
    }

    @Test
    void aSecretInABinaryObjectCutByARangeBoundaryIsMasked() throws Exception {
        byte[] data = new byte[PART + (2 << 20)];
        new java.util.Random(3).nextBytes(data);
        int at = PART - 7;
        byte[] secret = ("key=" + KEY).getBytes(StandardCharsets.ISO_8859_1);
        data[at - 1] = 0;
        System.arraycopy(secret, 0, data, at, secret.length);
        data[at + secret.length] = 0;
        fixture.s3.put("dev-bucket", "disk.img", data);
        Path out = dir.resolve("disk.img");
        var cp = AwsProxyEndToEndTest.aws(dir, env, "s3", "cp", "s3://dev-bucket/disk.img", out.toString());
        assertEquals(0, cp.exit(), cp.err());
        byte[] back = Files.readAllBytes(out);
        assertEquals(data.length, back.length);
        assertFalse(new String(back, StandardCharsets.ISO_8859_1).contains("IOSFODNN7"));
        assertArrayEquals(Arrays.copyOf(data, at), Arrays.copyOf(back, at));
        assertArrayEquals(Arrays.copyOfRange(data, at + secret.length, data.length), Arrays.copyOfRange(back, at + secret.length, data.length));
    }

    @Test
    void everyFormOfRangeIsAnsweredAsS3AnswersIt() throws Exception {
        byte[] data = ("contact ops@example.com about " + KEY + " please\n").getBytes(StandardCharsets.UTF_8);
        fixture.s3.put("dev-bucket", "note.txt", data);
        try (S3Client s3 = AwsFixture.sdk(env).build()) {
            // Pieces that each hold part of the address or the key; read one after another they spell nothing.
            StringBuilder pieces = new StringBuilder();
            for (int from = 0; from < data.length; from += 12) {
                String range = "bytes=" + from + "-" + (from + 11);
                var r = s3.getObjectAsBytes(b -> b.bucket("dev-bucket").key("note.txt").range(range));
                assertEquals("bytes " + from + "-" + Math.min(from + 11, data.length - 1) + "/" + data.length, r.response().contentRange());
                pieces.append(r.asUtf8String());
            }
            assertEquals(data.length, pieces.length());
            assertFalse(pieces.toString().contains("ops@") || pieces.toString().contains("example.com") || pieces.toString().contains("IOSFODNN"),
                    pieces.toString());
            int n = data.length;
            String tail = "bytes " + (n - 7) + "-" + (n - 1) + "/" + n;
            for (String[] c : List.of(new String[] {"bytes=-7", tail, "please\n"}, new String[] {"bytes=" + (n - 7) + "-", tail, "please\n"},
                    new String[] {"bytes=0-6", "bytes 0-6/" + n, "contact"}, new String[] {"bytes=" + (n - 7) + "-1000", tail, "please\n"})) {
                var r = s3.getObjectAsBytes(b -> b.bucket("dev-bucket").key("note.txt").range(c[0]));
                assertEquals(c[1], r.response().contentRange(), c[0]);
                assertEquals(c[2], r.asUtf8String(), c[0]);
            }
            S3Exception past = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> s3.getObjectAsBytes(b -> b.bucket("dev-bucket").key("note.txt").range("bytes=" + (data.length + 2) + "-" + (data.length + 12))));
            assertEquals(416, past.statusCode());
            // The whole object is still masked as text.
            assertEquals("contact [EMAIL] about [AWS_ACCESS_KEY] please\n", s3.getObjectAsBytes(b -> b.bucket("dev-bucket").key("note.txt")).asUtf8String());
        }
    }

    /** A GET on a raw socket, signed with the session's pseudo credential; headers may repeat. The whole answer. */
    private byte[] rawGet(String rawPath, String rawQuery, List<String[]> extra) throws Exception {
        java.net.URI base = java.net.URI.create(env.get("AWS_ENDPOINT_URL"));
        String host = base.getHost() + ":" + base.getPort();
        Map<String, List<String>> h = new java.util.TreeMap<>();
        h.put("host", List.of(host));
        for (String[] e : extra) h.computeIfAbsent(e[0], k -> new java.util.ArrayList<>()).add(e[1]);
        var signed = new hoop.credentials.SigV4Signer().sign(new hoop.core.SigV4.Request("GET", rawPath, rawQuery, h), host,
                new java.util.ArrayList<>(h.keySet()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                new hoop.core.AwsCredentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), null, null), "us-east-1", "s3",
                java.time.Instant.now());
        StringBuilder req = new StringBuilder("GET " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " HTTP/1.1\r\nhost: " + host + "\r\n");
        for (String[] e : extra) req.append(e[0]).append(": ").append(e[1]).append("\r\n");
        signed.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("connection: close\r\n\r\n");
        try (java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
            return s.getInputStream().readAllBytes();
        }
    }

    /**
     * The margin was only asked for when every query parameter was one hoop listed as a plain read's: with ?prefix=x,
     * ?max-keys=1 (both ignored by a GetObject), ?partNumber=1, or the Range header given twice, s3proxy served the
     * range as asked, and a binary object's key cut where the client chose came out in two unrecognized pieces.
     */
    @Test
    void aRangeIsWidenedWhateverElseTheRequestSays() throws Exception {
        byte[] data = new byte[64 << 10];
        new java.util.Random(3).nextBytes(data);
        int at = 40_000;
        byte[] secret = ("key=" + KEY).getBytes(StandardCharsets.ISO_8859_1);
        data[at - 1] = 0;
        System.arraycopy(secret, 0, data, at, secret.length);
        data[at + secret.length] = 0;
        fixture.s3.put("dev-bucket", "disk.img", data);
        int cut = at + 14; // "key=AKIAIOSFOD" | "NN7EXAMPLE"
        String head = "bytes=0-" + (cut - 1), tail = "bytes=" + cut + "-";
        for (String q : List.of("prefix=x", "max-keys=1", "x-id=GetObject")) {
            for (String range : List.of(head, tail)) {
                String a = new String(rawGet("/dev-bucket/disk.img", q, List.<String[]>of(new String[] {"range", range})), StandardCharsets.ISO_8859_1);
                assertTrue(a.startsWith("HTTP/1.1 206"), q + " " + range + ": " + a.substring(0, a.indexOf("\r\n")));
                assertFalse(a.contains("AKIAIOSFOD") || a.contains("NN7EXAMPLE"), q + " " + range + ": a piece of the key");
            }
        }
        // Ranges hoop cannot widen are refused, not served as asked.
        for (List<String[]> extra : List.of(List.of(new String[] {"range", head}, new String[] {"range", head}),
                List.<String[]>of(new String[] {"range", head + ",60000-60001"}))) {
            String a = new String(rawGet("/dev-bucket/disk.img", "", extra), StandardCharsets.ISO_8859_1);
            assertTrue(a.startsWith("HTTP/1.1 400") && a.contains("InvalidRequest"), a.substring(0, Math.min(a.length(), 400)));
            assertFalse(a.contains("AKIAIOSFOD"));
        }
        String a = new String(rawGet("/dev-bucket/disk.img", "partNumber=1", List.<String[]>of(new String[] {"range", head})), StandardCharsets.ISO_8859_1);
        assertTrue(a.startsWith("HTTP/1.1 400") && a.contains("partNumber"), a.substring(0, Math.min(a.length(), 400)));
        assertFalse(a.contains("AKIAIOSFOD"));
    }
}
