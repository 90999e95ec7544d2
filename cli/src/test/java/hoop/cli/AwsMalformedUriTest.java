package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.AwsCredentials;
import hoop.core.SigV4;
import hoop.credentials.SigV4Signer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request target with a '%' not followed by two hex digits gets S3's own answer, 400 InvalidURI, signed or not. Signed,
 * it failed inside signature checking and the connection closed with no answer; unsigned, the reason given was Java's
 * NumberFormatException message. A client cannot sign such a path (its signer fails the same way): the request is
 * signed for a well-formed path and sent with the malformed one, as a broken or hostile client would.
 */
class AwsMalformedUriTest {
    private static final String EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    @Test
    void aMalformedPercentEscapeGetsInvalidUriAndOthersStillWork() throws Exception {
        try (AwsFixture fx = new AwsFixture(dir.resolve("home"))) {
            Map<String, String> env = AwsFixture.env(fx.connect());
            for (String target : List.of("/dev-bucket/a%zz", "/dev-bucket/a%4", "/dev-bucket/a?prefix=%G1", "/dev-bucket/%")) {
                String answer = send(env, target, true);
                assertTrue(answer.startsWith("HTTP/1.1 400") && answer.contains("<Code>InvalidURI</Code>"), target + ":\n" + answer);
                String unsigned = send(env, target, false);
                assertTrue(unsigned.startsWith("HTTP/1.1 400") && unsigned.contains("<Code>InvalidURI</Code>"), target + ":\n" + unsigned);
            }
            String fine = send(env, "/dev-bucket?list-type=2&prefix=%61", true);
            assertTrue(fine.startsWith("HTTP/1.1 200"), fine);
        }
    }

    /** GET target on a raw socket, signed (for the same target with each bad '%' written as %25) or not signed. */
    private static String send(Map<String, String> env, String target, boolean signed) throws Exception {
        URI base = URI.create(env.get("AWS_ENDPOINT_URL"));
        String host = base.getHost() + ":" + base.getPort();
        StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nhost: " + host + "\r\n");
        if (signed) {
            String wellFormed = target.replaceAll("%(?![0-9A-Fa-f]{2})", "%25");
            int qm = wellFormed.indexOf('?');
            Map<String, List<String>> h = new TreeMap<>();
            h.put("host", List.of(host));
            var s = new SigV4Signer().sign(new SigV4.Request("GET", qm < 0 ? wellFormed : wellFormed.substring(0, qm),
                    qm < 0 ? "" : wellFormed.substring(qm + 1), h), host, new ArrayList<>(), EMPTY_SHA,
                    new AwsCredentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), null, null), "us-east-1", "s3",
                    Instant.now());
            s.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        }
        req.append("content-length: 0\r\nconnection: close\r\n\r\n");
        try (Socket sock = new Socket(base.getHost(), base.getPort())) {
            sock.setSoTimeout(10_000);
            OutputStream out = sock.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            sock.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
