package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An object key holding a password (p/password=Hunter2) where the connection masks passwords: its value ran to the end
 * of the line, and an S3 listing is one line of XML, so the rest of the document went with it and the aws CLI got a
 * 500 for every listing of the bucket. The real CLI against s3proxy through hoop.
 */
class AwsPasswordKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyHoldingAPasswordIsMaskedAndTheListingStaysReadable() throws Exception {
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", AwsFixture::passwords)) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            byte[] body = "x".getBytes(StandardCharsets.UTF_8);
            fixture.s3.put("dev-bucket", "p/password=Hunter2", body);
            fixture.s3.put("dev-bucket", "p/plain.txt", body);
            for (String[] ls : new String[][] {{"s3api", "list-objects-v2", "--bucket", "dev-bucket", "--prefix", "p/"},
                    {"s3", "ls", "s3://dev-bucket/p/"}}) {
                AwsProxyEndToEndTest.Proc r = AwsProxyEndToEndTest.aws(dir, env, ls);
                assertEquals(0, r.exit(), String.join(" ", ls) + ": " + r.err());
                assertTrue(r.out().contains("plain.txt"), r.out());
                assertTrue(r.out().contains("password="), r.out());
                assertFalse(r.out().contains("Hunter2"), r.out());
            }
        }
    }
}
