package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Bodies hoop must read whole before judging (here DeleteObjects) wait in memory while the call is judged. Many
 * large ones at once must not exhaust the gateway: past its budget (gateway.request_body_memory_mb) a call is told
 * to slow down with S3's own retryable 503, and the budget comes back when a held body's connection goes.
 */
class AwsHeldBodiesTest {
    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> env = new TreeMap<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> yaml.replace("gateway: { listen: 127.0.0.1:0, store: sqlite }",
                "gateway: { listen: 127.0.0.1:0, store: sqlite, request_body_memory_mb: 17 }"));
        env.putAll(AwsFixture.env(fixture.connect()));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void largeBodiesWaitingTogetherPastTheBudgetAreToldToSlowDown() throws Exception {
        URI endpoint = URI.create(env.get("AWS_ENDPOINT_URL"));
        try (Socket held = new Socket(endpoint.getHost(), endpoint.getPort())) {
            // 16 MiB of a 17 MiB body. The write returns once the socket buffers hold the rest (several MiB on
            // loopback); hoop then reads it on: waiting a moment lets it hold all 16 before the second body comes.
            // Otherwise both grow at once and the budget may refuse the first instead (its share then comes back,
            // and the second, whole, fails its dummy signature).
            OutputStream out = held.getOutputStream();
            out.write(deleteObjectsHead(endpoint, env.get("AWS_ACCESS_KEY_ID"), 17 << 20));
            out.write(new byte[16 << 20]);
            out.flush();
            Thread.sleep(1_000);

            try (Socket second = new Socket(endpoint.getHost(), endpoint.getPort())) {
                Thread.ofVirtual().start(() -> {
                    try {
                        OutputStream o = second.getOutputStream();
                        o.write(deleteObjectsHead(endpoint, env.get("AWS_ACCESS_KEY_ID"), 12 << 20));
                        o.write(new byte[12 << 20]);
                        o.flush();
                    } catch (Exception ignored) {
                        // hoop answers before the whole body is sent and may close the connection under it
                    }
                });
                String answer = readAnswer(second.getInputStream());
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.contains("<Code>SlowDown</Code>"), answer);
            }

            // Streamed bodies are not held, so an upload goes through meanwhile.
            try (S3Client c = client()) {
                c.putObject(b -> b.bucket("dev-bucket").key("during.txt"), RequestBody.fromString("still serving"));
            }
            assertEquals("still serving", new String(fixture.s3.get("dev-bucket", "during.txt"), StandardCharsets.UTF_8));
        }
        // The held body's connection is gone: its share comes back, and a full-size DeleteObjects runs (the SDK
        // would retry a SlowDown that came first; the budget must not stay taken).
        fixture.s3.put("dev-bucket", "gone.txt", new byte[] {1});
        try (S3Client c = client()) {
            var keys = new java.util.ArrayList<ObjectIdentifier>();
            keys.add(ObjectIdentifier.builder().key("gone.txt").build());
            for (int i = 0; i < 999; i++) keys.add(ObjectIdentifier.builder().key(String.format("x/%04d/", i) + "k".repeat(1000)).build());
            var r = c.deleteObjects(b -> b.bucket("dev-bucket").delete(d -> d.objects(keys)));
            assertTrue(r.errors().isEmpty(), r.errors().toString());
        }
        assertEquals(null, fixture.s3.get("dev-bucket", "gone.txt"));
    }

    /**
     * A compressed body is inflated to be judged, and past the budget hoop tells the client to slow down, after its
     * signature was taken as used: the client's retry, signed the same within its second, was then refused as a
     * replayed request. It runs; sent again once it ran, it is a replay.
     */
    @Test
    void aRetryOfACallHoopToldToSlowDownIsNotAReplay() throws Exception {
        fixture.s3.put("dev-bucket", "gone.txt", new byte[] {1});
        URI endpoint = URI.create(env.get("AWS_ENDPOINT_URL"));
        String xml = "<Delete>" + " ".repeat(3 << 20) + "<Object><Key>gone.txt</Key></Object></Delete>";
        byte[] plain = xml.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write(plain);
        }
        Map<String, String> headers = Map.of("content-encoding", "gzip", "content-md5",
                java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(plain)));
        java.time.Instant at = java.time.Instant.now();
        try (Socket held = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = held.getOutputStream();
            out.write(deleteObjectsHead(endpoint, env.get("AWS_ACCESS_KEY_ID"), 17 << 20));
            out.write(new byte[15 << 20]);
            out.flush();
            Thread.sleep(1_000);
            String first = AwsEvasionTest.send(env, "s3", "POST", "/dev-bucket", "delete", headers, gz.toByteArray(), at);
            assertTrue(first.startsWith("HTTP/1.1 503") && first.contains("<Code>SlowDown</Code>"), first);
        }
        Thread.sleep(500); // the held body's share comes back once hoop sees its connection go
        String retried = AwsEvasionTest.send(env, "s3", "POST", "/dev-bucket", "delete", headers, gz.toByteArray(), at);
        assertTrue(retried.startsWith("HTTP/1.1 200"), retried);
        assertEquals(null, fixture.s3.get("dev-bucket", "gone.txt"));
        String replayed = AwsEvasionTest.send(env, "s3", "POST", "/dev-bucket", "delete", headers, gz.toByteArray(), at);
        assertTrue(replayed.startsWith("HTTP/1.1 403") && replayed.contains("replayed"), replayed);
    }

    /** A DeleteObjects head with the session's access key; its signature is never checked, as its body never completes. */
    static byte[] deleteObjectsHead(URI endpoint, String accessKeyId, int length) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String date = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String head = "POST /dev-bucket?delete HTTP/1.1\r\n"
                + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "x-amz-date: " + date + "\r\n"
                + "x-amz-content-sha256: " + "0".repeat(64) + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + date.substring(0, 8)
                + "/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + "0".repeat(64) + "\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    private static String readAnswer(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        int n;
        while (!sb.toString().contains("</Error>") && (n = in.read(buf)) > 0) {
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private S3Client client() {
        return AwsFixture.sdk(env)
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)).build();
    }
}
