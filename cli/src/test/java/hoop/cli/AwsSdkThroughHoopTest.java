package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.core.SigV4;
import hoop.credentials.SigV4Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** AWS SDK for Java v2 through hoop: signed streaming upload, presigned URLs, replayed signatures. */
class AwsSdkThroughHoopTest {
    @TempDir
    Path dir;
    AwsFixture fixture;
    Map<String, String> env = new TreeMap<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new AwsFixture(dir.resolve("home"));
        env.putAll(AwsFixture.env(fixture.connect()));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private S3Client client(boolean chunked) {
        return AwsFixture.sdk(env)
                // Checksums only where required: the upload is signed aws-chunked without a trailer.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(chunked).build()).build();
    }

    /** The SDK as it comes: flexible checksums (CRC32) sent as a signed trailer of an aws-chunked upload. */
    private S3Client defaultClient() {
        return AwsFixture.sdk(env).build();
    }

    @Test
    void sdkDefaultsTrailingChecksumUploadRoundTrips() throws Exception {
        byte[] data = new byte[10 << 20];
        new java.util.Random(11).nextBytes(data);
        try (S3Client c = defaultClient()) {
            c.putObject(b -> b.bucket("dev-bucket").key("default.bin"), RequestBody.fromBytes(data));
            assertArrayEquals(data, fixture.s3.get("dev-bucket", "default.bin"));
            assertArrayEquals(data, c.getObjectAsBytes(b -> b.bucket("dev-bucket").key("default.bin")).asByteArray());
            // A multipart upload's parts carry trailers too.
            String id = c.createMultipartUpload(b -> b.bucket("dev-bucket").key("mp.bin")).uploadId();
            byte[] part1 = java.util.Arrays.copyOf(data, 5 << 20);
            byte[] part2 = java.util.Arrays.copyOfRange(data, 5 << 20, 6 << 20);
            var e1 = c.uploadPart(b -> b.bucket("dev-bucket").key("mp.bin").uploadId(id).partNumber(1), RequestBody.fromBytes(part1)).eTag();
            var e2 = c.uploadPart(b -> b.bucket("dev-bucket").key("mp.bin").uploadId(id).partNumber(2), RequestBody.fromBytes(part2)).eTag();
            c.completeMultipartUpload(b -> b.bucket("dev-bucket").key("mp.bin").uploadId(id).multipartUpload(m -> m.parts(
                    p -> p.partNumber(1).eTag(e1), p -> p.partNumber(2).eTag(e2))));
            assertArrayEquals(java.util.Arrays.copyOf(data, 6 << 20), fixture.s3.get("dev-bucket", "mp.bin"));
            c.putObject(b -> b.bucket("dev-bucket").key("empty.txt"), RequestBody.empty());
            assertArrayEquals(new byte[0], fixture.s3.get("dev-bucket", "empty.txt"));
        }
    }

    /** A hand-made trailer upload, so its checksum and signatures can be wrong on purpose. */
    private HttpResponse<String> trailerUpload(String key, byte[] data, boolean signed, String checksum, boolean badTrailerSignature) throws Exception {
        return chunkedUpload(key, data, signed, checksum, badTrailerSignature, -1);
    }

    /** A hand-made signed aws-chunked upload (no trailer); chunk number tamper (from 0) has one byte changed after signing. */
    private HttpResponse<String> streamingUpload(String key, byte[] data, int tamper) throws Exception {
        return chunkedUpload(key, data, true, null, false, tamper);
    }

