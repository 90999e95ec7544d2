package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.SigV4;
import hoop.credentials.SigV4Signer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Answers hoop holds whole to mask them (listings, CBOR answers) and pieces it inflates from gzip stay in memory
 * beside the request bodies held for judging: they draw from the same gateway budget
 * (gateway.request_body_memory_mb), so many at once get S3's retryable 503 SlowDown instead of exhausting the heap,
 * and the budget comes back when an answer has been written or its connection goes.
 */
class AwsHeldAnswersTest {
    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> env = new TreeMap<>();
    URI endpoint;

    com.sun.net.httpserver.HttpServer api;

    /** The fixture with the smallest budget (17 MiB); edit may change the rest of its YAML. */
    void start(java.util.function.UnaryOperator<String> edit) throws Exception {
        fixture = new AwsFixture(dir.resolve("home"), "", yaml -> edit.apply(yaml.replace("gateway: { listen: 127.0.0.1:0, store: sqlite }",
                "gateway: { listen: 127.0.0.1:0, store: sqlite, request_body_memory_mb: 17 }")));
        env.putAll(AwsFixture.env(fixture.connect()));
        endpoint = URI.create(env.get("AWS_ENDPOINT_URL"));
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) fixture.close();
        if (api != null) api.stop(0);
    }

    @Test
    void heldAnswersShareTheBudgetOfHeldRequestBodies() throws Exception {
        start(yaml -> yaml);
        for (int i = 0; i < 100; i++) fixture.s3.put("dev-bucket", "list/" + "k".repeat(200) + i, new byte[] {1});
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 5_000; i++) log.append("line ").append(i).append(" owner ops@example.com\n");
        fixture.s3.put("dev-bucket", "app.log.gz", AwsContentEncodingTest.gzip(log.toString().getBytes(StandardCharsets.UTF_8)));

        try (Socket held = new Socket(endpoint.getHost(), endpoint.getPort()); S3Client c = noRetries()) {
            // All but 16 KiB of the 17 MiB budget held by a DeleteObjects body that never completes.
            OutputStream out = held.getOutputStream();
            out.write(AwsHeldBodiesTest.deleteObjectsHead(endpoint, env.get("AWS_ACCESS_KEY_ID"), 17 << 20));
            out.write(new byte[(17 << 20) - (16 << 10)]);
            out.flush();
            Thread.sleep(1_000);  // hoop reads what the socket holds: the body is then held whole

            S3Exception list = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> c.listObjectsV2(b -> b.bucket("dev-bucket").prefix("list/")));
            assertEquals(503, list.statusCode(), list.getMessage());
            assertEquals("SlowDown", list.awsErrorDetails().errorCode());
            S3Exception gz = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> c.getObjectAsBytes(b -> b.bucket("dev-bucket").key("app.log.gz")));
            assertEquals(503, gz.statusCode(), gz.getMessage());
            assertEquals("SlowDown", gz.awsErrorDetails().errorCode());
        }
        // The held body's connection is gone: its share is back, and the same answers come, masked.
        try (S3Client c = noRetries()) {
            assertEquals(100, c.listObjectsV2(b -> b.bucket("dev-bucket").prefix("list/")).contents().size());
            byte[] got = c.getObjectAsBytes(b -> b.bucket("dev-bucket").key("app.log.gz")).asByteArray();
            String text = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(got)).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("line 0 owner "), text.substring(0, 40));
            assertFalse(text.contains("ops@example.com"), "masked");
        }
    }

    @Test
    void concurrentHeldAnswersPastTheBudgetAreToldToSlowDownAndServedOnceItIsBack() throws Exception {
        // Kinesis cannot run here: a stand-in answers in CBOR, as Kinesis does to SDKs that ask for it, and can hold
        // one answer's last bytes back, so hoop holds the rest of it meanwhile.
        var held = new java.util.concurrent.CountDownLatch(1);
        var started = new java.util.concurrent.CountDownLatch(1);
        api = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        api.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] cbor = cborRecord(10 << 20);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-cbor-1.1");
            ex.sendResponseHeaders(200, cbor.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(cbor, 0, cbor.length - 100);
                o.flush();
                if (body.contains("slow")) {
                    started.countDown();
                    held.await();
                }
                o.write(cbor, cbor.length - 100, 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        api.start();
        start(yaml -> AwsFixture.endpoint(yaml, "http://127.0.0.1:" + api.getAddress().getPort()));

        try (Socket slow = new Socket(endpoint.getHost(), endpoint.getPort())) {
            slow.setSoTimeout(60_000);  // a bound, not a time check: a loaded machine masks 10 MiB slowly
            slow.getOutputStream().write(signedKinesis("{\"StreamName\":\"slow\"}"));
            slow.getOutputStream().flush();
            assertTrue(started.await(20, java.util.concurrent.TimeUnit.SECONDS));
            Thread.sleep(500);  // hoop holds the 10 MiB that came of the slow answer

            try (Socket second = new Socket(endpoint.getHost(), endpoint.getPort())) {
                second.setSoTimeout(60_000);  // a bound, not a time check: a loaded machine masks 10 MiB slowly
                second.getOutputStream().write(signedKinesis("{\"StreamName\":\"second\"}"));
                second.getOutputStream().flush();
                String answer = readAnswer(second.getInputStream());
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer.substring(0, Math.min(300, answer.length())));
                assertTrue(answer.contains("ThrottlingException"), answer);
                assertFalse(answer.contains("xxxxxxxxxx"), "nothing of the answer went out");
            }
            held.countDown();
            String first = readAnswer(slow.getInputStream());
            assertTrue(first.startsWith("HTTP/1.1 200"), first.substring(0, Math.min(300, first.length())));
        }
        // The slow answer was written: its memory is back, and the next one is served whole.
        try (Socket third = new Socket(endpoint.getHost(), endpoint.getPort())) {
            third.setSoTimeout(60_000);  // a bound, not a time check: a loaded machine masks 10 MiB slowly
            third.getOutputStream().write(signedKinesis("{\"StreamName\":\"third\"}"));
            third.getOutputStream().flush();
            String answer = readAnswer(third.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer.substring(0, Math.min(300, answer.length())));
            assertTrue(answer.length() > 10 << 20, "the whole answer: " + answer.length());
        }
    }

    @Test
    void anAnswerTooLargeToHoldIsRefusedInTheProtocolsWordsNotCutOff() throws Exception {
        // S3 pages hold at most 1,000 keys; a server that sends one listing (or a CBOR answer) over the 16 MiB hoop
        // holds to mask it got its client's connection cut, which SDKs retry and then report as a network failure.
        api = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            boolean kinesis = ex.getRequestHeaders().containsKey("X-amz-target");
            boolean fits = String.valueOf(ex.getRequestURI().getRawQuery()).contains("prefix=fits");
            byte[] answer = kinesis ? cborRecord(17 << 20) : bigListing(fits ? 4 << 20 : 17 << 20);
            ex.getResponseHeaders().set("Content-Type", kinesis ? "application/x-amz-cbor-1.1" : "application/xml");
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(answer);
            } catch (java.io.IOException closedByHoop) {
                // hoop stops reading once it refuses the answer
            }
        });
        api.start();
        start(yaml -> AwsFixture.endpoint(yaml, "http://127.0.0.1:" + api.getAddress().getPort()));

        try (S3Client c = noRetries()) {
            S3Exception list = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
                    () -> c.listObjectsV2(b -> b.bucket("dev-bucket")));
            assertEquals(403, list.statusCode(), list.getMessage());
            assertTrue(list.getMessage().contains("listing over 16 MiB cannot be masked"), list.getMessage());
        }
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            s.setSoTimeout(60_000);  // a bound, not a time check: a loaded machine masks 10 MiB slowly
            s.getOutputStream().write(signedKinesis("{\"StreamName\":\"big\"}"));
            s.getOutputStream().flush();
            String answer = readAnswer(s.getInputStream());
            // The JSON protocols' AccessDeniedException comes with 400, as AWS sends it.
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer.substring(0, Math.min(300, answer.length())));
            assertTrue(answer.contains("AccessDeniedException") && answer.contains("CBOR cannot be masked"), answer);
            assertFalse(answer.contains("xxxxxxxxxx"), "nothing of the answer went out");
        }
        // Refusing gave the budget (17 MiB here) back: a 4 MiB listing is held and served whole.
        try (S3Client c = noRetries()) {
            assertTrue(c.listObjectsV2(b -> b.bucket("dev-bucket").prefix("fits")).contents().size() > 4_000);
        }
    }

    /** An S3 ListObjectsV2 page of at least n bytes. */
    private static byte[] bigListing(int n) {
        StringBuilder b = new StringBuilder(n + 4096).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>dev-bucket</Name>");
        for (int i = 0; b.length() < n; i++) {
            b.append("<Contents><Key>k/").append("x".repeat(900)).append(i).append("</Key><Size>1</Size></Contents>");
        }
        return b.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A CBOR map {"Data": n bytes of text}. */
    private static byte[] cborRecord(int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(n + 16);
        b.write(0xA1);
        b.write(0x64);
        b.writeBytes("Data".getBytes(StandardCharsets.US_ASCII));
        b.write(0x5A);
        for (int s = 24; s >= 0; s -= 8) b.write(n >>> s);
        byte[] text = new byte[n];
        java.util.Arrays.fill(text, (byte) 'x');
        b.writeBytes(text);
        return b.toByteArray();
    }

    /** A Kinesis DescribeStream signed for the session; its body makes each signature a new one. */
    private byte[] signedKinesis(String json) throws Exception {
        String host = endpoint.getHost() + ":" + endpoint.getPort();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        SigV4.Request r = new SigV4.Request("POST", "/", "", Map.of("host", List.of(host),
                "x-amz-target", List.of("Kinesis_20131202.DescribeStream"), "content-type", List.of("application/x-amz-json-1.1")));
        var signed = new SigV4Signer().sign(r, host, List.of("content-type", "x-amz-target"), sha,
                new hoop.core.AwsCredentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), null, null),
                "us-east-1", "kinesis", Instant.now());
        StringBuilder req = new StringBuilder("POST / HTTP/1.1\r\nHost: " + host + "\r\nX-Amz-Target: Kinesis_20131202.DescribeStream\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: " + body.length + "\r\n");
        signed.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** One whole answer: its head, then its body by Content-Length or chunks, as text. */
    private static String readAnswer(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) return head.toString(StandardCharsets.ISO_8859_1);
            head.write(c);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        String lower = h.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            body.writeBytes(in.readNBytes(Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim())));
        } else {
            for (int n; (n = Integer.parseInt(line(in).trim(), 16)) > 0; ) {
                body.writeBytes(in.readNBytes(n));
                line(in);
            }
            line(in);
        }
        return h + body.toString(StandardCharsets.ISO_8859_1);
    }

    private static String line(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new java.io.EOFException("closed inside an answer");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    private S3Client noRetries() {
        return AwsFixture.sdk(env).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
