package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A request body that stops arriving while hoop reads it fails as S3's RequestTimeout after client_body_timeout,
 * instead of holding its connection (and its share of the gateway's memory for held bodies) for good. A request
 * waiting for its verdict or its answer is not a stalled body.
 */
class AwsClientBodyTimeoutTest {
    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> env = new TreeMap<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> {
            assertTrue(yaml.contains("    region: us-east-1\n"), yaml);
            return yaml.replace("    region: us-east-1\n", "    region: us-east-1\n    client_body_timeout: 2s\n");
        });
        env.putAll(AwsFixture.env(fixture.connect()));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aBodyThatStopsArrivingFailsAsRequestTimeout() throws Exception {
        URI endpoint = URI.create(env.get("AWS_ENDPOINT_URL"));
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(AwsHeldBodiesTest.deleteObjectsHead(endpoint, env.get("AWS_ACCESS_KEY_ID"), 1 << 20));
            out.write(new byte[100_000]);
            out.flush();
            long t0 = System.nanoTime();
            String answer = readAll(s.getInputStream());
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("<Code>RequestTimeout</Code>"), answer);
            assertTrue(waited >= 1500 && waited < 10_000, "answered after " + waited + " ms");
        }
        // A call that takes longer than the timeout in all (its upload paced, its answer awaited) is not cut off.
        try (S3Client c = AwsFixture.sdk(env).build()) {
            byte[] data = new byte[3 << 20];
            c.putObject(b -> b.bucket("dev-bucket").key("paced.bin"),
                    RequestBody.fromContentProvider(() -> new PacedStream(data, 1 << 20, 800), data.length, "application/octet-stream"));
            assertEquals(data.length, fixture.s3.get("dev-bucket", "paced.bin").length);
        }
    }

    /** Reads until the server closes the connection: the refusal is followed by a close. */
    private static String readAll(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** Gives its bytes a piece at a time with a pause before each piece: a slow, but never stalled, upload. */
    private static final class PacedStream extends InputStream {
        private final byte[] data;
        private final int piece;
        private final long pauseMs;
        private int at;
        private int pieceLeft;

        PacedStream(byte[] data, int piece, long pauseMs) {
            this.data = data;
            this.piece = piece;
            this.pauseMs = pauseMs;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= data.length) return -1;
            if (pieceLeft == 0) {
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                pieceLeft = piece;
            }
            int n = Math.min(Math.min(len, pieceLeft), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            pieceLeft -= n;
            return n;
        }
    }
}