    /** An aws-chunked upload in 64 KiB chunks; checksum null: no trailer; tamper: a chunk changed after signing, or -1. */
    private HttpResponse<String> chunkedUpload(String key, byte[] data, boolean signed, String checksum, boolean badTrailerSignature,
                                               int tamper) throws Exception {
        URI base = URI.create(env.get("AWS_ENDPOINT_URL"));
        String host = base.getHost() + ":" + base.getPort();
        boolean trailer = checksum != null;
        String mode = (signed ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" : "STREAMING-UNSIGNED-PAYLOAD") + (trailer ? "-TRAILER" : "");
        Map<String, List<String>> h = new TreeMap<>(Map.of("host", List.of(host), "content-encoding", List.of("aws-chunked"),
                "x-amz-decoded-content-length", List.of(String.valueOf(data.length))));
        if (trailer) h.put("x-amz-trailer", List.of("x-amz-checksum-crc32"));
        SigV4Signer signer = new SigV4Signer();
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        var signedReq = signer.sign(new SigV4.Request("PUT", "/dev-bucket/" + key, "", h), host,
                h.keySet().stream().filter(k -> !k.equals("host")).toList(), mode,
                new hoop.core.AwsCredentials(env.get("AWS_ACCESS_KEY_ID"), secret, null, null), "us-east-1", "s3", Instant.now());
        var body = new java.io.ByteArrayOutputStream();
        String prev = signedReq.signature();
        int chunk = 64 << 10;
        for (int off = 0, k = 0; ; off += chunk, k++) {
            int n = Math.max(0, Math.min(chunk, data.length - off));
            byte[] part = java.util.Arrays.copyOfRange(data, Math.min(off, data.length), Math.min(off, data.length) + n);
            String head = Integer.toHexString(n);
            if (signed) {
                prev = signer.chunkSignature(secret, signedReq.amzDate(), signedReq.scope(), prev, SigV4Signer.sha256(part));
                head += ";chunk-signature=" + prev;
            }
            if (k == tamper) part[n / 2] ^= 1;
            body.writeBytes((head + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (n == 0) break;
            body.writeBytes(part);
            body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (trailer) {
            String line = "x-amz-checksum-crc32:" + checksum;
            body.writeBytes((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (signed) {
                String ts = signer.trailerSignature(secret, signedReq.amzDate(), signedReq.scope(), prev,
                        SigV4Signer.sha256((badTrailerSignature ? "x-amz-checksum-crc32:AAAAAA==" : line).concat("\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                body.writeBytes(("x-amz-trailer-signature:" + ts + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/dev-bucket/" + key))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        h.forEach((k, v) -> { if (!k.equals("host")) b.header(k, v.get(0)); });
        signedReq.headers().forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * DeleteObjects is read whole before it is judged (it names its keys in its body). Its limit is S3's, 1,000 keys
     * of up to 1,024 bytes: a full request runs past a megabyte, and must not be refused for its size.
     */
    @Test
    void aFullDeleteObjectsRequestIsJudgedAndRuns() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String key = String.format("batch/%04d/", i) + "k".repeat(1013); // 1,024 bytes, S3's longest
            keys.add(key);
            fixture.s3.put("dev-bucket", key, new byte[] {1});
        }
        try (S3Client c = client(false)) {
            var deleted = c.deleteObjects(b -> b.bucket("dev-bucket").delete(d -> d.objects(
                    keys.stream().map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(k).build()).toList())));
            assertEquals(1000, deleted.deleted().size(), deleted.errors().toString());
        }
        for (String k : keys) assertEquals(null, fixture.s3.get("dev-bucket", k));
    }

    @Test
    void aStreamingUploadWithOneTamperedChunkIsRefused() throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(8).nextBytes(data);
        var ok = streamingUpload("c.bin", data, -1);
        assertEquals(200, ok.statusCode(), ok.body());
        assertArrayEquals(data, fixture.s3.get("dev-bucket", "c.bin"));
        var bad = streamingUpload("c-bad.bin", data, 2);
        assertEquals(403, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("SignatureDoesNotMatch"), bad.body());
        assertEquals(null, fixture.s3.get("dev-bucket", "c-bad.bin"), "nothing of a refused upload is stored");
    }

    private static String crc32(byte[] data) {
        var c = new java.util.zip.CRC32();
        c.update(data);
        return java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    @Test
    void unsignedTrailerUploadIsCheckedAndAWrongChecksumRefused() throws Exception {
        byte[] data = new byte[300_000];
        new java.util.Random(5).nextBytes(data);
        var ok = trailerUpload("u.bin", data, false, crc32(data), false);
        assertEquals(200, ok.statusCode(), ok.body());
        assertArrayEquals(data, fixture.s3.get("dev-bucket", "u.bin"));
        var bad = trailerUpload("u-bad.bin", data, false, crc32(new byte[] {1}), false);
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("BadDigest"), bad.body());
        assertEquals(null, fixture.s3.get("dev-bucket", "u-bad.bin"));
    }

    @Test
    void signedTrailerWithAWrongChecksumOrTrailerSignatureIsRefused() throws Exception {
        byte[] data = new byte[200_000];
        new java.util.Random(6).nextBytes(data);
        var ok = trailerUpload("s.bin", data, true, crc32(data), false);
        assertEquals(200, ok.statusCode(), ok.body());
        assertArrayEquals(data, fixture.s3.get("dev-bucket", "s.bin"));
        var badSum = trailerUpload("s-sum.bin", data, true, crc32(new byte[] {2}), false);
        assertEquals(400, badSum.statusCode(), badSum.body());
        assertTrue(badSum.body().contains("BadDigest"), badSum.body());
        var badSig = trailerUpload("s-sig.bin", data, true, crc32(data), true);
        assertEquals(403, badSig.statusCode(), badSig.body());
        assertTrue(badSig.body().contains("SignatureDoesNotMatch"), badSig.body());
        assertEquals(null, fixture.s3.get("dev-bucket", "s-sum.bin"));
        assertEquals(null, fixture.s3.get("dev-bucket", "s-sig.bin"));
    }

    @Test
    void signedStreamingUploadIsCheckedChunkByChunkAndStoredWhole() throws Exception {
        byte[] data = new byte[10 << 20];
        new java.util.Random(9).nextBytes(data);
        try (S3Client c = client(true)) {
            c.putObject(b -> b.bucket("dev-bucket").key("sdk.bin"), RequestBody.fromBytes(data));
            assertArrayEquals(data, fixture.s3.get("dev-bucket", "sdk.bin"));
            assertArrayEquals(data, c.getObjectAsBytes(b -> b.bucket("dev-bucket").key("sdk.bin")).asByteArray());
            assertTrue(c.listObjectsV2(b -> b.bucket("dev-bucket")).contents().stream().anyMatch(o -> o.key().equals("sdk.bin")));
            S3Exception denied = assertThrows(S3Exception.class, () -> c.deleteBucket(b -> b.bucket("dev-bucket")));
            assertEquals(403, denied.statusCode());
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        }
    }

    @Test
    void aLargeTextObjectIsMaskedThroughoutAndABinaryOneKeepsItsLength() throws Exception {
        StringBuilder text = new StringBuilder();
        StringBuilder masked = new StringBuilder();
        for (int i = 0; text.length() < (3 << 20); i++) {
            text.append("line ").append(i).append(" contact ops").append(i % 7).append("@example.com\n");
            masked.append("line ").append(i).append(" contact [EMAIL]\n");
        }
        fixture.s3.put("dev-bucket", "big.txt", text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] bin = new byte[3 << 20];
        new java.util.Random(8).nextBytes(bin);
        fixture.s3.put("dev-bucket", "big.bin", bin);
        try (S3Client c = client(false)) {
            assertEquals(masked.toString(), c.getObjectAsBytes(b -> b.bucket("dev-bucket").key("big.txt")).asUtf8String());
            var got = c.getObjectAsBytes(b -> b.bucket("dev-bucket").key("big.bin"));
            assertArrayEquals(bin, got.asByteArray());
            assertEquals(bin.length, got.response().contentLength());
        }
    }

    @Test
    void presignedUrlWorksUntilItExpires() throws Exception {
        fixture.s3.put("dev-bucket", "p.txt", "presigned body".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (S3Presigner p = S3Presigner.builder().endpointOverride(URI.create(env.get("AWS_ENDPOINT_URL"))).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
                .build()) {
            URI url = p.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(g -> g.bucket("dev-bucket").key("p.txt")))
                    .url().toURI();
            HttpClient http = HttpClient.newHttpClient();
            var ok = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("presigned body", ok.body());
            URI tampered = URI.create(url.toString().replace("p.txt", "q.txt"));
            var bad = http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, bad.statusCode());
            assertTrue(bad.body().contains("SignatureDoesNotMatch"), bad.body());
        }
    }

    @Test
    void aReplayedSignatureIsRefused() throws Exception {
        URI base = URI.create(env.get("AWS_ENDPOINT_URL"));
        String host = base.getHost() + ":" + base.getPort();
        SigV4.Request r = new SigV4.Request("GET", "/dev-bucket", "list-type=2", Map.of("host", List.of(host)));
        var signed = new SigV4Signer().sign(r, host, List.of(), "UNSIGNED-PAYLOAD",
                new hoop.core.AwsCredentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), null, null),
                "us-east-1", "s3", Instant.now());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/dev-bucket?list-type=2"));
        signed.headers().forEach(b::header);
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        var again = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, again.statusCode());
        assertTrue(again.body().contains("replayed"), again.body());
    }
}
