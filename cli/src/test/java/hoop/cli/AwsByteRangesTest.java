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
}
