package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * URLs presigned with a session's pseudo credential (query-string SigV4, by the SDK's own signer) are checked as
 * strictly as AWS checks them: whoever holds such a URL may send it, so only what its signer signed may be chosen
 * by it. An x-amz-* header it did not sign (x-amz-copy-source made a presigned PUT a copy of another object) is
 * refused as S3 refuses it; outside S3 the body's hash is signed (an SQS URL's body, unsigned, could be any Action),
 * and so the SDKs' presigned SQS URLs, which sign it, work.
 */
class AwsPresignedUrlsTest {
    static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    Path dir;

    /**
     * A URL presigned by the SDK's SigV4 signer; signPayload: the body's hash is signed, else UNSIGNED-PAYLOAD (as
     * S3's presigner does; the signer signs a payload it is given over plain HTTP, so none is given then).
     */
    static SdkHttpRequest presign(Map<String, String> env, String service, SdkHttpMethod method, String pathAndQuery, Map<String, String> headers,
                       byte[] body, boolean signPayload) {
        var b = SdkHttpRequest.builder().method(method).uri(URI.create(env.get("AWS_ENDPOINT_URL") + pathAndQuery));
        headers.forEach(b::putHeader);
        return AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")))
                .request(b.build()).payload(signPayload ? () -> new java.io.ByteArrayInputStream(body) : null)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service).putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signPayload)).request();
    }

    /** A presigned request sent on a raw socket as signed, with these headers and body added; the whole answer. */
    static String send(String method, SdkHttpRequest presigned, Map<String, String> headers, byte[] body) throws Exception {
        URI url = presigned.getUri();
        StringBuilder h = new StringBuilder(method + " " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n");
        h.append("host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n");
        presigned.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host") && !headers.containsKey(k.toLowerCase(java.util.Locale.ROOT))) h.append(k).append(": ").append(v.get(0)).append("\r\n");
        });
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        h.append("content-length: ").append(body.length).append("\r\nconnection: close\r\n\r\n");
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(h.toString().getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aHeaderThePresignedUrlDidNotSignIsRefused() throws Exception {
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            fixture.s3.put("dev-bucket", "other.txt", "someone else's".getBytes(StandardCharsets.UTF_8));
            SdkHttpRequest put = presign(env, "s3", SdkHttpMethod.PUT, "/dev-bucket/upload.txt", Map.of(), new byte[0], false);
            // The URL's holder makes the PUT a copy of another object: S3 refuses the unsigned header (HeadersNotSigned).
            String copied = send("PUT", put, Map.of("x-amz-copy-source", "/dev-bucket/other.txt"), new byte[0]);
            assertTrue(copied.startsWith("HTTP/1.1 403") && copied.contains("not signed: x-amz-copy-source"), copied);
            assertNull(fixture.s3.get("dev-bucket", "upload.txt"), "nothing was copied");
            String tagged = send("PUT", put, Map.of("x-amz-tagging", "owner=me"), "mine".getBytes(StandardCharsets.UTF_8));
            assertTrue(tagged.startsWith("HTTP/1.1 403") && tagged.contains("not signed: x-amz-tagging"), tagged);
            // As signed, it does what it was made for.
            String plain = send("PUT", put, Map.of(), "mine".getBytes(StandardCharsets.UTF_8));
            assertTrue(plain.startsWith("HTTP/1.1 200"), plain);
            assertArrayEquals("mine".getBytes(StandardCharsets.UTF_8), fixture.s3.get("dev-bucket", "upload.txt"));

            // A header signature and a presigned query at once: AWS takes neither.
            String both = AwsEvasionTest.send(env, "s3", "GET", "/dev-bucket", "list-type=2&X-Amz-Signature=00", Map.of(), new byte[0], Instant.now());
            assertTrue(both.startsWith("HTTP/1.1 403") && both.contains("only one auth mechanism"), both);
        }
    }

    /** A URL presigned for a week still ends with its session: the pseudo credential it was signed with is gone. */
    @Test
    void aPresignedUrlEndsWithItsSession() throws Exception {
        try (AwsFixture fixture = new AwsFixture(dir.resolve("home"))) {
            var session = fixture.connect();
            Map<String, String> env = AwsFixture.env(session);
            fixture.s3.put("dev-bucket", "p.txt", "presigned".getBytes(StandardCharsets.UTF_8));
            SdkHttpRequest get = presign(env, "s3", SdkHttpMethod.GET, "/dev-bucket/p.txt", Map.of(), new byte[0], false);
            String before = send("GET", get, Map.of(), new byte[0]);
            assertTrue(before.startsWith("HTTP/1.1 200") && before.contains("\r\npresigned\r\n"), before);
            assertTrue(fixture.gw.hoop("disconnect", session.path("id").asText()).exit() == 0);
            String after = send("GET", get, Map.of(), new byte[0]);
            assertTrue(after.startsWith("HTTP/1.1 403") && after.contains("InvalidAccessKeyId"), after);
        }
    }

    @Test
    void outsideS3APresignedUrlSignsItsBody() throws Exception {
        try (SqsServer sqs = new SqsServer();
             AwsFixture fixture = new AwsFixture(dir.resolve("home"), "", yaml -> AwsFixture.endpoint(yaml, sqs.endpoint().toString()))) {
            Map<String, String> env = AwsFixture.env(fixture.connect());
            // Presigned as S3's URLs are (UNSIGNED-PAYLOAD), the body was anyone's: SQS took the Action in it.
            byte[] other = "Action=CreateQueue&QueueName=evil".getBytes(StandardCharsets.UTF_8);
            SdkHttpRequest unsigned = presign(env, "sqs", SdkHttpMethod.POST, "/", Map.of("content-type", FORM), new byte[0], false);
            String any = send("POST", unsigned, Map.of("content-type", FORM), other);
            assertTrue(any.startsWith("HTTP/1.1 403") && any.contains("SignatureDoesNotMatch"), any);

            // As the SDK presigns an SQS call: the (empty) body's hash signed. It was refused as SignatureDoesNotMatch.
            SdkHttpRequest list = presign(env, "sqs", SdkHttpMethod.GET, "/?Action=ListQueues", Map.of(), new byte[0], true);
            String listed = send("GET", list, Map.of(), new byte[0]);
            assertTrue(listed.startsWith("HTTP/1.1 200") && listed.contains("ListQueuesResponse"), listed);

            byte[] create = "Action=CreateQueue&QueueName=jobs".getBytes(StandardCharsets.UTF_8);
            SdkHttpRequest signed = presign(env, "sqs", SdkHttpMethod.POST, "/", Map.of("content-type", FORM), create, true);
            String made = send("POST", signed, Map.of("content-type", FORM), create);
            assertTrue(made.startsWith("HTTP/1.1 200") && made.contains("/jobs"), made);
            // Another body under that URL is another call: refused.
            String swapped = send("POST", signed, Map.of("content-type", FORM), other);
            assertTrue(swapped.startsWith("HTTP/1.1 403") && swapped.contains("SignatureDoesNotMatch"), swapped);

            String queues = send("GET", presign(env, "sqs", SdkHttpMethod.GET, "/?Action=ListQueues", Map.of(), new byte[0], true), Map.of(), new byte[0]);
            assertTrue(queues.contains("/jobs"), queues);
            assertFalse(queues.contains("/evil"), "no other queue was made: " + queues);
        }
    }
}
