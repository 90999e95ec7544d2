package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A connection that sends half a request head, nothing at all, or nothing more after its answers would hold its
 * socket for good: a begun head past client_header_timeout is answered as S3's RequestTimeout, a silent connection
 * is closed after it (fresh) or after keepalive_timeout (used). A call waiting for its review is not idle.
 */
class AwsClientTimeoutsTest {
    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> env = new TreeMap<>();
    URI endpoint;

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"), "", AwsFixture.rulesBeforeProd(
                "- { name: slow-review, action: review, match: { operation: [\"s3:GetObject\"], resource: [\"arn:aws:s3:::dev-bucket/reviewed*\"] }, timeout: 3s, on_timeout: allow }")
                .andThen(yaml -> {
                    assertTrue(yaml.contains("    region: us-east-1\n"), yaml);
                    return yaml.replace("    region: us-east-1\n", "    region: us-east-1\n    client_header_timeout: 2s\n    keepalive_timeout: 1s\n");
                })::apply);
        env.putAll(AwsFixture.env(fixture.connect()));
        endpoint = URI.create(env.get("AWS_ENDPOINT_URL"));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aHalfSentHeadIsAnsweredRequestTimeoutAndClosedWhileOthersAreServed() throws Exception {
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            s.setSoTimeout(15_000);
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write(("GET /dev-bucket/a.txt HTTP/1.1\r\nHost: " + endpoint.getAuthority() + "\r\nx-amz-date: 2026")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Another client is served meanwhile.
            try (S3Client c = AwsFixture.sdk(env).build()) {
                c.putObject(b -> b.bucket("dev-bucket").key("during.txt"), RequestBody.fromString("served"));
            }
            assertEquals("served", new String(fixture.s3.get("dev-bucket", "during.txt"), StandardCharsets.UTF_8));
            String answer = readToEnd(s.getInputStream());
            long waited = millisSince(t0);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("<Code>RequestTimeout</Code>"), answer);
            assertTrue(waited >= 1800 && waited < 6_000, "answered and closed after " + waited + " ms");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws Exception {
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            s.setSoTimeout(15_000);
            long t0 = System.nanoTime();
            assertEquals("", readToEnd(s.getInputStream()), "closed without an answer");
            long waited = millisSince(t0);
            assertTrue(waited >= 1800 && waited < 6_000, "closed after " + waited + " ms");
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedButOneWaitingForItsReviewIsNot() throws Exception {
        fixture.s3.put("dev-bucket", "p.txt", "plain body".getBytes(StandardCharsets.UTF_8));
        fixture.s3.put("dev-bucket", "reviewed.txt", "reviewed body".getBytes(StandardCharsets.UTF_8));
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            s.setSoTimeout(15_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            // Two calls on one connection, the second after a pause shorter than keepalive_timeout.
            out.write(get(presigned("p.txt")));
            out.flush();
            assertEquals("plain body", answer(in));
            Thread.sleep(500);
            out.write(get(presigned("p.txt")));
            out.flush();
            assertEquals("plain body", answer(in));
            long t0 = System.nanoTime();
            assertEquals(-1, in.read(), "an idle connection is closed quietly");
            long waited = millisSince(t0);
            assertTrue(waited >= 800 && waited < 5_000, "closed after " + waited + " ms");
        }
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            s.setSoTimeout(15_000);
            long t0 = System.nanoTime();
            s.getOutputStream().write(get(presigned("reviewed.txt")));
            s.getOutputStream().flush();
            // The review outlasts both keepalive_timeout and client_header_timeout; its answer still comes here.
            assertEquals("reviewed body", answer(s.getInputStream()));
            assertTrue(millisSince(t0) >= 2_500, "the review waited " + millisSince(t0) + " ms");
        }
    }

    @Test
    void anAnswerReadSlowlyIsNotCutWhileItIsStillOnItsWay() throws Exception {
        byte[] data = new byte[6 << 20];
        new java.util.Random(7).nextBytes(data);
        fixture.s3.put("dev-bucket", "big.bin", data);
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 << 10);  // fixed, so the kernel does not take the whole answer off hoop's hands
            s.connect(new java.net.InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
            s.setSoTimeout(15_000);
            s.getOutputStream().write(get(presigned("big.bin")));
            s.getOutputStream().flush();
            // About 0.8 MB/s: hoop has all of the answer long before the client has read it (its last megabyte or
            // so waits in hoop's buffer for longer than keepalive_timeout), yet the connection is not idle.
            InputStream slow = new InputStream() {
                final InputStream in = s.getInputStream();
                int sinceNap;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (sinceNap >= 16 << 10) {
                        sinceNap = 0;
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    int n = in.read(b, off, Math.min(len, (16 << 10) - sinceNap));
                    if (n > 0) sinceNap += n;
                    return n;
                }
            };
            byte[] body = answerBytes(slow);
            assertEquals(data.length, body.length, "the whole answer came");
            assertTrue(java.util.Arrays.equals(data, body), "as stored");
        }
    }

    private URI presigned(String key) {
        try (S3Presigner p = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .build()) {
            return URI.create(p.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(g -> g.bucket("dev-bucket").key(key)))
                    .url().toString());
        }
    }

    private static byte[] get(URI url) {
        return ("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getRawAuthority() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static String answer(InputStream in) throws IOException {
        return new String(answerBytes(in), StandardCharsets.UTF_8);
    }

    /** One HTTP/1.1 answer's body (Content-Length or chunked); fails unless it is a 200. */
    static byte[] answerBytes(InputStream in) throws IOException {
        String head = line(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        long length = -1;
        boolean chunked = false;
        for (String h; !(h = line(in)).isEmpty(); ) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (!chunked) {
            body.write(in.readNBytes((int) length));
        } else {
            for (int n; (n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0; ) {
                body.write(in.readNBytes(n));
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
        }
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("the connection closed inside an answer: " + sb);
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    /** Reads until the server closes the connection. */
    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
